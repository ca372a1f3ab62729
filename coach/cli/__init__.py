"""okr-coach command line: one module per command, each a thin face over the service layer.

Exit codes follow linters: 0 nothing at or above --fail-on failed, 1 something did, 2
unusable input or usage (with a one-line reason on stderr), 3 an internal error (one line;
set OKR_COACH_DEBUG=1 for the traceback). Commands import what they need when they run,
so ``okr-coach review`` never loads rich, yaml, pydantic, litellm or chromadb.
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib import import_module

from coach.errors import UsageProblem

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
# Command -> one-line help. Only the command being run is imported and given its options,
# so ``okr-coach review`` does not pay for building the other commands' parsers.
COMMANDS = {
    "review": "review a draft (file or '-' for stdin)",
    "batch": "review every team's draft under files and folders, with an organisation summary",
    "tutor": "practise writing and judging OKRs, with scored feedback from the rubric",
    "rubrics": "list packs and criteria, show one, check a pack",
    "eval": "measure the rubric, retrieval or rewrites against labelled sets",
    "doctor": "show the model configuration and check that it answers",
    "serve": "serve the web page and HTTP API (uvicorn)",
    "kb": "knowledge base index",
    "cache": "remove (clear) or list (info) the caches under OKR_COACH_HOME that hold OKR text",
    "ask": "the guidance passages that answer a question (offline); with a model configured, "
           "also a grounded answer citing passage ids",
}


class UsageError(UsageProblem):
    """Bad input or usage: reported as one line on stderr, exit 2."""


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv``, only the command it names gets its options (all without)."""
    parser = argparse.ArgumentParser(prog="okr-coach", description="Review and coach OKRs, offline.")
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", required=True)
    chosen = next((a for a in argv if not a.startswith("-")), None) if argv is not None else None
    for name, text in COMMANDS.items():
        command = sub.add_parser(name, help=text, description=text)
        if argv is None or name == chosen:
            import_module(f"coach.cli.{name}").configure(command)
    return parser


def _version() -> str:
    from coach import __version__

    return f"okr-coach {__version__}"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except UsageProblem as exc:
        print(f"okr-coach: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        if os.environ.get("OKR_COACH_DEBUG"):
            raise
        print(f"okr-coach: internal error: {type(exc).__name__}: {exc} "
              "(set OKR_COACH_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_INTERNAL


def run() -> None:
    sys.exit(main())
