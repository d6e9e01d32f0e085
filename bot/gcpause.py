"""Garbage-collector settings for a long-running bot: short pauses under load.

After start-up the heap holds a large, long-lived set of objects (discord.py's caches, the
command tree, pydantic's model machinery, the imported modules). CPython's default thresholds
(700, 10, 10) make a full (generation 2) collection walk all of them every ~70,000 net
allocations: measured on the old bot, 90-97 ms with the event loop stopped. So, once start-up
is done:

* `gc.freeze()` moves everything alive into the permanent generation, which no collection
  walks again (it is still freed normally by reference counting);
* the thresholds below trade a few more young objects per collection (a generation-0 pass
  over 10,000 young objects stays well under a millisecond) for ten times fewer passes, and
  make full collections rare, since what survives a burst is mostly short-lived interaction
  state that dies with it.

scripts/bench.py records every pause (gc.callbacks) during a burst and a daily-post tick; the
README's benchmark section has the figures before and after.
"""

from __future__ import annotations

import gc

# (generation 0 allocations, gen-0 passes per gen-1 pass, gen-1 passes per gen-2 pass)
THRESHOLDS = (10_000, 20, 50)


def settle_after_startup() -> None:
    """Collect once, freeze what is left and set the thresholds; call at the end of start-up."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
