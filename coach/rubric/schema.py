"""The shape of rubric files, as pydantic models with ``extra="forbid"``.

Why: a typo in a criterion file must fail loudly with the file and the reason, not
silently disable a check. ``okr-coach rubrics schema`` exports the JSON Schema (committed
as ``rubrics/schema.json``) for editors and CI. Pydantic runs only when a pack is
compiled (see :mod:`coach.rubric.packs`); reviews read the compiled records.
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
    check: str = Field(description="A check type registered in coach/rubric/checks/.")
    params: dict[str, Any] = Field(default_factory=dict)
    level: Level
    weight: float = Field(gt=0, le=10)
    message: str = Field(description="Failure message; may use {text} and the check's fields.")
    fix: str
    guidance: list[str] = Field(min_length=1, description="Knowledge-base document ids.")
    why: dict[str, str] = Field(
        default_factory=dict,
        description="Trigger -> knowledge-base passage id ('<doc>#<section>') shown as 'why this "
                    "matters' for that kind of failure; '*' for any trigger. Unlisted triggers get "
                    "the best-matching passage of the criterion's guidance documents.")
    messages: dict[str, str] = Field(
        default_factory=dict, description="Trigger -> message for that kind of failure (else 'message').")
    fixes: dict[str, str] = Field(
        default_factory=dict, description="Trigger -> fix hint for that kind of failure (else 'fix').")
    examples: Examples = Field(default_factory=Examples)


class Override(BaseModel):
    """What a pack that extends another may change in one inherited criterion."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    params: dict[str, Any] = Field(default_factory=dict, description="Laid over the criterion's params.")
    level: Level | None = None
    weight: float | None = Field(default=None, gt=0, le=10)
    message: str | None = None
    fix: str | None = None
    guidance: list[str] | None = None
    why: dict[str, str] | None = None
    messages: dict[str, str] | None = None
    fixes: dict[str, str] | None = None
    examples: Examples | None = Field(default=None, description="Replaces the inherited examples.")


class Profile(BaseModel):
    """An organisation profile: parameter overrides per criterion (file stem -> params)."""

    model_config = ConfigDict(extra="forbid")

    description: str
    overrides: dict[str, dict[str, Any]] = Field(default_factory=dict)


class Pack(BaseModel):
    """The pack manifest (rubric.yaml): name, version, criteria files, profiles, grade bands.

    A pack may ``extends`` another by name: it inherits that pack's criteria (less those it
    ``exclude``s, with its ``overrides`` laid over them), profiles and grade bands, and adds
    the criteria listed under ``criteria`` from its own files.
    """

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")
    version: str
    description: str
    extends: str | None = Field(default=None, description="Name of the pack this one builds on.")
    school: str | None = Field(default=None, description="The school of practice the pack follows.")
    criteria: list[str] = Field(default_factory=list, description="Criterion file stems, in report order.")
    exclude: list[str] = Field(default_factory=list, description="Inherited criteria left out.")
    overrides: dict[str, Override] = Field(default_factory=dict,
                                           description="Inherited criterion stem -> what changes.")
    profiles: dict[str, Profile] = Field(default_factory=dict)
    grades: list[tuple[float, str]] | None = Field(
        default=None, description="Score floors and grades, highest first (default A 0.9 ... E 0).")


def export_schema() -> dict[str, Any]:
    """JSON Schema for criterion and pack files, for editors and ``rubrics check``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "okr-coach rubric files",
        "criterion": Criterion.model_json_schema(by_alias=True),
        "pack": Pack.model_json_schema(by_alias=True),
    }
