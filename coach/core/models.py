"""The data model every face of okr-coach shares (CLI, API, batch, tutor).

Why plain slotted classes and not pydantic or dataclasses: a review of 10,000 key results
creates some 100,000 findings, and ``okr-coach review`` must start in a few tens of
milliseconds. Pydantic stays at the edges where untrusted data comes in or a schema goes
out (rubric files, model replies, the HTTP API); the review path only builds and reads
these records. The JSON shape (design section 3) is written and read by
:mod:`coach.report.json`, never by these classes.
"""

from __future__ import annotations

from typing import Literal

from coach.core.record import Record

Level = Literal["error", "warning", "suggestion"]
LEVEL_RANK: dict[str, int] = {"suggestion": 1, "warning": 2, "error": 3}
LEVELS: tuple[Level, ...] = ("error", "warning", "suggestion")
Direction = Literal["increase", "decrease", "keep"]
Comparator = Literal["=", ">=", "<=", ">", "<"]


class Evidence(Record):
    """A span of the original text that triggered a finding.

    ``start``/``end`` index the pasted text for drafts parsed from text, and the
    item's own text for structured (JSON/YAML) input; ``text`` is the slice.
    """

    __slots__ = ("end", "start", "text")
    start: int
    end: int
    text: str

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start, self.end, self.text = start, end, text


class KrParts(Record):
    """What a key result says, pulled apart: metric, baseline, target, unit, direction, deadline."""

    __slots__ = (
        "baseline",
        "baseline_text",
        "comparator",
        "deadline",
        "direction",
        "metric",
        "numbers",
        "placeholders",
        "relative_change",
        "target",
        "target_text",
        "unit",
    )
    metric: str | None
    baseline: float | None
    baseline_text: str | None
    target: float | None
    target_text: str | None
    comparator: Comparator | None
    relative_change: float | None
    unit: str | None
    direction: Direction | None
    deadline: str | None
    placeholders: list[str]
    numbers: list[Evidence]

    def __init__(self, metric: str | None = None, baseline: float | None = None,
                 baseline_text: str | None = None, target: float | None = None,
                 target_text: str | None = None, comparator: Comparator | None = None,
                 relative_change: float | None = None, unit: str | None = None,
                 direction: Direction | None = None, deadline: str | None = None,
                 placeholders: list[str] | None = None, numbers: list[Evidence] | None = None) -> None:
        self.metric, self.baseline, self.baseline_text = metric, baseline, baseline_text
        self.target, self.target_text, self.comparator = target, target_text, comparator
        self.relative_change, self.unit = relative_change, unit
        self.direction, self.deadline = direction, deadline
        self.placeholders = placeholders if placeholders is not None else []
        self.numbers = numbers if numbers is not None else []


class KeyResult(Record):
    """A key result as the author wrote it, with what its annotations said kept aside.

    ``positions`` (when set) maps each character of ``text`` to its offset in the pasted
    draft: cleaning markup ("[docs](url)", "**") can make the text a non-contiguous slice.
    ``progress`` is a published score as 0..1 (more than 1 when over-achieved), ``done`` a
    checkbox, ``tags`` labels such as "committed" or "existing", ``notes`` the lines written
    under it that say how it is measured or tracked ("Measure: ...", "Target: >= 95%").
    """

    __slots__ = ("id", "text", "offset", "line", "owner", "parts", "team", "progress", "status", "done",
                 "tags", "links", "positions", "notes")
    id: str
    text: str
    offset: int
    line: int | None
    owner: str | None
    parts: KrParts
    team: str | None
    progress: float | None
    status: str | None
    done: bool | None
    tags: list[str]
    links: list[str]
    positions: list[int] | None
    notes: list[str]

    def __init__(self, id: str, text: str, offset: int = 0, line: int | None = None,
                 owner: str | None = None, parts: KrParts | None = None, team: str | None = None,
                 progress: float | None = None, status: str | None = None, done: bool | None = None,
                 tags: list[str] | None = None, links: list[str] | None = None,
                 positions: list[int] | None = None, notes: list[str] | None = None) -> None:
        self.id, self.text, self.offset, self.line, self.owner = id, text, offset, line, owner
        self.parts = parts if parts is not None else KrParts()
        self.team, self.progress, self.status, self.done = team, progress, status, done
        self.tags = tags if tags is not None else []
        self.links = links if links is not None else []
        self.positions = positions
        self.notes = notes if notes is not None else []


