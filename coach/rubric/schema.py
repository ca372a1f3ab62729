"""The shape of rubric files, as pydantic models with ``extra="forbid"``.

Why: a typo in a criterion file must fail loudly with the file and the reason,
not silently disable a check. ``okr-coach rubrics schema`` exports the JSON
Schema (committed as ``rubrics/criterion.schema.json``) for editors and CI.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.core.models import Level

AppliesTo = Literal["key_result", "objective", "set"]


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid")

    passing: list[str] = Field(default_factory=list, alias="pass")
    failing: list[str] = Field(default_factory=list, alias="fail")
    objective: str | None = Field(
        default=None, description="Objective the key-result examples are read under (alignment).")


class Criterion(BaseModel):
    """One rule: which check type runs, with what data, and how a failure is explained."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="Human name of the criterion.")
    applies_to: AppliesTo
    check: str = Field(description="A check type registered in coach/rubric/checks.py.")
    params: dict[str, Any] = Field(default_factory=dict)
    level: Level
    weight: float = Field(gt=0, le=10)
    message: str = Field(description="Failure message; may use {text} and the check's fields.")
    fix: str
    guidance: list[str] = Field(min_length=1, description="Knowledge-base document ids.")
    examples: Examples = Field(default_factory=Examples)
    id: str = Field(default="", description="Set by the loader: '<pack>.<file stem>'.")


class Profile(BaseModel):
    """An organisation profile: parameter overrides per criterion (file stem -> params)."""

    model_config = ConfigDict(extra="forbid")

    description: str
    overrides: dict[str, dict[str, Any]] = Field(default_factory=dict)


class Pack(BaseModel):
    """The pack manifest (rubric.yaml): name, version, criteria files, profiles, grade bands."""

    model_config = ConfigDict(extra="forbid")

    name: str
    version: str
    description: str
    criteria: list[str] = Field(min_length=1, description="Criterion file stems, in report order.")
    profiles: dict[str, Profile] = Field(default_factory=dict)
    grades: list[tuple[float, str]] = Field(
        default_factory=lambda: [(0.9, "A"), (0.8, "B"), (0.65, "C"), (0.5, "D"), (0.0, "E")])


def export_schema() -> dict[str, Any]:
    """JSON Schema for criterion and pack files, for editors and ``rubrics check``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "okr-coach rubric files",
        "criterion": Criterion.model_json_schema(by_alias=True),
        "pack": Pack.model_json_schema(by_alias=True),
    }
