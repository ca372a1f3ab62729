"""The linter's settings in the repository: ``.okr-coach.toml`` or ``[tool.okr-coach]``.

Why a file: a team that keeps OKRs in git runs ``okr-coach review`` from pre-commit, CI and
by hand; the pack, profile, failure level and the criteria it has decided not to use must
be the same in all three without repeating flags. The file is looked for from the current
folder up to the repository's root (a folder holding ``.git``) or the file system's root:
the first ``.okr-coach.toml``, else the first ``pyproject.toml`` with a ``[tool.okr-coach]``
table. Flags given on the command line win over the file; the file wins over defaults.

    # .okr-coach.toml
    pack = "okr-core"
    profile = "startup"
    fail-on = "warning"
    disable = ["kr-alignment"]      # criteria this team does not use, by id or file stem

Unknown keys and wrong values are errors (exit 2) naming the file, so a typo never
silently changes what the linter checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coach.errors import UsageProblem

FILE_NAME = ".okr-coach.toml"
_CHOICES: dict[str, tuple[str, ...]] = {
    "format": ("text", "json", "markdown", "html", "github", "sarif"),
    "fail-on": ("error", "warning", "suggestion", "never"),
    "input-format": ("auto", "text", "json", "yaml", "csv"),
}
_STRINGS = ("pack", "profile")
_BOOLS = ("semantic-alignment",)
KEYS = (*_CHOICES, *_STRINGS, *_BOOLS, "disable")


class ConfigError(UsageProblem):
    """The settings file is unreadable or holds something the linter does not know."""


class Config:
    """Settings read from a file (``path``), by the flag's name without dashes. A plain
    class: ``okr-coach review`` does not pay for importing dataclasses (see core/record.py)."""

    def __init__(self, path: Path | None = None, values: dict[str, Any] | None = None,
                 disable: list[str] | None = None) -> None:
        self.path = path
        self.values = values if values is not None else {}
        self.disable = disable if disable is not None else []

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def find_config(start: Path | None = None) -> Path | None:
    """The settings file that applies to ``start`` (default: the current folder), if any."""
    folder = (start or Path.cwd()).resolve()
    for here in (folder, *folder.parents):
        own = here / FILE_NAME
        if own.is_file():
            return own
        project = here / "pyproject.toml"
        if project.is_file() and _tool_table(project) is not None:
            return project
        if (here / ".git").exists():
            return None
    return None


def _read(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        with path.open("rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
            return data
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the settings file: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _tool_table(project: Path) -> dict[str, Any] | None:
    try:
        table = _read(project).get("tool", {}).get("okr-coach")
    except ConfigError:
        return None  # someone else's broken pyproject is not our settings file
    return table if isinstance(table, dict) else None


def load_config(path: Path | None) -> Config:
    """Read and check ``path`` (a ``.okr-coach.toml`` or a ``pyproject.toml``)."""
    if path is None:
        return Config()
    raw = _read(path)
    if path.name == "pyproject.toml":
        raw = raw.get("tool", {}).get("okr-coach", {})
    values: dict[str, Any] = {}
    disable: list[str] = []
    for key, value in raw.items():
        if key not in KEYS:
            raise ConfigError(f"{path}: unknown setting '{key}' (known: {', '.join(KEYS)})")
        if key in _CHOICES:
            if value not in _CHOICES[key]:
                raise ConfigError(f"{path}: {key} = {value!r}; choose one of {', '.join(_CHOICES[key])}")
        elif key in _STRINGS:
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{path}: {key} must be a non-empty string, not {value!r}")
        elif key in _BOOLS:
            if not isinstance(value, bool):
                raise ConfigError(f"{path}: {key} must be true or false, not {value!r}")
        elif not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ConfigError(f"{path}: disable must be a list of criterion ids, not {value!r}")
        if key == "disable":
            disable = [v.strip() for v in value]
        else:
            values[key] = value
    return Config(path, values, disable)


def without_criteria(rubric: Any, disable: list[str], where: Path | None) -> Any:
    """``rubric`` minus the disabled criteria; an id the pack does not have is an error."""
    if not disable:
        return rubric
    from coach.rubric.model import Rubric

    gone = set()
    for name in disable:
        try:
            gone.add(rubric.get(name).id)
        except KeyError:
            known = ", ".join(c.stem for c in rubric.criteria)
            raise ConfigError(f"{where}: disable names '{name}', which pack '{rubric.pack.name}' does not "
                              f"have (its criteria: {known})") from None
    kept = [c for c in rubric.criteria if c.id not in gone]
    return Rubric(rubric.pack, kept, rubric.root, rubric.problems, rubric.reasons, rubric.passages)
