"""The review as JSON: the contract of design section 3, extended, written without pydantic.

Why by hand: a review of 10,000 key results holds ~80,000 findings; building plain dicts
and letting the C encoder write them is several times faster than a generic serializer.
Passages are written once, in ``passages``, and a failing finding's ``why`` is a key into
it (before, every finding repeated its passage: 5.5 KB per key result). JSON is indented
for a person when the review is small, and compact (one line) above ``COMPACT_ABOVE``
findings, where Python's indenting encoder would cost seconds.
"""

from __future__ import annotations

import json
from typing import Any

from coach.core.models import Evidence, Finding, KrParts, Review, Suggestion

COMPACT_ABOVE = 2_000
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _evidence(ev: Evidence) -> dict[str, Any]:
    return {"start": ev.start, "end": ev.end, "text": ev.text}


def finding_dict(f: Finding) -> dict[str, Any]:
    return {"criterion": f.criterion, "passed": f.passed, "score": f.score, "level": f.level,
            "message": f.message, "evidence": [_evidence(e) for e in f.evidence],
            "guidance": list(f.guidance), "fix": f.fix, "weight": f.weight, "why": f.why,
            "trigger": f.trigger}


def suggestion_dict(s: Suggestion) -> dict[str, Any]:
    return {"criterion": s.criterion, "text": s.text, "rationale": s.rationale, "sources": list(s.sources),
            "placeholders": list(s.placeholders), "origin": s.origin}


def parts_dict(p: KrParts) -> dict[str, Any]:
    return {"metric": p.metric, "baseline": p.baseline, "baseline_text": p.baseline_text,
            "target": p.target, "target_text": p.target_text, "comparator": p.comparator,
            "relative_change": p.relative_change, "unit": p.unit, "direction": p.direction,
            "deadline": p.deadline, "placeholders": list(p.placeholders)}


def to_dict(review: Review) -> dict[str, Any]:
    """The JSON contract: score, findings, objectives -> key_results, every applying finding."""
    return {
        "score": review.score, "grade": review.grade,
        "findings": [finding_dict(f) for f in review.findings],
        "objectives": [{
            "id": o.id, "text": o.text, "score": o.score,
            "findings": [finding_dict(f) for f in o.findings],
            "key_results": [{
                "id": k.id, "text": k.text, "score": k.score,
                "findings": [finding_dict(f) for f in k.findings],
                "suggestions": [suggestion_dict(s) for s in k.suggestions],
                "parts": parts_dict(k.parts) if k.parts is not None else None,
            } for k in o.key_results],
            "suggestions": [suggestion_dict(s) for s in o.suggestions],
        } for o in review.objectives],
        "rubric": review.rubric, "profile": review.profile, "period": review.period, "team": review.team,
        "stats": dict(review.stats),
        "passages": {pid: {"id": pid, "title": p.title, "text": p.text}
                     for pid, p in review.passages.items()},
    }


def render_json(review: Review, indent: bool | None = None) -> str:
    """``indent`` None: indented unless the review has more than COMPACT_ABOVE findings."""
    data = to_dict(review)
    if indent is None:
        indent = len(review.all_findings()) <= COMPACT_ABOVE
    if indent:
        return json.dumps(data, ensure_ascii=False, indent=2)
    return _COMPACT.encode(data)
