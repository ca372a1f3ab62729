"""Request and response shapes of the HTTP API (they also make the OpenAPI page at /docs).

Why ``extra="forbid"`` on requests: a misspelt field ("profle") must answer 422 with the
field's name, not be ignored and give a review under the wrong profile.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

InputFormat = Literal["auto", "text", "json", "yaml", "csv"]


class DraftRequest(BaseModel):
    """A draft as pasted text or as the structured shape of design section 3 (exactly one)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"text": "Objective: Delight new customers\n- Raise activation from 35% to 60% by 30 June"},
        {"okrs": {"objectives": [{"title": "Delight new customers",
                                  "key_results": ["Raise activation from 35% to 60% by 30 June"]}]},
         "profile": "startup"},
    ]})

    text: str | None = Field(default=None, description="Pasted draft: markdown, bullets, table, "
                                                       "JSON or YAML text.")
    okrs: dict[str, Any] | list[Any] | None = Field(
        default=None, description="Structured draft: {'objectives': [{'title', 'key_results'}]}.")
    pack: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]{1,40}$",
                             description="Rubric pack by name (see /api/v1/rubrics); default okr-core.")
    profile: str = Field(default="default", description="Organisation profile (see /api/v1/rubrics).")
    input_format: InputFormat = Field(default="auto", description="How to read 'text'; auto detects.")

    @model_validator(mode="after")
    def _one_draft(self) -> DraftRequest:
        if (self.text is None) == (self.okrs is None):
            raise ValueError("send exactly one of 'text' (a pasted draft) or 'okrs' (structured)")
        return self


class SuggestRequest(DraftRequest):
    """A draft to rewrite; ``offline`` is the CLI's ``--offline``."""

    offline: bool = Field(default=False, description="Rewrites from the offline rewriter even when "
                                                     "a model is configured (instant, free).")


class ReviewRequest(SuggestRequest):
    """A review request; ``suggest`` adds rewrites (slower: may call a model)."""

    suggest: bool = Field(default=False, description="Add rewrites for failing findings.")


# --------------------------------------------------------------------------- the review JSON
# The shape ``coach.report.json.to_dict`` writes (design section 3), for the OpenAPI page and
# for validating a review posted back to /api/v1/reports. A test checks every review the
# service produces validates here and reads back equal.

