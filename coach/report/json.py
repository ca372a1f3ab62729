"""The review as JSON: the contract of design section 3, extended, written without pydantic.

Why by hand: a review of 10,000 key results holds ~80,000 findings; building plain dicts
and letting the C encoder write them is several times faster than a generic serializer.
Passages are written once, in ``passages``, and a failing finding's ``why`` is a key into
it (before, every finding repeated its passage: 5.5 KB per key result). Written compact
for programs; indented for a person (see ``pretty``), which the CLI does on a terminal.

The review carries ``schema_version`` (minor: keys added; major: keys changed or removed)
and the tool's version; each evidence span carries the 1-based ``line`` and ``column`` of
its start in the draft when the writer is given the draft's lines (pasted text; null for
structured input, whose offsets index the item's own text).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from coach import __version__
from coach.core.models import (
    Evidence,
    Finding,
    KeyResultReview,
    KrParts,
    ObjectiveReview,
    Passage,
    Review,
    Suggestion,
)

if TYPE_CHECKING:
    from coach.report.marks import Lines

# 1.1: schema_version, tool and tool_version at the top, line and column on each evidence span.
SCHEMA_VERSION = "1.1"
TOOL = "okr-coach"

_COMPACT = json.JSONEncoder(ensure_ascii=False)  # ", " and ": " as json.dumps writes them


At = Callable[[int], tuple[int, int] | None]  # an offset -> its (line, column), see marks.Lines.at


def _evidence(ev: Evidence, at: At | None) -> dict[str, Any]:
    where = at(ev.start) if at is not None else None
    if where is None:
        return {"start": ev.start, "end": ev.end, "text": ev.text, "line": None, "column": None}
    return {"start": ev.start, "end": ev.end, "text": ev.text, "line": where[0], "column": where[1]}


def finding_dict(f: Finding, at: At | None = None) -> dict[str, Any]:
    return {"criterion": f.criterion, "passed": f.passed, "score": f.score, "level": f.level,
            "message": f.message, "evidence": [_evidence(e, at) for e in f.evidence],
            "guidance": list(f.guidance), "fix": f.fix, "weight": f.weight, "why": f.why,
            "trigger": f.trigger, "unsure": f.unsure}


def suggestion_dict(s: Suggestion) -> dict[str, Any]:
    return {"criterion": s.criterion, "text": s.text, "rationale": s.rationale, "sources": list(s.sources),
            "placeholders": list(s.placeholders), "origin": s.origin}


def parts_dict(p: KrParts) -> dict[str, Any]:
    return {"metric": p.metric, "baseline": p.baseline, "baseline_text": p.baseline_text,
            "target": p.target, "target_text": p.target_text, "comparator": p.comparator,
            "relative_change": p.relative_change, "unit": p.unit, "direction": p.direction,
            "deadline": p.deadline, "placeholders": list(p.placeholders)}


def objective_dict(o: ObjectiveReview, at: At | None = None) -> dict[str, Any]:
    return {
        "id": o.id, "text": o.text, "score": o.score, "parent": o.parent, "owner": o.owner, "team": o.team,
        "group": o.group, "period": o.period, "implicit": o.implicit, "line": o.line,
        "findings": [finding_dict(f, at) for f in o.findings],
        "key_results": [{
            "id": k.id, "text": k.text, "score": k.score, "owner": k.owner, "team": k.team,
            "progress": k.progress, "status": k.status, "done": k.done, "line": k.line,
            "notes": list(k.notes), "kind": k.kind,
            "findings": [finding_dict(f, at) for f in k.findings],
            "suggestions": [suggestion_dict(s) for s in k.suggestions],
            "parts": parts_dict(k.parts) if k.parts is not None else None,
        } for k in o.key_results],
        "suggestions": [suggestion_dict(s) for s in o.suggestions],
    }


def header() -> dict[str, Any]:
    """What every review JSON starts with: the shape's version and the tool that wrote it."""
    return {"schema_version": SCHEMA_VERSION, "tool": {"name": TOOL, "version": __version__},
            "tool_version": __version__}


def _head(review: Review, at: At | None) -> dict[str, Any]:
    return {**header(), "score": review.score, "grade": review.grade,
            "findings": [finding_dict(f, at) for f in review.findings]}


def _tail(review: Review) -> dict[str, Any]:
    return {"rubric": review.rubric, "profile": review.profile, "period": review.period, "team": review.team,
            "stats": dict(review.stats),
            "passages": {pid: {"id": pid, "title": p.title, "text": p.text}
                         for pid, p in review.passages.items()}}


def to_dict(review: Review, lines: Lines | None = None) -> dict[str, Any]:
    """The JSON contract: score, findings, objectives -> key_results, every applying finding.

    ``lines`` (the pasted draft's, see ``marks.lines_of``) gives evidence its line and column.
    """
    at = lines.at if lines is not None else None
    return {**_head(review, at), "objectives": [objective_dict(o, at) for o in review.objectives],
            **_tail(review)}


