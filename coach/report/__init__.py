"""Reports: one review, four formats (text, JSON, markdown, HTML) and the marks they share.

Each format lives in its own module and is imported only when asked for, so a JSON review
never loads jinja2 and a text review never loads the JSON encoder's callers. The linter's
formats point into files, one or several per run, so ``okr-coach review`` writes them itself:
``github`` (workflow annotations, :mod:`coach.report.github`) and ``sarif`` (one SARIF 2.1.0
log, :mod:`coach.report.sarif`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from coach.core.models import Review
    from coach.report.marks import Lines

FORMATS = ("text", "json", "markdown", "html")


def render(review: Review, fmt: str, offsets: dict[str, int] | None = None,
           color: bool | None = None, lines: Lines | None = None) -> str:
    """The review in ``fmt``; ``offsets`` locate evidence in a pasted draft (text format),
    ``lines`` give each evidence span its line and column (JSON; see ``marks.lines_of``).

    ``color`` None means "for a terminal if stdout is one": colours in text, indentation in
    JSON (as ``gh`` does); a pipe or a file gets plain text and one-line JSON.
    """
    if fmt == "json":
        from coach.report.json import render_json

        return render_json(review, indent=sys.stdout.isatty() if color is None else color, lines=lines)
    if fmt == "markdown":
        from coach.report.markdown import render_markdown

        return render_markdown(review)
    if fmt == "html":
        from coach.report.html import render_html

        return render_html(review)
    from coach.report.text import render_text

    return render_text(review, color=color, offsets=offsets)


def write(review: Review, fmt: str, out: TextIO, offsets: dict[str, int] | None = None,
          color: bool | None = None, lines: Lines | None = None) -> None:
    """``render`` into a stream; one-line JSON is written objective by objective."""
    for_person = out.isatty() if color is None else color
    if fmt == "json" and not for_person:
        from coach.report.json import iter_json

        for piece in iter_json(review, lines):
            out.write(piece)
        out.write("\n")
        return
    text = render(review, fmt, offsets=offsets, color=color, lines=lines)
    out.write(text if text.endswith("\n") else text + "\n")