Level = Literal["error", "warning", "suggestion"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EvidenceModel(_Strict):
    start: int
    end: int
    text: str
    line: int | None = Field(default=None, description="1-based line of `start` in the pasted draft; "
                                                       "null for structured input.")
    column: int | None = Field(default=None, description="1-based column (in characters) of `start`.")


class FindingModel(_Strict):
    criterion: str
    passed: bool
    score: float
    level: Level
    message: str
    evidence: list[EvidenceModel] = Field(default_factory=list)
    guidance: list[str] = Field(default_factory=list)
    fix: str | None = None
    weight: float = 1.0
    why: str | None = Field(default=None, description="Key of the passage in `passages`.")
    trigger: str | None = Field(default=None, description="The kind of failure, e.g. 'task'.")
    unsure: bool = Field(default=False, description="The engine could not tell and asks the author instead.")


class SuggestionModel(_Strict):
    criterion: str
    text: str
    rationale: str = ""
    sources: list[str] = Field(default_factory=list)
    placeholders: list[str] = Field(default_factory=list)
    origin: str = "offline"


class PartsModel(_Strict):
    metric: str | None = None
    baseline: float | None = None
    baseline_text: str | None = None
    target: float | None = None
    target_text: str | None = None
    comparator: Literal["=", ">=", "<=", ">", "<"] | None = None
    relative_change: float | None = None
    unit: str | None = None
    direction: Literal["increase", "decrease", "keep"] | None = None
    deadline: str | None = None
    placeholders: list[str] = Field(default_factory=list)


class KeyResultReviewModel(_Strict):
    id: str
    text: str
    score: float
    owner: str | None = Field(default=None, description="From an owner prefix or column.")
    team: str | None = Field(default=None, description="From the group heading or a team column.")
    progress: float | None = Field(default=None, description="A published score, 0..1 (over 1 if beaten).")
    status: str | None = None
    done: bool | None = Field(default=None, description="A checkbox: ticked or not.")
    line: int | None = None
    notes: list[str] = Field(
        default_factory=list, description='Lines under it on how it is measured ("Measure: ...").')
    kind: Literal["metric", "maintain", "milestone", "baseline", "activity"] | None = Field(
        default=None, description="What kind of key result it is; criteria judge it by its kind.")
    findings: list[FindingModel] = Field(default_factory=list)
    suggestions: list[SuggestionModel] = Field(default_factory=list)
    parts: PartsModel | None = None


class ObjectiveReviewModel(_Strict):
    id: str
    text: str
    score: float
    parent: str | None = Field(default=None, description="Id of the objective it nests under, or the "
                                                         "one it names.")
    owner: str | None = None
    team: str | None = None
    group: str | None = Field(default=None, description="The headings that group it, joined by ' / '.")
    period: str | None = None
    implicit: bool = Field(default=False, description="A stand-in for key results with no objective.")
    line: int | None = None
    findings: list[FindingModel] = Field(default_factory=list)
    key_results: list[KeyResultReviewModel] = Field(default_factory=list)
    suggestions: list[SuggestionModel] = Field(default_factory=list)


class PassageModel(_Strict):
    id: str
    title: str
    text: str


class ToolModel(_Strict):
    name: str
    version: str


class ReviewModel(_Strict):
    """A review: every applying finding, passed or not; each 'why' passage once in `passages`."""

    schema_version: str | None = Field(default=None, description="Version of this shape, e.g. '1.1'.")
    tool: ToolModel | None = None
    tool_version: str | None = Field(default=None, description="The okr-coach version that wrote it.")
    score: float
    grade: str
    findings: list[FindingModel] = Field(default_factory=list)
    objectives: list[ObjectiveReviewModel] = Field(default_factory=list)
    rubric: str = "okr-core"
    profile: str = "default"
    period: str | None = None
    team: str | None = None
    stats: dict[str, int] = Field(default_factory=dict)
    passages: dict[str, PassageModel] = Field(default_factory=dict)


class ItemSuggestion(SuggestionModel):
    """A rewrite together with the item it rewrites ("O1" or "O1.KR2")."""

    item: str


class SuggestionsResponse(BaseModel):
    suggestions: list[ItemSuggestion]
    stats: dict[str, Any] = Field(default_factory=dict)


class KbHit(BaseModel):
    id: str
    doc_id: str
    title: str
    heading: str
    score: float
    excerpt: str
    text: str


class KbSearchResponse(BaseModel):
    query: str
    engine: Literal["hybrid", "lexical"]
    note: str | None = None
    hits: list[KbHit]


class CriterionInfo(BaseModel):
    id: str
    name: str
    applies_to: str
    level: str
    weight: float
    guidance: list[str]


class ProfileInfo(BaseModel):
    name: str
    description: str


class RubricInfo(BaseModel):
    name: str
    version: str
    description: str
    extends: str | None = None
    school: str | None = None
    profiles: list[ProfileInfo]
    grades: list[tuple[float, str]]
    criteria: list[CriterionInfo]


class RubricsResponse(BaseModel):
    rubrics: list[RubricInfo]


class Health(BaseModel):
    """Only ``status`` without the token; the rest for callers who present it."""

    status: Literal["ok"]
    version: str | None = None
    suggestions: bool | None = None
    model: str | None = None


class ErrorResponse(BaseModel):
    status: int
    reason: str


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": text} for code, text in (
        (400, "The draft or the body cannot be read"),
        (401, "A token is required"),
        (413, "The body or draft is too large"),
        (422, "The request does not match the schema"),
    )
}