class Objective(Record):
    """An objective and its key results; ``parent`` is the id of the objective it nests under
    (or the text of one it names), ``group`` the path of the headings that group it, and
    ``implicit`` marks the stand-in for key results published with no objective above them."""

    __slots__ = ("id", "text", "offset", "line", "owner", "parent", "key_results", "initiatives", "team",
                 "group", "period", "implicit", "progress", "tags", "positions")
    id: str
    text: str
    offset: int
    line: int | None
    owner: str | None
    parent: str | None
    key_results: list[KeyResult]
    initiatives: list[str]
    team: str | None
    group: str | None
    period: str | None
    implicit: bool
    progress: float | None
    tags: list[str]
    positions: list[int] | None

    def __init__(self, id: str, text: str, offset: int = 0, line: int | None = None,
                 owner: str | None = None, parent: str | None = None,
                 key_results: list[KeyResult] | None = None, initiatives: list[str] | None = None,
                 team: str | None = None, group: str | None = None, period: str | None = None,
                 implicit: bool = False, progress: float | None = None, tags: list[str] | None = None,
                 positions: list[int] | None = None) -> None:
        self.id, self.text, self.offset, self.line = id, text, offset, line
        self.owner, self.parent = owner, parent
        self.key_results = key_results if key_results is not None else []
        self.initiatives = initiatives if initiatives is not None else []
        self.team, self.group, self.period, self.implicit = team, group, period, implicit
        self.progress = progress
        self.tags = tags if tags is not None else []
        self.positions = positions


class OkrSet(Record):
    """A draft: objectives with their key results, plus context (team, period, title, groups)."""

    __slots__ = ("team", "owner", "period", "parents", "objectives", "source", "title", "groups", "ignores",
                 "levels")
    team: str | None
    owner: str | None
    period: str | None
    parents: list[str]
    objectives: list[Objective]
    source: Literal["text", "structured"]
    title: str | None
    groups: list[str]
    ignores: dict[int, frozenset[str]]  # "okr-coach: ignore" comments by line (coach/core/directives.py)
    # where metrics stand today, from a metrics table beside the OKRs ("| App downloads | 0 | 2,000 |"):
    # metric name -> today's value, so a key result on that metric has its start in the document
    levels: dict[str, str]

    def __init__(self, team: str | None = None, owner: str | None = None, period: str | None = None,
                 parents: list[str] | None = None, objectives: list[Objective] | None = None,
                 source: Literal["text", "structured"] = "text", title: str | None = None,
                 groups: list[str] | None = None, ignores: dict[int, frozenset[str]] | None = None,
                 levels: dict[str, str] | None = None) -> None:
        self.team, self.owner, self.period = team, owner, period
        self.parents = parents if parents is not None else []
        self.objectives = objectives if objectives is not None else []
        self.source = source
        self.title = title
        self.groups = groups if groups is not None else []
        self.ignores = ignores if ignores is not None else {}
        self.levels = levels if levels is not None else {}


class Passage(Record):
    """A piece of guidance shown as 'why this matters'; the review carries each one once."""

    __slots__ = ("id", "text", "title")
    id: str
    title: str
    text: str

    def __init__(self, id: str, title: str, text: str) -> None:
        self.id, self.title, self.text = id, title, text


OPEN_POINT_TRIGGER = "placeholder"
# A check that cannot tell from the text reports this trigger: the finding is a question to
# the author at suggestion level, not an error or a warning, and costs no score.
UNSURE_TRIGGER = "unsure"


class Finding(Record):
    """One criterion's verdict on one item; ``why`` is the id of a passage in ``Review.passages``,
    ``trigger`` the kind of failure (which picks that passage)."""

    __slots__ = (
        "criterion",
        "evidence",
        "fix",
        "guidance",
        "level",
        "message",
        "passed",
        "score",
        "trigger",
        "weight",
        "why",
    )
    criterion: str
    passed: bool
    score: float
    level: Level
    message: str
    evidence: list[Evidence]
    guidance: list[str]
    fix: str | None
    weight: float
    why: str | None
    trigger: str | None

    def __init__(self, criterion: str, passed: bool, score: float, level: Level, message: str,
                 evidence: list[Evidence] | None = None, guidance: list[str] | None = None,
                 fix: str | None = None, weight: float = 1.0, why: str | None = None,
                 trigger: str | None = None) -> None:
        self.criterion, self.passed, self.score = criterion, passed, score
        self.level, self.message = level, message
        self.evidence = evidence if evidence is not None else []
        self.guidance = guidance if guidance is not None else []
        self.fix, self.weight, self.why, self.trigger = fix, weight, why, trigger

    @property
    def open_point(self) -> bool:
        """A failure only the author can close (a placeholder number to set, a question the
        text cannot answer): no rewrite is asked for it, and a rewrite that leaves only such
        points open is acceptable."""
        return not self.passed and self.trigger in (OPEN_POINT_TRIGGER, UNSURE_TRIGGER)

    @property
    def unsure(self) -> bool:
        """The engine could not tell and asks instead (see UNSURE_TRIGGER)."""
        return not self.passed and self.trigger == UNSURE_TRIGGER


