"""``okr-coach kb build``: (re)build the knowledge-base index; only changed passages are embedded."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from coach.cli import EXIT_OK, UsageError


def configure(kb: argparse.ArgumentParser) -> None:
    kb.add_argument("action", choices=["build"], help="build: (re)build the index under OKR_COACH_HOME")
    kb.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return kb_build(sys.stdout)


def kb_build(out: TextIO) -> int:
    from coach.knowledge.search import KB_EXTRA_HINT, has_vector_store, is_expected_error

    if not has_vector_store():
        raise UsageError(KB_EXTRA_HINT)
    from coach.knowledge.index import KnowledgeIndex

    try:
        index = KnowledgeIndex()
        stats = index.build()
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
