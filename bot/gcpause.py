"""Garbage-collector settings for a long-running bot: short pauses under load.

After start-up the heap holds a large, long-lived set of objects (discord.py's caches, the
command tree, pydantic's model machinery, the imported modules). CPython's default thresholds
(700, 10, 10) make a full (generation 2) collection walk all of them every ~70,000 net
allocations: measured on the old bot, 90-97 ms with the event loop stopped. So, once start-up
is done:

* `gc.freeze()` moves everything alive into the permanent generation, which no collection
  walks again (it is still freed normally by reference counting);
* the thresholds below make full collections rare and keep each young pass short. A
  generation-0 pass stops the loop while it walks the young objects and every reference
  they hold, 0.5-0.7 us per object with 200 interactions in flight (whose live state is
  most of what is young then): a threshold of 10,000 gave pauses of 7-18 ms of CPU in
  `make bench`'s burst, 2,500 gives 3-9 ms there and 1-3 ms in the daily-post tick, for
  more passes (the burst's total time in the collector rose by a third to a half). A
  generation-1 pass still comes every 200,000 net allocations (2,500 x 80), as often as
  with the (10,000, 20) this replaced, so reference cycles (discord.py's interactions make
  some) are freed as soon as before. It walks what the young passes kept: 2-8 ms when one
  falls in the tick (4-5 ms before), and 80-120 ms either way in a burst long enough to
  meet one (8,000 interactions; the 2,000 of the bench's burst meet none).

scripts/bench.py records every pause (gc.callbacks) during a burst and a daily-post tick; the
README's benchmark section has the figures.
"""

from __future__ import annotations

import gc

# (generation 0 allocations, gen-0 passes per gen-1 pass, gen-1 passes per gen-2 pass)
THRESHOLDS = (2_500, 80, 50)


def settle_after_startup() -> None:
    """Collect once, freeze what is left and set the thresholds; call at the end of start-up."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
