"""Garbage-collector settings for a long-running bot: short pauses under load.

After start-up the heap holds a large, long-lived set of objects (discord.py's caches, the
command tree, pydantic's model machinery, the imported modules). CPython's default thresholds
(700, 10, 10) make a full (generation 2) collection walk all of them every ~70,000 net
allocations: measured on the old bot, 90-97 ms with the event loop stopped. So, once start-up
is done:

* `gc.freeze()` moves everything alive into the permanent generation, which no collection
  walks again (it is still freed normally by reference counting);
* the thresholds below make full collections rare, since what survives a burst is mostly
  short-lived interaction state that dies with it. A generation-0 pass stops the loop while
  it walks the young objects and every reference they hold, 0.5-0.7 us per object with 200
  interactions in flight (whose live state is most of what is young then): 5-18 ms of CPU at
  most in `make bench`'s burst, over many runs. Thresholds of (2,500, 80) (a generation-1
  pass as often as now) were tried: the burst's young passes paused for 5-12 ms, against
  12-14 ms in the same session's runs of these, but the PostgreSQL daily-post tick then met
  a generation-1 pass of 13-20 ms in both runs, where with these its worst pause was a young
  pass of 6 ms; no lag figure moved beyond noise, so these stay. A burst long enough to meet
  a generation-1 pass (8,000 interactions) pauses for 80-120 ms at either setting.

scripts/bench.py records every pause (gc.callbacks) during a burst and a daily-post tick; the
README's benchmark section has the figures.
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
