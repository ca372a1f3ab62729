"""``okr-coach kb build``: (re)build the knowledge-base index; only changed passages are embedded.

Progress goes to stderr (documents read, passages to embed, every few passages embedded,
elapsed time) and the summary to stdout. Builds of one ``OKR_COACH_HOME`` take turns under
a file lock: a second build waits for the first, says so, and then finds little or nothing
left to embed (see ``coach.knowledge.buildlock`` for why it waits rather than refusing).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from coach.cli import EXIT_OK, UsageError

if TYPE_CHECKING:
    from coach.knowledge.index import BuildProgress


def configure(kb: argparse.ArgumentParser) -> None:
    kb.add_argument("action", choices=["build"], help="build: (re)build the index under OKR_COACH_HOME")
    kb.add_argument("--quiet", "-q", action="store_true", help="no progress lines on stderr")
    kb.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return kb_build(sys.stdout, None if args.quiet else sys.stderr)


def kb_build(out: TextIO, err: TextIO | None = None) -> int:
    from coach.knowledge.search import KB_EXTRA_HINT, has_vector_store, is_expected_error

    if not has_vector_store():
        raise UsageError(KB_EXTRA_HINT)
    from coach.knowledge.index import KnowledgeIndex

    def progress(step: BuildProgress) -> None:
        if err is not None:
            err.write(f"okr-coach: kb build: {step.message()}\n")
            err.flush()

    try:
        index = KnowledgeIndex()
        stats = index.build(progress=progress)
    except Exception as exc:
        if not is_expected_error(exc):
            raise
        raise UsageError(str(exc)) from None
    out.write(
        f"Knowledge base index: {stats.passages} passages "
        f"({stats.added} added, {stats.updated} updated, {stats.unchanged} unchanged, "
        f"{stats.deleted} deleted; {stats.embedded} embedded) in {stats.seconds:.2f} s\n"
        f"  {index.url or index.path}\n"
    )
    return EXIT_OK
