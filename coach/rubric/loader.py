"""Load and validate a rubric pack: the manifest, one YAML file per criterion, profiles.

Why strict: every problem is reported with its file and reason at once, so
``okr-coach rubrics check`` can be run by whoever edits the rubric.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from coach.paths import data_dir
from coach.rubric.checks import REGISTRY
from coach.rubric.schema import Criterion, Pack

DEFAULT_PACK = "okr-core"


class RubricError(ValueError):
    """One or more rubric files are invalid; ``problems`` lists (file, reason)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{f}: {r}" for f, r in problems))


@dataclass
class Rubric:
    pack: Pack
    criteria: list[Criterion]
    root: Path
    problems: list[tuple[str, str]] = field(default_factory=list)

    def get(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id or c.id.split(".", 1)[1] == criterion_id:
                return c
        raise KeyError(criterion_id)

    def params_for(self, criterion: Criterion, profile: str,
                   overrides: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
        """Check defaults, overlaid by the criterion's params, the profile's, then the caller's."""
        params = dict(REGISTRY[criterion.check].defaults)
        params.update(criterion.params)
        stem = criterion.id.split(".", 1)[1]
        chosen = self.pack.profiles.get(profile)
        if chosen is not None:
            params.update(chosen.overrides.get(stem, {}))
        params.update((overrides or {}).get(stem, {}))
        return params


def _read_yaml(path: Path, problems: list[tuple[str, str]]) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader",
                                                                             yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.append((path.name, f"cannot read: {str(exc).splitlines()[0]}"))
        return None


def _validation_reason(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(x) for x in first["loc"]) or "(file)"
    more = f" (+{len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
    return f"{where}: {first['msg']}{more}"


def _check_params(criterion: Criterion, problems: list[tuple[str, str]], name: str) -> None:
    check = REGISTRY.get(criterion.check)
    if check is None:
        problems.append((name, f"unknown check type '{criterion.check}' (known: "
                               f"{', '.join(sorted(REGISTRY))})"))
        return
    if criterion.applies_to not in check.applies_to:
        problems.append((name, f"check '{check.name}' cannot apply to {criterion.applies_to}"))
    for key, value in criterion.params.items():
        if key not in check.defaults:
            problems.append((name, f"unknown param '{key}' for check '{check.name}' (known: "
                                   f"{', '.join(sorted(check.defaults)) or 'none'})"))
        elif not isinstance(value, type(check.defaults[key])) and not (
                isinstance(check.defaults[key], float) and isinstance(value, int)):
            problems.append((name, f"param '{key}' should be {type(check.defaults[key]).__name__}"))


def load_rubric(root: Path | None = None, strict: bool = True) -> Rubric:
    """Read a pack directory; raise RubricError listing every problem (unless strict=False)."""
    root = root or data_dir("rubrics") / DEFAULT_PACK
    problems: list[tuple[str, str]] = []
    manifest = _read_yaml(root / "rubric.yaml", problems) if (root / "rubric.yaml").is_file() else None
    if manifest is None:
        problems.append(("rubric.yaml", f"no readable pack manifest in {root}"))
        raise RubricError(problems)
    try:
        pack = Pack.model_validate(manifest)
    except ValidationError as exc:
        raise RubricError([("rubric.yaml", _validation_reason(exc))]) from None
    criteria: list[Criterion] = []
    for stem in pack.criteria:
        path = root / f"{stem}.yaml"
        name = path.name
        if not path.is_file():
            problems.append((name, "listed in rubric.yaml but missing"))
            continue
        data = _read_yaml(path, problems)
        if data is None:
            continue
        try:
            criterion = Criterion.model_validate(data)
        except ValidationError as exc:
            problems.append((name, _validation_reason(exc)))
            continue
        criterion.id = f"{pack.name}.{stem}"
        _check_params(criterion, problems, name)
        criteria.append(criterion)
    listed = set(pack.criteria)
    for path in sorted(root.glob("*.yaml")):
        if path.stem not in listed and path.name != "rubric.yaml":
            problems.append((path.name, "criterion file not listed in rubric.yaml"))
    for profile_name, profile in pack.profiles.items():
        for stem in profile.overrides:
            if stem not in listed:
                problems.append(("rubric.yaml", f"profile '{profile_name}' overrides unknown "
                                                f"criterion '{stem}'"))
    if problems and strict:
        raise RubricError(problems)
    return Rubric(pack, criteria, root, problems)


@lru_cache(maxsize=8)
def default_rubric() -> Rubric:
    """The bundled pack, loaded once per process."""
    return load_rubric()
