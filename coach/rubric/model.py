"""A compiled rubric pack: the plain records the engine reads, and their JSON form for the cache.

Why separate from :mod:`coach.rubric.schema`: the schema validates what people write (with
pydantic, at compile time); this is what a review reads, thousands of times, and what is
cached on disk so ``okr-coach review`` needs neither yaml nor pydantic to start. The
compiled pack also carries the "why this matters" passage chosen for each criterion and
trigger, so a review never searches the knowledge base.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coach.core.models import Level, Passage
from coach.core.record import Record

Problems = list[tuple[str, str]]


class RubricError(ValueError):
    """One or more rubric files are invalid; ``problems`` lists (file, reason)."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{f}: {r}" for f, r in problems))


DEFAULT_GRADES: list[tuple[float, str]] = [(0.9, "A"), (0.8, "B"), (0.65, "C"), (0.5, "D"), (0.0, "E")]
ANY_TRIGGER = "*"


class Examples(Record):
    __slots__ = ("failing", "objective", "passing")
    passing: list[str]
    failing: list[str]
    objective: str | None

    def __init__(self, passing: list[str] | None = None, failing: list[str] | None = None,
                 objective: str | None = None) -> None:
        self.passing = passing if passing is not None else []
        self.failing = failing if failing is not None else []
        self.objective = objective


class Criterion(Record):
    """One rule as the engine runs it; ``id`` is '<pack that defined it>.<file stem>'."""

    __slots__ = (
        "applies_to",
        "check",
        "examples",
        "fix",
        "guidance",
        "id",
        "level",
        "message",
        "name",
        "params",
        "weight",
        "why",
        "messages",
        "fixes",
    )
    id: str
    name: str
    applies_to: str
    check: str
    params: dict[str, Any]
    level: Level
    weight: float
    message: str
    fix: str
    guidance: list[str]
    why: dict[str, str]
    examples: Examples
    messages: dict[str, str]  # trigger -> message, where a kind of failure needs its own words
    fixes: dict[str, str]  # trigger -> fix hint

    def __init__(self, id: str, name: str, applies_to: str, check: str, params: dict[str, Any],
                 level: Level, weight: float, message: str, fix: str, guidance: list[str],
                 why: dict[str, str] | None = None, examples: Examples | None = None,
                 messages: dict[str, str] | None = None, fixes: dict[str, str] | None = None) -> None:
        self.id, self.name, self.applies_to, self.check, self.params = id, name, applies_to, check, params
        self.level, self.weight, self.message, self.fix, self.guidance = level, weight, message, fix, guidance
        self.why = why if why is not None else {}
        self.examples = examples if examples is not None else Examples()
        self.messages = messages if messages is not None else {}
        self.fixes = fixes if fixes is not None else {}

    def message_for(self, trigger: str | None) -> str:
        return self.messages.get(trigger or "", self.message)

    def fix_for(self, trigger: str | None) -> str:
        return self.fixes.get(trigger or "", self.fix)

    @property
    def stem(self) -> str:
        return self.id.split(".", 1)[-1]


class Profile(Record):
    __slots__ = ("description", "overrides")
    description: str
    overrides: dict[str, dict[str, Any]]

    def __init__(self, description: str, overrides: dict[str, dict[str, Any]] | None = None) -> None:
        self.description = description
        self.overrides = overrides if overrides is not None else {}


class Pack(Record):
    __slots__ = ("description", "extends", "grades", "lineage", "name", "profiles", "school", "version")
    name: str
    version: str
    description: str
    extends: str | None
    school: str | None
    profiles: dict[str, Profile]
    grades: list[tuple[float, str]]
    lineage: list[str]

    def __init__(self, name: str, version: str, description: str, extends: str | None = None,
                 school: str | None = None, profiles: dict[str, Profile] | None = None,
                 grades: list[tuple[float, str]] | None = None, lineage: list[str] | None = None) -> None:
        self.name, self.version, self.description, self.extends, self.school = (
            name, version, description, extends, school)
        self.profiles = profiles if profiles is not None else {}
        self.grades = grades if grades is not None else list(DEFAULT_GRADES)
        self.lineage = lineage if lineage is not None else []