class Suggestion(Record):
    __slots__ = ("criterion", "origin", "placeholders", "rationale", "sources", "text")
    criterion: str
    text: str
    rationale: str
    sources: list[str]
    placeholders: list[str]
    origin: str

    def __init__(self, criterion: str, text: str, rationale: str, sources: list[str] | None = None,
                 placeholders: list[str] | None = None, origin: str = "offline") -> None:
        self.criterion, self.text, self.rationale = criterion, text, rationale
        self.sources = sources if sources is not None else []
        self.placeholders = placeholders if placeholders is not None else []
        self.origin = origin


class KeyResultReview(Record):
    """A reviewed key result: its findings and rewrites, and what the draft said about it."""

    __slots__ = ("id", "text", "score", "findings", "suggestions", "parts", "owner", "team", "progress",
                 "status", "done", "line", "notes", "kind")
    id: str
    text: str
    score: float
    findings: list[Finding]
    suggestions: list[Suggestion]
    parts: KrParts | None
    owner: str | None
    team: str | None
    progress: float | None
    status: str | None
    done: bool | None
    line: int | None
    notes: list[str]
    kind: str | None  # metric, maintain, milestone, baseline or activity (coach.rubric.kinds)

    def __init__(self, id: str, text: str, score: float, findings: list[Finding] | None = None,
                 suggestions: list[Suggestion] | None = None, parts: KrParts | None = None,
                 owner: str | None = None, team: str | None = None, progress: float | None = None,
                 status: str | None = None, done: bool | None = None, line: int | None = None,
                 notes: list[str] | None = None, kind: str | None = None) -> None:
        self.id, self.text, self.score = id, text, score
        self.findings = findings if findings is not None else []
        self.suggestions = suggestions if suggestions is not None else []
        self.parts = parts
        self.owner, self.team, self.progress, self.status, self.done = owner, team, progress, status, done
        self.line = line
        self.notes = notes if notes is not None else []
        self.kind = kind


class ObjectiveReview(Record):
    """A reviewed objective: findings, key results, rewrites, and where it sits in the document."""

    __slots__ = ("id", "text", "score", "findings", "key_results", "suggestions", "parent", "owner", "team",
                 "group", "period", "implicit", "line")
    id: str
    text: str
    score: float
    findings: list[Finding]
    key_results: list[KeyResultReview]
    suggestions: list[Suggestion]
    parent: str | None
    owner: str | None
    team: str | None
    group: str | None
    period: str | None
    implicit: bool
    line: int | None

    def __init__(self, id: str, text: str, score: float, findings: list[Finding] | None = None,
                 key_results: list[KeyResultReview] | None = None,
                 suggestions: list[Suggestion] | None = None, parent: str | None = None,
                 owner: str | None = None, team: str | None = None, group: str | None = None,
                 period: str | None = None, implicit: bool = False, line: int | None = None) -> None:
        self.id, self.text, self.score = id, text, score
        self.findings = findings if findings is not None else []
        self.key_results = key_results if key_results is not None else []
        self.suggestions = suggestions if suggestions is not None else []
        self.parent, self.owner, self.team, self.group = parent, owner, team, group
        self.period, self.implicit, self.line = period, implicit, line


class Review(Record):
    """The whole review: the JSON contract of design section 3, plus grade, context and passages."""

    __slots__ = (
        "findings",
        "grade",
        "objectives",
        "passages",
        "period",
        "profile",
        "rubric",
        "score",
        "stats",
        "team",
    )
    score: float
    grade: str
    findings: list[Finding]
    objectives: list[ObjectiveReview]
    rubric: str
    profile: str
    period: str | None
    team: str | None
    stats: dict[str, int]
    passages: dict[str, Passage]

    def __init__(self, score: float, grade: str, findings: list[Finding] | None = None,
                 objectives: list[ObjectiveReview] | None = None, rubric: str = "okr-core",
                 profile: str = "default", period: str | None = None, team: str | None = None,
                 stats: dict[str, int] | None = None, passages: dict[str, Passage] | None = None) -> None:
        self.score, self.grade = score, grade
        self.findings = findings if findings is not None else []
        self.objectives = objectives if objectives is not None else []
        self.rubric, self.profile, self.period, self.team = rubric, profile, period, team
        self.stats = stats if stats is not None else {}
        self.passages = passages if passages is not None else {}

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
