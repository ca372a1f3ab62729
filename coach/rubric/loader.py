"""Read and validate a rubric pack directory: the manifest, one YAML file per criterion, profiles.

Why strict: every problem is reported with its file and reason at once, so
``okr-coach rubrics check`` can be run by whoever edits the rubric. A pack that
``extends`` another inherits its criteria, profiles and grades; problems of the base are
reported under the base's name. This module imports yaml and pydantic, so it runs only
when a pack is compiled (see :mod:`coach.rubric.packs`), never on a cached review.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from coach.rubric import schema
from coach.rubric.checks import REGISTRY
from coach.rubric.model import (
    DEFAULT_GRADES,
    Criterion,
    Examples,
    Pack,
    Problems,
    Profile,
    Rubric,
    RubricError,
)

__all__ = ["RubricError", "check_params", "load_rubric", "read_yaml"]


def read_yaml(path: Path, problems: Problems) -> Any:
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


def check_params(criterion: Criterion, problems: Problems, name: str) -> None:
    """The check type exists, applies to the criterion's level, and knows every param."""
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
    for field_name, mapping in (("why", criterion.why), ("messages", criterion.messages),
                                ("fixes", criterion.fixes)):
        for trigger in mapping:
            if trigger != "*" and trigger not in check.triggers:
                problems.append((name, f"{field_name}: unknown trigger '{trigger}' for check '{check.name}' "
                                       f"(known: {', '.join(check.triggers)})"))


def _examples(e: schema.Examples) -> Examples:
    return Examples(list(e.passing), list(e.failing), e.objective)


def _criterion(pack: str, stem: str, c: schema.Criterion) -> Criterion:
    return Criterion(f"{pack}.{stem}", c.name, c.applies_to, c.check, dict(c.params), c.level, c.weight,
                     c.message, c.fix, list(c.guidance), dict(c.why), _examples(c.examples), dict(c.messages),
                     dict(c.fixes))


def _overridden(c: Criterion, o: schema.Override) -> Criterion:
    return c.replace(
        name=o.name or c.name, params={**c.params, **o.params}, level=o.level or c.level,
        weight=o.weight or c.weight, message=o.message or c.message, fix=o.fix or c.fix,
        guidance=list(o.guidance) if o.guidance is not None else c.guidance,
        why={**c.why, **(o.why or {})}, messages={**c.messages, **(o.messages or {})},
        fixes={**c.fixes, **(o.fixes or {})},
        examples=_examples(o.examples) if o.examples is not None else c.examples)


def _inherit(manifest: schema.Pack, base: Rubric, problems: Problems) -> list[Criterion]:
    criteria = []
    stems = {c.stem for c in base.criteria}
    for name in [*manifest.exclude, *manifest.overrides]:
        if name not in stems:
            problems.append(("rubric.yaml", f"'{name}' is not a criterion of {base.pack.name}"))
    for c in base.criteria:
        if c.stem in manifest.exclude:
            continue
        override = manifest.overrides.get(c.stem)
        if override is not None:
            c = _overridden(c, override)
            check_params(c, problems, f"rubric.yaml overrides.{c.stem}")
        criteria.append(c)
    return criteria


def _profiles(manifest: schema.Pack, base: Rubric | None) -> dict[str, Profile]:
    profiles = {n: Profile(p.description, {k: dict(v) for k, v in p.overrides.items()})
                for n, p in (base.pack.profiles.items() if base else [])}
    for n, p in manifest.profiles.items():
        merged = dict(profiles[n].overrides) if n in profiles else {}
        for stem, params in p.overrides.items():
            merged[stem] = {**merged.get(stem, {}), **params}
        profiles[n] = Profile(p.description, merged)
    return profiles


def load_rubric(root: Path, strict: bool = True,
                find_base: Callable[[str], Path] | None = None, _chain: tuple[str, ...] = ()) -> Rubric:
    """Read a pack directory; raise RubricError listing every problem (unless strict=False).

    ``find_base`` turns a base pack's name into its directory (``packs.find_pack``).
    """
    problems: Problems = []
    manifest_data = read_yaml(root / "rubric.yaml", problems) if (root / "rubric.yaml").is_file() else None
    if manifest_data is None:
        problems.append(("rubric.yaml", f"no readable pack manifest in {root}"))
        raise RubricError(problems)
    try:
        manifest = schema.Pack.model_validate(manifest_data)
    except ValidationError as exc:
        raise RubricError([("rubric.yaml", _validation_reason(exc))]) from None
    base = _load_base(manifest, find_base, _chain, problems)
    criteria = _inherit(manifest, base, problems) if base else []
    if base is None and not manifest.criteria:
        problems.append(("rubric.yaml", "lists no criteria and extends no pack"))
    inherited = {c.stem for c in criteria}
    for stem in manifest.criteria:
        path = root / f"{stem}.yaml"
        if stem in inherited:
            problems.append((path.name, f"redefines the inherited criterion '{stem}'; use overrides"))
            continue
        if not path.is_file():
            problems.append((path.name, "listed in rubric.yaml but missing"))
            continue
        data = read_yaml(path, problems)
        if data is None:
            continue
        try:
            parsed = schema.Criterion.model_validate(data)
        except ValidationError as exc:
            problems.append((path.name, _validation_reason(exc)))
            continue
        criterion = _criterion(manifest.name, stem, parsed)
        check_params(criterion, problems, path.name)
        criteria.append(criterion)
    listed = set(manifest.criteria)
    for path in sorted(root.glob("*.yaml")):
        if path.stem not in listed and path.name != "rubric.yaml":
            problems.append((path.name, "criterion file not listed in rubric.yaml"))
    stems = {c.stem for c in criteria}
    for profile_name, profile in manifest.profiles.items():
        for stem in profile.overrides:
            if stem not in stems:
                problems.append(("rubric.yaml", f"profile '{profile_name}' overrides unknown "
                                                f"criterion '{stem}'"))
    grades: list[tuple[float, str]] = list(manifest.grades) if manifest.grades else (
        base.pack.grades if base else DEFAULT_GRADES)
    pack = Pack(manifest.name, manifest.version, manifest.description, manifest.extends, manifest.school,
                _profiles(manifest, base), [(float(a), str(b)) for a, b in grades],
                [*(base.pack.lineage if base else []), manifest.name])
    if problems and strict:
        raise RubricError(problems)
    return Rubric(pack, criteria, root, problems)


def _load_base(manifest: schema.Pack, find_base: Callable[[str], Path] | None, chain: tuple[str, ...],
               problems: Problems) -> Rubric | None:
    if not manifest.extends:
        return None
    if manifest.extends in (*chain, manifest.name):
        problems.append(("rubric.yaml", f"extends '{manifest.extends}', which extends it back"))
        return None
    if find_base is None:
        from coach.rubric.packs import find_pack

        find_base = find_pack
    try:
        base_root = find_base(manifest.extends)
        base = load_rubric(base_root, strict=False, find_base=find_base,
                           _chain=(*chain, manifest.name))
    except (LookupError, RubricError) as exc:
        reasons = exc.problems if isinstance(exc, RubricError) else [("rubric.yaml", str(exc))]
        problems += [(f"{manifest.extends}/{f}", r) for f, r in reasons]
        return None
    problems += [(f"{base.pack.name}/{f}", r) for f, r in base.problems]
    return base
