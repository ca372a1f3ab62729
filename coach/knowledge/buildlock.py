"""One knowledge-base build at a time per ``OKR_COACH_HOME``: an ``fcntl.flock`` on ``kb/build.lock``.

Why a lock: ``okr-coach kb build``, the first ``okr-coach ask``, ``eval retrieval`` and a server
starting up may all decide to build at once, and two writers on one chroma folder can leave
it half written. Why flock: the kernel drops the lock when its holder exits, however it exits,
so a killed build never leaves a stale lock behind (a pid file would).

Why the second build waits rather than refusing: whoever runs it wants a current index, and
once the first build finishes the second finds every passage unchanged and ends in a moment.
Refusing would only make the user run the command again. It says on stderr that it is
waiting, and for whom (the holder's pid, written into the lock file).
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from coach.paths import PRIVATE_FILE_MODE, private_dir

LOCK_NAME = "build.lock"
POLL_SECONDS = 0.2


class BuildLockTimeout(TimeoutError):
    """Another build held the lock for longer than the caller would wait."""


def holder(path: Path) -> int | None:
    """The pid written by the process that holds (or last held) the lock, if readable."""
    try:
        return int(path.read_text(encoding="ascii").strip() or "0") or None
    except (OSError, ValueError):
        return None


def is_locked(path: Path) -> bool:
    """Whether a build holds the lock at ``path`` right now (without waiting for it)."""
    if not path.exists():
        return False
    with _open(path) as fd:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False


@contextmanager
def _open(path: Path) -> Iterator[int]:
    private_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
    try:
        yield fd
    finally:
        os.close(fd)


@contextmanager
def build_lock(path: Path, on_wait: Callable[[int | None], None] | None = None,
               timeout: float | None = None) -> Iterator[None]:
    """Hold the build lock at ``path``; if another build has it, call ``on_wait(pid)`` once and wait.

    ``timeout`` None waits as long as the other build runs; otherwise ``BuildLockTimeout``.
    Works between threads of one process too (each call opens its own file description).
    """
    with _open(path) as fd:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(holder(path))
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:  # polled, not blocking, so that a timeout and Ctrl-C both work
                time.sleep(POLL_SECONDS)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if deadline is not None and time.monotonic() > deadline:
                        raise BuildLockTimeout(f"another knowledge-base build (pid {holder(path)}) "
                                               f"is still running after {timeout:.0f} s") from None
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
