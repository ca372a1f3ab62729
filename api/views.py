"""What the web page shows, computed in Python so the templates only lay it out.

Why highlight here and not in JavaScript: the page works without scripts, the escaping of
pasted text stays with jinja2's autoescape, and the marks come from the same
``coach.report.marks`` the terminal and file reports use.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from coach.core.models import Finding, ObjectiveReview, Passage, Review
from coach.paths import data_dir
from coach.report import marks
from coach.report.json import to_dict
from coach.service.review import rubric_for

FALLBACK_SAMPLE = """# Q3 OKRs — Customer Success

## Objective 1: Make support the reason customers stay with us
- KR 1.1: Raise CSAT from 82% to 92% by end of Q3
- KR 1.2: Launch the new help centre
- KR 1.3: Improve response times

## Objective 2: Grow revenue 30%
- KR 2.1: Hire 3 account managers
- KR 2.2: Raise expansion revenue from $1.2M to $1.25M
"""


@lru_cache(maxsize=1)
def sample_draft() -> str:
    """The bundled example draft (examples/team-draft.md), so 'Try a sample' shows real findings."""
    try:
        return (data_dir("examples") / "team-draft.md").read_text(encoding="utf-8")
    except OSError:
        return FALLBACK_SAMPLE


def improved_draft(review: Review, accepted: dict[str, str] | None = None) -> str:
    """The draft with each accepted rewrite (item id -> text) in place: what 'Copy improved
    OKRs' copies. ``None`` takes each item's first rewrite: a page without its script cannot
    accept or reject, so it shows them all; with the script the page starts from the draft
    and puts in what the author accepts (``improvedDraft`` in app.js, same layout).

    Written in the labelled form the parser reads best, so it can be pasted straight back.
    """
    if accepted is None:
        accepted = {o.id: o.suggestions[0].text for o in review.objectives if o.suggestions}
        accepted.update({kr.id: kr.suggestions[0].text for o in review.objectives for kr in o.key_results
                         if kr.suggestions})
    lines: list[str] = []
    title = " — ".join(x for x in (review.team, review.period) if x)
    if title:
        lines += [f"# OKRs — {title}", ""]
    for n, objective in enumerate(review.objectives, start=1):
        lines.append(f"Objective {n}: {accepted.get(objective.id, objective.text)}")
        for m, kr in enumerate(objective.key_results, start=1):
            lines.append(f"- KR {n}.{m}: {accepted.get(kr.id, kr.text)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def needs_rewrite(objective: ObjectiveReview) -> bool:
    return bool(marks.failing(objective.findings)) or any(marks.failing(kr.findings)
                                                          for kr in objective.key_results)


def review_context(review: Review) -> dict[str, Any]:
    """Everything the review fragment template needs."""
    rubric = rubric_for(review.rubric)

    def criterion_name(criterion_id: str) -> str:
        try:
            return rubric.get(criterion_id).name
        except KeyError:
            return criterion_id.split(".", 1)[-1]

    def highlight(text: str, findings: list[Finding]) -> list[marks.Segment]:
        return marks.highlight(text, findings, name=criterion_name)

    def why(finding: Finding) -> Passage | None:
        return marks.why(review, finding)

    return {
        "review": review,
        "review_data": to_dict(review),
        "counts": marks.counts(review),
        "improved": improved_draft(review),
        "any_failing": any(needs_rewrite(o) for o in review.objectives)
        or bool(marks.failing(review.findings)),
        "failing": marks.failing, "passed": marks.passed, "grade": rubric.grade, "highlight": highlight,
        "criterion_name": criterion_name, "why": why,
    }
