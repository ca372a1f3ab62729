"""The data model every face of okr-coach shares (CLI, API, batch, tutor).

Why plain dataclasses and not pydantic: a review of 10,000 key results creates some
100,000 findings, and ``okr-coach review`` must start in a few tens of milliseconds.
Pydantic stays at the edges where untrusted data comes in or a schema goes out (rubric
files, model replies, the HTTP API, which validates these same dataclasses); the hot path
only builds and reads slotted dataclasses. The JSON shape (design section 3) is written
by :mod:`coach.report.json`, never by these classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Level = Literal["error", "warning", "suggestion"]
LEVEL_RANK: dict[str, int] = {"suggestion": 1, "warning": 2, "error": 3}
LEVELS: tuple[Level, ...] = ("error", "warning", "suggestion")
Direction = Literal["increase", "decrease", "keep"]
Comparator = Literal["=", ">=", "<=", ">", "<"]


@dataclass(slots=True)
class Evidence:
    """A span of the original text that triggered a finding.

    ``start``/``end`` index the pasted text for drafts parsed from text, and the
    item's own text for structured (JSON/YAML) input; ``text`` is the slice.
    """

    start: int
    end: int
    text: str


@dataclass(slots=True)
class KrParts:
    """What a key result says, pulled apart: metric, baseline, target, unit, direction, deadline."""

    metric: str | None = None
    baseline: float | None = None
    baseline_text: str | None = None
    target: float | None = None
    target_text: str | None = None
    comparator: Comparator | None = None
    relative_change: float | None = None
    unit: str | None = None
    direction: Direction | None = None
    deadline: str | None = None
    placeholders: list[str] = field(default_factory=list)
    numbers: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class KeyResult:
    id: str
    text: str
    offset: int = 0
    line: int | None = None
    owner: str | None = None
    parts: KrParts = field(default_factory=KrParts)


@dataclass(slots=True)
class Objective:
    id: str
    text: str
    offset: int = 0
    line: int | None = None
    owner: str | None = None
    parent: str | None = None
    key_results: list[KeyResult] = field(default_factory=list)
    initiatives: list[str] = field(default_factory=list)


@dataclass(slots=True)
class OkrSet:
    """A draft: a few objectives with their key results, plus optional context."""

    team: str | None = None
    owner: str | None = None
    period: str | None = None
    parents: list[str] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    source: Literal["text", "structured"] = "text"


@dataclass(slots=True)
class Passage:
    """A piece of guidance shown as 'why this matters'; the review carries each one once."""

    id: str
    title: str
    text: str


@dataclass(slots=True)
class Finding:
    """One criterion's verdict on one item; ``why`` is the id of a passage in ``Review.passages``."""

    criterion: str
    passed: bool
    score: float
    level: Level
    message: str
    evidence: list[Evidence] = field(default_factory=list)
    guidance: list[str] = field(default_factory=list)
    fix: str | None = None
    weight: float = 1.0
    why: str | None = None
    trigger: str | None = None


@dataclass(slots=True)
class Suggestion:
    criterion: str
    text: str
    rationale: str
    sources: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    origin: str = "offline"


@dataclass(slots=True)
class KeyResultReview:
    id: str
    text: str
    score: float
    findings: list[Finding] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    parts: KrParts | None = None


@dataclass(slots=True)
class ObjectiveReview:
    id: str
    text: str
    score: float
    findings: list[Finding] = field(default_factory=list)
    key_results: list[KeyResultReview] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)


@dataclass(slots=True)
class Review:
    """The whole review: the JSON contract of design section 3, plus grade, context and passages."""

    score: float
    grade: str
    findings: list[Finding] = field(default_factory=list)
    objectives: list[ObjectiveReview] = field(default_factory=list)
    rubric: str = "okr-core"
    profile: str = "default"
    period: str | None = None
    team: str | None = None
    stats: dict[str, int] = field(default_factory=dict)
    passages: dict[str, Passage] = field(default_factory=dict)

    def all_findings(self) -> list[tuple[Finding, str]]:
        """Every finding with the id of the item it judges ("" for the set), in report order."""
        out: list[tuple[Finding, str]] = [(f, "") for f in self.findings]
        for objective in self.objectives:
            out += [(f, objective.id) for f in objective.findings]
            for kr in objective.key_results:
                out += [(f, kr.id) for f in kr.findings]
        return out

    def failing(self, at_least: Level = "error") -> list[Finding]:
        """Every failing finding at or above a level, set, objective and key result alike."""
        rank = LEVEL_RANK[at_least]
        return [f for f, _item in self.all_findings() if not f.passed and LEVEL_RANK[f.level] >= rank]


# The HTTP API validates these dataclasses with pydantic; a misspelt key in a posted review
# must be refused, not dropped. A plain dict, so this module never imports pydantic.
Review.__pydantic_config__ = {"extra": "forbid"}  # type: ignore[attr-defined]
