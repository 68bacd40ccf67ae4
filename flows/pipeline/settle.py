"""Once a process has cleaned its first capture, take what it loaded out of the collector's sight.

A cleaning process loads, on first use, what it then keeps to its end: the line-role model and
the metadata rankers, the rule tables and their compiled regexes, the lexicon, the stopword
lists. CPython's cyclic collector walks every tracked object it holds on each full collection,
and cleaning allocates enough containers (lines, marks, candidates) for a full collection every
capture or two: measured on the 80 devset captures, the collector took about 7% of the core's
time, most of it walking those long-lived tables again and again. ``gc.freeze()`` moves every
object alive now into a generation the collector never walks; the objects of each capture are
collected as before. The collection just before it frees whatever the first capture left in
cycles, so no garbage is frozen.

Called by the shells after their first capture (``presswash clean``, a batch cleaned in the flow
process or on a worker, the bench after its warm-up); the pool's workers are forked from a flow
process that froze before the fork (``flows.pipeline.pool``). The core itself never touches the
collector: a library must not change a process it is imported into.
"""

from __future__ import annotations

import gc
from functools import cache


@cache
def settle_process() -> None:
    """Collect, then freeze every object alive: once per process (later calls do nothing)."""
    gc.collect()
    gc.freeze()
