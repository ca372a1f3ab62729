"""What the web page shows, computed in Python so the templates only lay it out.

Why highlight here and not in JavaScript: the page works without scripts, the escaping of
pasted text stays with jinja2's autoescape, and one function decides which words of an
item triggered which finding. Evidence offsets are absolute for pasted text and relative
for structured input, so the evidence is located by its text inside the item's text.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from coach.core.models import LEVEL_RANK, Evidence, Finding, ObjectiveReview, Review
from coach.paths import data_dir
from coach.report import to_dict
from coach.rubric.engine import grade_for
from coach.rubric.loader import default_rubric

FALLBACK_SAMPLE = """# Q3 OKRs — Customer Success

## Objective 1: Make support the reason customers stay with us
- KR 1.1: Raise CSAT from 82% to 92% by end of Q3
- KR 1.2: Launch the new help centre
- KR 1.3: Improve response times

## Objective 2: Grow revenue 30%
- KR 2.1: Hire 3 account managers
- KR 2.2: Raise expansion revenue from $1.2M to $1.25M
"""
_ORDER = {"error": 0, "warning": 1, "suggestion": 2}


@dataclass(frozen=True)
class Segment:
    """A run of an item's text; ``level`` is set when a failing finding points at it."""

    text: str
    level: str | None = None
    title: str = ""


@lru_cache(maxsize=1)
def sample_draft() -> str:
    """The bundled example draft (examples/team-draft.md), so 'Try a sample' shows real findings."""
    try:
        return (data_dir("examples") / "team-draft.md").read_text(encoding="utf-8")
    except OSError:
        return FALLBACK_SAMPLE


def failing(findings: list[Finding]) -> list[Finding]:
    return sorted((f for f in findings if not f.passed), key=lambda f: _ORDER[f.level])


def passed(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.passed]


def grade(score: float) -> str:
    return grade_for(default_rubric(), score)


def criterion_name(criterion_id: str) -> str:
    """The human name of a criterion ('Key result is measurable'), else its short id."""
    try:
        return default_rubric().get(criterion_id).name
    except KeyError:
        return criterion_id.split(".", 1)[-1]


def _locate(text: str, ev: Evidence) -> int:
    """Where the evidence sits in the item text: its own offsets if they fit, else a search."""
    if ev.start >= 0 and ev.start + len(ev.text) <= len(text) and text[ev.start:ev.end] == ev.text:
        return ev.start
    found = text.find(ev.text)
    if found < 0:
        found = text.lower().find(ev.text.lower())
    return found


def highlight(text: str, findings: list[Finding]) -> list[Segment]:
    """Split ``text`` into segments, marking the words each failing finding cites.

    Evidence that covers the whole item is left out of the marks (it says nothing about
    *which* words), but is still listed under its finding. Overlaps take the more severe level.
    """
    marks: list[tuple[int, int, str, str]] = []
    for finding in failing(findings):
        for ev in finding.evidence:
            if not ev.text.strip() or len(ev.text.strip()) >= len(text.strip()):
                continue
            start = _locate(text, ev)
            if start >= 0:
                marks.append((start, start + len(ev.text), finding.level, criterion_name(finding.criterion)))
    if not marks:
        return [Segment(text)]
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        covering = [m for m in marks if m[0] <= a and b <= m[1]]
        if not covering:
            out.append(Segment(text[a:b]))
            continue
        level = max((m[2] for m in covering), key=lambda lv: LEVEL_RANK[lv])
        titles = ", ".join(dict.fromkeys(m[3] for m in covering))
        out.append(Segment(text[a:b], level, titles))
    merged: list[Segment] = []
    for seg in out:  # join touching marks of one level so "Hire 3" is one <mark>, titles combined
        if merged and merged[-1].level == seg.level:
            titles = ", ".join(dict.fromkeys(t for t in (*merged[-1].title.split(", "),
                                                         *seg.title.split(", ")) if t))
            merged[-1] = Segment(merged[-1].text + seg.text, seg.level, titles)
        else:
            merged.append(seg)
    return merged


def counts(review: Review) -> dict[str, int]:
    failing_all = review.failing("suggestion")
    return {level: sum(1 for f in failing_all if f.level == level) for level in _ORDER}


def _first(suggestions: list[Any]) -> str | None:
    return suggestions[0].text if suggestions else None


def improved_draft(review: Review) -> str:
    """The draft with each item's first rewrite in place: what 'Copy improved OKRs' copies.

    Written in the labelled form the parser reads best, so it can be pasted straight back.
    """
    lines: list[str] = []
    title = " — ".join(x for x in (review.team, review.period) if x)
    if title:
        lines += [f"# OKRs — {title}", ""]
    for n, objective in enumerate(review.objectives, start=1):
        lines.append(f"Objective {n}: {_first(objective.suggestions) or objective.text}")
        for m, kr in enumerate(objective.key_results, start=1):
            lines.append(f"- KR {n}.{m}: {_first(kr.suggestions) or kr.text}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def needs_rewrite(objective: ObjectiveReview) -> bool:
    return bool(failing(objective.findings)) or any(failing(kr.findings) for kr in objective.key_results)


def review_context(review: Review) -> dict[str, Any]:
    """Everything the review fragment template needs."""
    return {
        "review": review,
        "review_data": to_dict(review),
        "counts": counts(review),
        "improved": improved_draft(review),
        "any_failing": any(needs_rewrite(o) for o in review.objectives) or bool(failing(review.findings)),
        "failing": failing, "passed": passed, "grade": grade, "highlight": highlight,
        "criterion_name": criterion_name,
    }
