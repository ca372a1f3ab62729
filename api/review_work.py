"""Reviews off the event loop: a bounded pool of worker threads with a per-request deadline.

Why: the event loop answers every client (health checks, the page, streams). A review is
pure Python; one large or pathological draft reviewed on the loop stalls everyone for as
long as it takes. Here a review runs on one of a few daemon threads; the loop only waits
on its future. When all workers are busy and ``queue`` reviews already wait, a new one is
turned away at once (503 with Retry-After) rather than piling up; a review still running
at its deadline stops being waited for (503 with a reason). Python cannot stop a thread,
so the worker finishes that review and its result is dropped; the parser's size limits
and linear cost bound how long that can be.

Small bodies (``INLINE_BODY_BYTES``) still run on the loop: a 4 KB draft reviews in a few
milliseconds, less than the hop to a thread costs under load, and linear cost keeps any
4 KB input that short.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TypeVar

from api.errors import ApiError
from api.pool import DaemonPool

T = TypeVar("T")
INLINE_BODY_BYTES = 4_096


class ReviewWork:
    """``workers`` threads for reviews, at most ``queue`` waiting beyond them."""

    def __init__(self, workers: int, queue: int) -> None:
        self.pool = DaemonPool(workers, "okr-review")
        self.capacity = max(1, workers) + max(0, queue)
        self._held = 0
        self._lock = threading.Lock()

    def _take(self) -> bool:
        with self._lock:
            if self._held >= self.capacity:
                return False
            self._held += 1
            return True

    def _give(self) -> None:
        with self._lock:
            self._held -= 1

    async def run(self, fn: Callable[..., T], *args: object, deadline: float) -> T:
        """``fn(*args)`` on a worker; 503 when the pool is full or the deadline passes."""
        if not self._take():
            raise ApiError(503, "the server is busy reviewing other drafts; try again in a few seconds",
                           headers={"Retry-After": "5"})

        def job() -> T:
            try:
                return fn(*args)
            finally:
                self._give()  # the slot frees when the work ends, not when the waiter gives up

        try:
            future = self.pool.submit(job)
        except RuntimeError:  # shut down while serving: no slot stays taken
            self._give()
            raise ApiError(503, "the server is shutting down", headers={"Retry-After": "5"}) from None
        waited = asyncio.wrap_future(future)
        done, _ = await asyncio.wait({waited}, timeout=deadline)  # never cancels the work itself
        if done:
            return waited.result()
        waited.add_done_callback(lambda f: f.cancelled() or f.exception())  # no "never retrieved" log
        if future.cancel():  # still queued: it will not run, so its slot is free now
            self._give()
        raise ApiError(503, f"the review took longer than {deadline:g} s; review one team's OKRs "
                            "at a time", headers={"Retry-After": "30"})

    def shutdown(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


async def review_off_loop(work: ReviewWork, length_header: str, deadline: float,
                          fn: Callable[..., T], *args: object) -> T:
    """Small bodies on the loop (see the module's docstring), others through ``work``."""
    if length_header.isdigit() and int(length_header) <= INLINE_BODY_BYTES:
        return fn(*args)
    return await work.run(fn, *args, deadline=deadline)
