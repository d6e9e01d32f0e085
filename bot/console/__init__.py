"""The offline console: the same actions as on Discord, typed and rendered as text."""
