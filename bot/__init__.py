"""runclub-bot: a Discord bot that tells runners who lift whether, and how hard, to run."""

__version__ = "0.1.0"
