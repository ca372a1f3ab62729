"""``okr-coach cache clear|info``: remove (or list) what okr-coach keeps under ``OKR_COACH_HOME``.

What holds the words of someone's OKRs, and goes with a plain ``cache clear``:
  * model replies (``cache/llm``): the rewrites a model wrote that passed the gate;
  * batch results (``batch.sqlite3``): every team's review, kept so that an unchanged team
    is not reviewed again and a killed run resumes (the next run reviews everything again).
What is a cache but holds no OKR text, and goes only with ``--all``:
  * the guidance index (``kb/``): rebuilt on the next ``ask`` or ``kb build``;
  * compiled packs, the verb table and library caches (the rest of ``cache/``).
What is not a cache and is never removed here (listed, so nobody is surprised):
  * tutor sessions and workshop attempts (``tutor.sqlite3``): learners' work;
  * recordings made with ``eval suggestions-real --live --record`` (``recordings/``);
  * batches uploaded to the server's batch page and their reports (``batches/``).
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from coach.cli import EXIT_FAILED, EXIT_OK


@dataclass(frozen=True)
class Entry:
    label: str
    where: str  # as shown, relative to the home
    paths: tuple[Path, ...]
    why_kept: str = ""  # set for entries that are not caches

    def files(self) -> list[Path]:
        found: list[Path] = []
        for path in self.paths:
            if path.is_dir():
                found += [p for p in path.rglob("*") if p.is_file() or p.is_symlink()]
            elif path.is_file() or path.is_symlink():
                found.append(path)
        return found

    def size(self) -> int:
        total = 0
        for f in self.files():
            with contextlib.suppress(OSError):  # removed meanwhile
                total += f.lstat().st_size
        return total


def inventory(home: Path) -> tuple[list[Entry], list[Entry], list[Entry]]:
    """(caches holding OKR text, other caches, user data that is kept) under ``home``."""
    from coach.llm.cache import ReplyCache
    from coach.service.batch import STORE_NAME

    replies = ReplyCache(home / "cache" / "llm").root
    store = home / STORE_NAME
    okr = [
        Entry("model replies", "cache/llm/", (replies,)),
        Entry("batch results", STORE_NAME,
              (store, *(store.with_name(store.name + s) for s in ("-wal", "-shm", "-journal")))),
    ]
    caches = home / "cache"
    others = [p for p in sorted(caches.glob("*")) if p != replies] if caches.is_dir() else []
    other = [
        Entry("guidance index", "kb/", (home / "kb",)),
        Entry("compiled packs, word tables, library caches", "cache/*", tuple(others)),
    ]
    kept = [
        Entry("tutor sessions and workshop attempts", "tutor.sqlite3", (home / "tutor.sqlite3",),
              "learners' work"),
        Entry("recorded model replies", "recordings/", (home / "recordings",),
              "made on purpose with --record"),
        Entry("batches uploaded to the server", "batches/", (home / "batches",), "the batch page's reports"),
    ]
    return okr, other, kept


def configure(cache: argparse.ArgumentParser) -> None:
    cache.add_argument("action", choices=["clear", "info"],
                       help="clear: remove the caches that hold OKR text (model replies, batch results); "
                            "info: list what is stored under OKR_COACH_HOME")
    cache.add_argument("--all", action="store_true",
                       help="clear also the caches without OKR text: the guidance index, compiled packs "
                            "(rebuilt when next needed; stop a running server first)")
    cache.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from coach.paths import home_dir

    home = home_dir()
    if args.action == "info":
        return info(home, sys.stdout)
    return clear(home, sys.stdout, sys.stderr, everything=args.all)


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MiB"


def _files(n: int) -> str:
    return f"{n} file" + ("" if n == 1 else "s")


def info(home: Path, out: TextIO) -> int:
    okr, other, kept = inventory(home)
    out.write(f"OKR_COACH_HOME {home}\n")
    for title, entries in (("caches holding OKR text (cache clear)", okr),
                           ("other caches (cache clear --all)", other),
                           ("kept, not caches", kept)):
        out.write(f"{title}:\n")
        for e in entries:
            files = e.files()
            note = f"  ({e.why_kept})" if e.why_kept else ""
            out.write(f"  {e.label:<45} {e.where:<18} {_files(len(files)):>10}  {_size(e.size()):>8}{note}\n")
    return EXIT_OK


def _index_busy(home: Path) -> bool:
    from coach.knowledge.buildlock import LOCK_NAME, is_locked

    try:
        return is_locked(home / "kb" / LOCK_NAME)
    except OSError:
        return False


def clear(home: Path, out: TextIO, err: TextIO, everything: bool = False) -> int:
    """Remove the caches; one line per cache removed, a total, and what was kept."""
    okr, other, kept = inventory(home)
    removed_files = 0
    failed = False
    for entry in okr + (other if everything else []):
        files = entry.files()
        if not files:
            continue
        if entry.label == "guidance index" and _index_busy(home):
            err.write(f"okr-coach: {entry.label} left alone: a build is running; try again when it ends\n")
            failed = True
            continue
        size = entry.size()
        try:
            for path in entry.paths:
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink(missing_ok=True)
        except OSError as exc:
            err.write(f"okr-coach: could not remove {entry.label} ({exc})\n")
            failed = True
            continue
        removed_files += len(files)
        out.write(f"removed {entry.label} ({entry.where}): {_files(len(files))}, {_size(size)}\n")
    if removed_files == 0 and not failed:
        out.write("nothing to remove\n")
    else:
        out.write(f"{_files(removed_files)} removed from {home}\n")
    left = [e for e in kept if e.files()]
    if left:
        out.write("kept (not caches): " + "; ".join(f"{e.label} ({e.where})" for e in left) + "\n")
    return EXIT_FAILED if failed else EXIT_OK
