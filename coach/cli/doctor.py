"""``okr-coach doctor``: what is configured for suggestions, and whether the model answers."""

from __future__ import annotations

import argparse
import sys


def configure(doc: argparse.ArgumentParser) -> None:
    doc.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from coach.llm.doctor import doctor

    return doctor(sys.stdout)
