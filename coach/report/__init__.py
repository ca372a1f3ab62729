"""Reports: one review, four formats (text, JSON, markdown, HTML) and the marks they share.

Each format lives in its own module and is imported only when asked for, so a JSON review
never loads jinja2 and a text review never loads the JSON encoder's callers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.core.models import Review

FORMATS = ("text", "json", "markdown", "html")


def render(review: Review, fmt: str, offsets: dict[str, int] | None = None,
           color: bool | None = None) -> str:
    """The review in ``fmt``; ``offsets`` locate evidence in a pasted draft (text format)."""
    if fmt == "json":
        from coach.report.json import render_json

        return render_json(review)
    if fmt == "markdown":
        from coach.report.markdown import render_markdown

        return render_markdown(review)
    if fmt == "html":
        from coach.report.html import render_html

        return render_html(review)
    from coach.report.text import render_text

    return render_text(review, color=color, offsets=offsets)
