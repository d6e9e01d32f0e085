"""`python -m bot` is the same as the `runclub-bot` console script."""

from bot.cli import main

# Guarded: the chart worker is a spawned process, which imports the main module again.
if __name__ == "__main__":
    raise SystemExit(main())
