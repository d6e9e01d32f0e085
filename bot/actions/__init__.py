"""Command logic shared by every front end: options in, store and core called, a Reply out.

Nothing here imports discord; the cogs and the offline console are thin shells around it.
"""
