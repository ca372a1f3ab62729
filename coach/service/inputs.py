"""From what a face received (a path, stdin, a request body) to a parsed draft, or one clear reason.

Why here: the CLI, the JSON API and the web page used to read, size-check and sniff input
each in their own way, so the same paste could fail differently. Every face now calls
``read_source`` (files and stdin) and ``parse_draft``; an ``InputError`` carries the reason,
the line where reading stopped, and the HTTP status a web face should answer with
(413 too large, 400 unreadable). The CLI turns it into exit code 2.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from coach.core import limits
from coach.core.directives import strip_directives
from coach.core.models import OkrSet
from coach.core.parsing import ParseError, decode_bytes, parse, parse_structured
from coach.errors import UsageProblem

INPUT_FORMATS = ("auto", "text", "json", "yaml", "csv")
_BY_SUFFIX = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".csv": "csv"}


class InputError(UsageProblem):
    """Input no review can come from: ``reason`` (one line), ``line`` when known, HTTP ``status``."""

    def __init__(self, reason: str, line: int | None = None, status: int = 400, where: str = "") -> None:
        self.reason = reason
        self.line = line
        self.status = status
        super().__init__(f"{where}line {line}: {reason}" if line else f"{where}{reason}")


def read_source(path: str) -> str:
    """The text of a file, or of standard input for '-', decoded as UTF-8 within the limits."""
    budget = limits.current().read_bytes
    try:
        if path == "-":
            data = sys.stdin.buffer.read(budget + 1)
        else:
            p = Path(path)
            if p.is_dir():
                raise InputError(f"{path}: is a directory; give a file or '-' for standard input")
            with p.open("rb") as handle:
                data = handle.read(budget + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > budget:
        raise InputError(f"{path}: input is over {budget // 1_000_000} MB; the limit is "
                         f"{limits.current().chars:,} characters (review one team's OKRs at a time)",
                         status=413)
    try:
        return decode_bytes(data)
    except ParseError as exc:
        raise InputError(exc.reason, exc.line, where=f"{path}: ") from None


def input_format(requested: str = "auto", name: str | None = None) -> str | None:
    """The format to force ("json", "yaml", "csv", "text"), or None to detect it from the content.

    An explicit choice wins; otherwise a file's suffix decides; otherwise the parser sniffs.
    """
    if requested not in INPUT_FORMATS:
        raise InputError(f"unknown input format '{requested}' (choose {', '.join(INPUT_FORMATS)})",
                         status=422)
    if requested != "auto":
        return requested
    if name:
        return _BY_SUFFIX.get(Path(name).suffix.lower())
    return None


def parse_draft(text: str | None = None, okrs: Any = None, requested: str = "auto",
                name: str | None = None) -> OkrSet:
    """Parse pasted text (any format) or already-structured data into a draft."""
    where = f"{name}: " if name else ""
    fmt = input_format(requested, name)
    try:
        if text is not None:
            chars = limits.current().chars
            if len(text) > chars:
                raise InputError(f"the draft is {len(text):,} characters; the limit is {chars:,} "
                                 "(review one team's OKRs at a time)", status=413, where=where)
            text, ignores = strip_directives(text)
            okr = parse(text, fmt)
            okr.ignores = ignores
            return okr
        return parse_structured(okrs)
    except ParseError as exc:
        raise InputError(exc.reason, exc.line, where=where) from None
    except ValueError as exc:  # limits misconfigured in the environment
        if isinstance(exc, InputError):
            raise
        raise InputError(str(exc), status=500) from None
