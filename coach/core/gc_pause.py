"""Pause Python's cycle collector around large, cycle-free batches of work.

Why: parsing or reviewing thousands of key results creates hundreds of
thousands of small objects, none of them in reference cycles; the collector's
repeated full passes over them cost more than the work itself (measured on
10,000 key results: review 2.3 s -> 1.0 s, parse 0.7 s -> 0.4 s). It is
switched back on afterwards, so a later collection still runs.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused(pause: bool = True) -> Iterator[None]:
    """Disable the collector for the block when ``pause`` (and it was enabled)."""
    was_enabled = gc.isenabled()
    if pause and was_enabled:
        gc.disable()
    try:
        yield
    finally:
        if pause and was_enabled:
            gc.enable()