def iter_json(review: Review, lines: Lines | None = None) -> Iterator[str]:
    """The compact JSON of ``to_dict`` in pieces, one objective at a time.

    Why pieces: a review of 10,000 key results is ~25 MB of JSON; building it as one dict
    tree and one string doubles the peak memory, and the page faults cost CPU too.
    """
    encode = _COMPACT.encode
    at = lines.at if lines is not None else None
    yield encode(_head(review, at))[:-1] + ', "objectives": ['
    for i, objective in enumerate(review.objectives):
        yield (", " if i else "") + encode(objective_dict(objective, at))
    yield "], " + encode(_tail(review))[1:]


def _flat(record: dict[str, Any]) -> bool:
    return not any(isinstance(v, dict | list) for v in record.values())


def _leaf(record: dict[str, Any]) -> bool:
    """A record whose values are scalars, lists of scalars or lists of flat records: one line."""
    for v in record.values():
        if isinstance(v, dict):
            return False
        if isinstance(v, list) and v and isinstance(v[0], dict) and not all(map(_flat, v)):
            return False
    return True


def pretty(value: Any, indent: str = "") -> str:
    """JSON with the structure indented and each flat record (a finding, a suggestion, a
    passage) on one line, written by the C encoder: as readable as ``indent=2`` for a
    person scanning a review, and several times faster than Python's indenting encoder.

    Lists are taken to hold records of one kind (the review's do), so a list whose first
    record fits on a line is written one record per line without checking the others.
    """
    encode = _COMPACT.encode
    if isinstance(value, dict):
        if not value or _leaf(value):
            return encode(value)
        inner = indent + "  "
        items = ",\n".join(f"{inner}{encode(k)}: {pretty(v, inner)}" for k, v in value.items())
        return "{\n" + items + "\n" + indent + "}"
    if isinstance(value, list) and value and isinstance(value[0], dict | list):
        inner = indent + "  "
        if isinstance(value[0], dict) and _leaf(value[0]):
            lines = [inner + encode(v) for v in value]
        else:
            lines = [inner + pretty(v, inner) for v in value]
        return "[\n" + ",\n".join(lines) + "\n" + indent + "]"
    return encode(value)


def render_json(review: Review, indent: bool = False, lines: Lines | None = None) -> str:
    """The review as JSON: one compact line by default (for programs: the C encoder writes
    10,000 key results in a fraction of a second), indented with ``indent`` (for a person)."""
    return pretty(to_dict(review, lines)) if indent else "".join(iter_json(review, lines))


# --------------------------------------------------------------------------- reading it back


def _evidence_from(d: dict[str, Any]) -> Evidence:
    return Evidence(int(d["start"]), int(d["end"]), str(d["text"]))


def finding_from(d: dict[str, Any]) -> Finding:
    return Finding(d["criterion"], bool(d["passed"]), float(d["score"]), d["level"], d["message"],
                   [_evidence_from(e) for e in d.get("evidence") or []], list(d.get("guidance") or []),
                   d.get("fix"), float(d.get("weight", 1.0)), d.get("why"), d.get("trigger"))


def suggestion_from(d: dict[str, Any]) -> Suggestion:
    return Suggestion(d["criterion"], d["text"], d.get("rationale", ""), list(d.get("sources") or []),
                      list(d.get("placeholders") or []), d.get("origin", "offline"))


def _parts_from(d: dict[str, Any] | None) -> KrParts | None:
    if d is None:
        return None
    keys = ("metric", "baseline", "baseline_text", "target", "target_text", "comparator", "relative_change",
            "unit", "direction", "deadline")
    return KrParts(**{k: d.get(k) for k in keys}, placeholders=list(d.get("placeholders") or []))


def _findings(d: dict[str, Any]) -> list[Finding]:
    return [finding_from(f) for f in d.get("findings") or []]


def _suggestions(d: dict[str, Any]) -> list[Suggestion]:
    return [suggestion_from(s) for s in d.get("suggestions") or []]


def _kr_from(k: dict[str, Any]) -> KeyResultReview:
    return KeyResultReview(k["id"], k["text"], float(k["score"]), _findings(k), _suggestions(k),
                           _parts_from(k.get("parts")), k.get("owner"), k.get("team"), k.get("progress"),
                           k.get("status"), k.get("done"), k.get("line"), list(k.get("notes") or []),
                           k.get("kind"))


def _objective_from(o: dict[str, Any]) -> ObjectiveReview:
    return ObjectiveReview(o["id"], o["text"], float(o["score"]), _findings(o),
                           [_kr_from(k) for k in o.get("key_results") or []], _suggestions(o),
                           o.get("parent"), o.get("owner"), o.get("team"), o.get("group"), o.get("period"),
                           bool(o.get("implicit", False)), o.get("line"))


def from_dict(data: dict[str, Any]) -> Review:
    """A review from its JSON (as ``to_dict`` wrote it, perhaps with suggestions added).

    The caller validates the shape first (the API does, with pydantic); this only builds.
    What the writer derives (``schema_version``, ``tool``, evidence ``line``/``column``) is
    not read back: ``to_dict`` writes it again.
    """
    passages = {pid: Passage(pid, p["title"], p["text"]) for pid, p in (data.get("passages") or {}).items()}
    return Review(float(data["score"]), str(data["grade"]), _findings(data),
                  [_objective_from(o) for o in data.get("objectives") or []], data.get("rubric", "okr-core"),
                  data.get("profile", "default"), data.get("period"), data.get("team"),
                  dict(data.get("stats") or {}), passages)
