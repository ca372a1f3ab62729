"""Domain models shared by every face of okr-coach (CLI, API, batch, tutor).

Why pydantic: the same classes validate structured input, serialise the JSON
contract of design section 3 and export JSON Schema for the rubric files.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Level = Literal["error", "warning", "suggestion"]
LEVEL_RANK: dict[str, int] = {"suggestion": 1, "warning": 2, "error": 3}
Direction = Literal["increase", "decrease", "keep"]


class Evidence(BaseModel):
    """A span of the original text that triggered a finding.

    ``start``/``end`` index the pasted text for drafts parsed from text, and the
    item's own text for structured (JSON/YAML) input; ``text`` is the slice.
    """

    start: int
    end: int
    text: str


class KrParts(BaseModel):
    """What a key result says, pulled apart: metric, baseline, target, unit, direction, deadline."""

    metric: str | None = None
    baseline: float | None = None
    baseline_text: str | None = None
    target: float | None = None
    target_text: str | None = None
    comparator: Literal["=", ">=", "<=", ">", "<"] | None = None
    relative_change: float | None = None
    unit: str | None = None
    direction: Direction | None = None
    deadline: str | None = None
    placeholders: list[str] = Field(default_factory=list)
    numbers: list[Evidence] = Field(default_factory=list)


class KeyResult(BaseModel):
    id: str
    text: str
    offset: int = 0
    line: int | None = None
    owner: str | None = None
    parts: KrParts = Field(default_factory=KrParts)


class Objective(BaseModel):
    id: str
    text: str
    offset: int = 0
    line: int | None = None
    owner: str | None = None
    parent: str | None = None
    key_results: list[KeyResult] = Field(default_factory=list)
    initiatives: list[str] = Field(default_factory=list)


class OkrSet(BaseModel):
    """A draft: a few objectives with their key results, plus optional context."""

    team: str | None = None
    owner: str | None = None
    period: str | None = None
    parents: list[str] = Field(default_factory=list)
    objectives: list[Objective] = Field(default_factory=list)
    source: Literal["text", "structured"] = "text"


class Passage(BaseModel):
    """A piece of guidance shown as 'why this matters'."""

    id: str
    title: str
    text: str


class Finding(BaseModel):
    criterion: str
    passed: bool
    score: float
    level: Level
    message: str
    evidence: list[Evidence] = Field(default_factory=list)
    guidance: list[str] = Field(default_factory=list)
    fix: str | None = None
    weight: float = 1.0
    why: Passage | None = None


class Suggestion(BaseModel):
    criterion: str
    text: str
    rationale: str
    sources: list[str] = Field(default_factory=list)
    placeholders: list[str] = Field(default_factory=list)
    origin: str = "offline"


class KeyResultReview(BaseModel):
    id: str
    text: str
    score: float
    findings: list[Finding] = Field(default_factory=list)
    suggestions: list[Suggestion] = Field(default_factory=list)
    parts: KrParts | None = None


class ObjectiveReview(BaseModel):
    id: str
    text: str
    score: float
    findings: list[Finding] = Field(default_factory=list)
    key_results: list[KeyResultReview] = Field(default_factory=list)
    suggestions: list[Suggestion] = Field(default_factory=list)


class Review(BaseModel):
    """The whole review: the JSON contract of design section 3, plus grade and context."""

    model_config = ConfigDict(extra="forbid")

    score: float
    grade: str
    findings: list[Finding] = Field(default_factory=list)
    objectives: list[ObjectiveReview] = Field(default_factory=list)
    rubric: str = "okr-core"
    profile: str = "default"
    period: str | None = None
    team: str | None = None
    stats: dict[str, int] = Field(default_factory=dict)

    def failing(self, at_least: Level = "error") -> list[Finding]:
        """Every failing finding at or above a level, set, objective and key result alike."""
        rank = LEVEL_RANK[at_least]
        found = [f for f in self.findings if not f.passed and LEVEL_RANK[f.level] >= rank]
        for objective in self.objectives:
            found += [f for f in objective.findings if not f.passed and LEVEL_RANK[f.level] >= rank]
            for kr in objective.key_results:
                found += [f for f in kr.findings if not f.passed and LEVEL_RANK[f.level] >= rank]
        return found
