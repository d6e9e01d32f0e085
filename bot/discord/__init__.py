"""The Discord front end: the bot, its command tree, sync, the reply adapter and the cogs.

Imports here are absolute, so `import discord` always means the library.
"""
