"""Reviews off the event loop: a bounded pool of review processes with a per-request deadline.

Why: the event loop answers every client (health checks, the page, streams). A review is
pure Python; one large or pathological draft reviewed on the loop stalls everyone for as
long as it takes. Why processes and not threads: a review thread holds the GIL, so the loop
still waits its turn for the interpreter. Measured with ``benchmarks/api_probe.py`` (one
client sending the worst inputs in a loop, 50 clients polling), /healthz p99 was 130 ms
with two review threads and 12 ms with no attacker at all; in processes the attacker's
reviews no longer compete with the loop for the interpreter.

When all workers are busy and ``queue`` reviews already wait, a new one is turned away at
once (503 with Retry-After) rather than piling up; a review still running at its deadline
stops being waited for (503 with a reason) and its result is dropped when it ends; the
parser's size limits and linear cost bound how long that can be. The processes start with
the first large review (spawned, not forked: the server has threads), ignore Ctrl+C (the
server stops them) and read the environment as it was then.

Small bodies (``INLINE_BODY_BYTES``) still run on the loop: a 4 KB draft reviews in a few
milliseconds, less than the hop to a process costs, and linear cost keeps any 4 KB input
that short. ``processes=False`` keeps the workers as threads (unit tests of the bounds).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import signal
import threading
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor
from typing import TypeVar

from api.errors import ApiError
from api.pool import DaemonPool

T = TypeVar("T")
INLINE_BODY_BYTES = 4_096


def _review_process_starts() -> None:
    """In each review process: Ctrl+C is the server's to handle (it shuts the pool down), and
    libraries write nothing outside OKR_COACH_HOME, as in the server itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from coach.paths import contain_library_files

    contain_library_files()


def _warm_review_process() -> int:
    """Review a tiny draft: imports the review path, compiles the default pack and fills the
    word tables, so the first large review a process takes costs its review, not the start-up."""
    import os

    from coach.report.json import to_dict
    from coach.service.review import review_request

    _okr, review = review_request("Objective: Warm up\n- Raise weekly orders from 10 to 20 by June\n")
    to_dict(review)
    return os.getpid()


class ReviewWork:
    """``workers`` review processes (or threads), at most ``queue`` waiting beyond them."""

    def __init__(self, workers: int, queue: int, processes: bool = False) -> None:
        self.workers = max(1, workers)
        self.processes = processes
        self.capacity = self.workers + max(0, queue)
        self._pool: Executor | None = None
        self._held = 0
        self._lock = threading.Lock()
        self._closed = False

    @property
    def pool(self) -> Executor:
        """The workers, started with the first review that needs them."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the review pool is shut down")
            if self._pool is None:
                self._pool = (ProcessPoolExecutor(self.workers, multiprocessing.get_context("spawn"),
                                                  initializer=_review_process_starts)
                              if self.processes else DaemonPool(self.workers, "okr-review"))
            return self._pool

    def warm(self) -> None:
        """Start the review processes now (``okr-coach serve`` at start-up), each warmed up;
        not waited for: the server answers meanwhile, small reviews on the loop."""
        if not self.processes:
            return
        for _ in range(self.workers):
            self.pool.submit(_warm_review_process)

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

        try:
            future = self.pool.submit(fn, *args)
        except RuntimeError:  # shut down while serving (or a process died): no slot stays taken
            self._give()
            raise ApiError(503, "the server is shutting down", headers={"Retry-After": "5"}) from None
        future.add_done_callback(lambda _: self._give())  # when the work ends, not when the waiter gives up
        waited = asyncio.wrap_future(future)
        done, _ = await asyncio.wait({waited}, timeout=deadline)  # never cancels the work itself
        if done:
            try:
                return waited.result()
            except BrokenExecutor:  # a review process died (killed, out of memory): start afresh
                self._replace_pool()
                raise ApiError(503, "the review worker stopped; try again", headers={"Retry-After": "5"}
                               ) from None
        waited.add_done_callback(lambda f: f.cancelled() or f.exception())  # no "never retrieved" log
        future.cancel()  # still queued: it will not run (its callback frees the slot at once)
        raise ApiError(503, f"the review took longer than {deadline:g} s; review one team's OKRs "
                            "at a time", headers={"Retry-After": "30"})

    def _replace_pool(self) -> None:
        with self._lock:
            broken, self._pool = self._pool, None
        if broken is not None:
            broken.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is not None:
            # Processes are waited for (a review ends within its bounds; not waiting leaves the
            # pool's semaphores to a warning at exit); threads are daemons and are not.
            pool.shutdown(wait=self.processes, cancel_futures=True)


async def review_off_loop(work: ReviewWork, length_header: str, deadline: float,
                          fn: Callable[..., T], *args: object) -> T:
    """Small bodies on the loop (see the module's docstring), others through ``work``."""
    if length_header.isdigit() and int(length_header) <= INLINE_BODY_BYTES:
        return fn(*args)
    return await work.run(fn, *args, deadline=deadline)
