"""A compiled rubric pack: plain dataclasses the engine reads, and their JSON form for the cache.

Why separate from :mod:`coach.rubric.schema`: the schema validates what people write (with
pydantic, at compile time); this is what a review reads, thousands of times, and what is
cached on disk so ``okr-coach review`` needs neither yaml nor pydantic to start. The
compiled pack also carries the "why this matters" passage chosen for each criterion and
trigger, so a review never searches the knowledge base.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.core.models import Level, Passage

DEFAULT_GRADES: list[tuple[float, str]] = [(0.9, "A"), (0.8, "B"), (0.65, "C"), (0.5, "D"), (0.0, "E")]
ANY_TRIGGER = "*"


@dataclass(slots=True)
class Examples:
    passing: list[str] = field(default_factory=list)
    failing: list[str] = field(default_factory=list)
    objective: str | None = None


@dataclass(slots=True)
class Criterion:
    """One rule as the engine runs it; ``id`` is '<pack that defined it>.<file stem>'."""

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
    why: dict[str, str] = field(default_factory=dict)
    examples: Examples = field(default_factory=Examples)

    @property
    def stem(self) -> str:
        return self.id.split(".", 1)[-1]


@dataclass(slots=True)
class Profile:
    description: str
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(slots=True)
class Pack:
    name: str
    version: str
    description: str
    extends: str | None = None
    school: str | None = None
    profiles: dict[str, Profile] = field(default_factory=dict)
    grades: list[tuple[float, str]] = field(default_factory=lambda: list(DEFAULT_GRADES))
    lineage: list[str] = field(default_factory=list)


@dataclass
class Rubric:
    """A pack ready to run: criteria in report order, profiles, grades and 'why' passages.

    ``reasons`` maps '<criterion id>|<trigger>' to a passage id in ``passages``.
    """

    pack: Pack
    criteria: list[Criterion]
    root: Path
    problems: list[tuple[str, str]] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)
    passages: dict[str, Passage] = field(default_factory=dict)
    _params: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict, repr=False)

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
                      "fix": c.fix, "guidance": c.guidance, "why": c.why,
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
                          Examples(**c["examples"]))
                for c in data["criteria"]]
    passages = {pid: Passage(pid, v["title"], v["text"]) for pid, v in data["passages"].items()}
    return Rubric(pack, criteria, Path(data["root"]), [(a, b) for a, b in data["problems"]],
                  dict(data["reasons"]), passages)