class Rubric:
    """A pack ready to run: criteria in report order, profiles, grades and 'why' passages.

    ``reasons`` maps '<criterion id>|<trigger>' to a passage id in ``passages``.
    """

    def __init__(self, pack: Pack, criteria: list[Criterion], root: Path,
                 problems: Problems | None = None, reasons: dict[str, str] | None = None,
                 passages: dict[str, Passage] | None = None) -> None:
        self.pack, self.criteria, self.root = pack, criteria, root
        self.problems: Problems = problems if problems is not None else []
        self.reasons: dict[str, str] = reasons if reasons is not None else {}
        self.passages: dict[str, Passage] = passages if passages is not None else {}
        self._params: dict[str, dict[str, dict[str, Any]]] = {}

    def get(self, criterion_id: str) -> Criterion:
        """A criterion by full id ('okr-core.kr-outcome') or file stem ('kr-outcome')."""
        for c in self.criteria:
            if c.id == criterion_id or c.stem == criterion_id:
                return c
        raise KeyError(criterion_id)

    def profile_names(self) -> list[str]:
        """'default' first, then the pack's organisation profiles."""
        return ["default", *sorted(self.pack.profiles)]

    def params(self, profile: str = "default") -> dict[str, dict[str, Any]]:
        """Criterion id -> params under ``profile`` (check defaults, criterion, profile); cached."""
        found = self._params.get(profile)
        if found is None:
            found = {c.id: self.params_for(c, profile) for c in self.criteria}
            self._params[profile] = found
        return found

    def params_for(self, criterion: Criterion, profile: str,
                   overrides: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
        """Check defaults, overlaid by the criterion's params, the profile's, then the caller's."""
        from coach.rubric.checks import REGISTRY

        params = dict(REGISTRY[criterion.check].defaults)
        params.update(criterion.params)
        chosen = self.pack.profiles.get(profile)
        if chosen is not None:
            params.update(chosen.overrides.get(criterion.stem, {}))
        params.update((overrides or {}).get(criterion.stem, {}))
        return params

    def grade(self, score: float) -> str:
        for floor, grade in sorted(self.pack.grades, reverse=True):
            if score >= floor:
                return grade
        return self.pack.grades[-1][1]

    def why(self, criterion_id: str, trigger: str | None) -> Passage | None:
        """The passage that explains this kind of failure of this criterion, if any."""
        pid = self.reasons.get(f"{criterion_id}|{trigger or ANY_TRIGGER}") or self.reasons.get(
            f"{criterion_id}|{ANY_TRIGGER}")
        return self.passages.get(pid) if pid else None


# --------------------------------------------------------------------------- the cache's JSON form


def to_json(rubric: Rubric) -> dict[str, Any]:
    pack = rubric.pack
    return {
        "pack": {"name": pack.name, "version": pack.version, "description": pack.description,
                 "extends": pack.extends, "school": pack.school, "lineage": pack.lineage,
                 "grades": [list(g) for g in pack.grades],
                 "profiles": {n: {"description": p.description, "overrides": p.overrides}
                              for n, p in pack.profiles.items()}},
        "criteria": [{"id": c.id, "name": c.name, "applies_to": c.applies_to, "check": c.check,
                      "params": c.params, "level": c.level, "weight": c.weight, "message": c.message,
                      "fix": c.fix, "guidance": c.guidance, "why": c.why, "messages": c.messages,
                      "fixes": c.fixes,
                      "examples": {"passing": c.examples.passing, "failing": c.examples.failing,
                                   "objective": c.examples.objective}}
                     for c in rubric.criteria],
        "root": str(rubric.root),
        "problems": [list(p) for p in rubric.problems],
        "reasons": rubric.reasons,
        "passages": {pid: {"title": p.title, "text": p.text} for pid, p in rubric.passages.items()},
    }


def from_json(data: dict[str, Any]) -> Rubric:
    p = data["pack"]
    pack = Pack(p["name"], p["version"], p["description"], p.get("extends"), p.get("school"),
                {n: Profile(v["description"], v.get("overrides", {})) for n, v in p["profiles"].items()},
                [(float(a), str(b)) for a, b in p["grades"]], list(p.get("lineage", [])))
    criteria = [Criterion(c["id"], c["name"], c["applies_to"], c["check"], c["params"], c["level"],
                          float(c["weight"]), c["message"], c["fix"], list(c["guidance"]), dict(c["why"]),
                          Examples(**c["examples"]), dict(c.get("messages") or {}),
                          dict(c.get("fixes") or {}))
                for c in data["criteria"]]
    passages = {pid: Passage(pid, v["title"], v["text"]) for pid, v in data["passages"].items()}
    return Rubric(pack, criteria, Path(data["root"]), [(a, b) for a, b in data["problems"]],
                  dict(data["reasons"]), passages)
