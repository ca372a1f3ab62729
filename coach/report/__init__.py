"""Reports: one review, four formats (text, JSON, markdown, HTML) and the marks they share.

Each format lives in its own module and is imported only when asked for, so a JSON review
never loads jinja2 and a text review never loads the JSON encoder's callers.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from coach.core.models import Review

FORMATS = ("text", "json", "markdown", "html")


def render(review: Review, fmt: str, offsets: dict[str, int] | None = None,
           color: bool | None = None) -> str:
    """The review in ``fmt``; ``offsets`` locate evidence in a pasted draft (text format).

    ``color`` None means "for a terminal if stdout is one": colours in text, indentation in
    JSON (as ``gh`` does); a pipe or a file gets plain text and one-line JSON.
    """
    if fmt == "json":
        from coach.report.json import render_json

        return render_json(review, indent=sys.stdout.isatty() if color is None else color)
    if fmt == "markdown":
        from coach.report.markdown import render_markdown

        return render_markdown(review)
    if fmt == "html":
        from coach.report.html import render_html

        return render_html(review)
    from coach.report.text import render_text

    return render_text(review, color=color, offsets=offsets)


def write(review: Review, fmt: str, out: TextIO, offsets: dict[str, int] | None = None,
          color: bool | None = None) -> None:
    """``render`` into a stream; one-line JSON is written objective by objective."""
    for_person = out.isatty() if color is None else color
    if fmt == "json" and not for_person:
        from coach.report.json import iter_json

        for piece in iter_json(review):
            out.write(piece)
        out.write("\n")
        return
    text = render(review, fmt, offsets=offsets, color=color)
    out.write(text if text.endswith("\n") else text + "\n")
