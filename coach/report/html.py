"""The review as a standalone HTML page (inline CSS, no external assets); pasted text is escaped."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from coach.core.models import Finding, Review
from coach.report.marks import failing, improved_set, why

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined)


def render_html(review: Review) -> str:
    def why_of(finding: Finding) -> Any:
        return why(review, finding)

    template = _environment().get_template("report.html.j2")
    return str(template.render(review=review, sort=failing, why=why_of, improved=improved_set(review)))
