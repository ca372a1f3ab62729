"""The tutor's curriculum: lessons of exercises, as data in ``tutor/lessons/*.yaml``.

Why data and a check against the engine: trainers add and edit exercises without code, and
an exercise that says "this key result fails kr-outcome" is only as good as the rubric that
will grade the learner. ``check_curriculum`` runs every exercise through the same engine the
review uses (a spot exercise's flawed line must fail the criterion it names, a rewrite's
model answer must fix it with no new error or warning and keep the subject's words, a build
exercise's model answer must hold up as a set), so the curriculum and the rubric can never
disagree silently: the test suite runs it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from coach.paths import data_dir

Kind = Literal["classify", "spot", "rewrite", "build", "scenario"]


class Exercise(BaseModel):
    """One exercise. Which fields apply depends on ``kind`` (see tutor/GUIDE.md)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,60}$")
    kind: Kind
    prompt: str = Field(min_length=10)
    text: str | None = None  # classify: the line to classify
    draft: str | None = None  # spot, rewrite: a small OKR set
    target: str | None = Field(default=None, pattern=r"^O\d+(\.KR\d+)?$")
    choices: list[str] = Field(default_factory=list)
    answer: str | None = None  # classify, scenario: a choice; spot: the failing criterion (stem)
    fixes: str | None = None  # rewrite: the criterion (stem) the rewrite must fix
    keep: list[str] = Field(default_factory=list)  # rewrite: words the rewrite must keep
    model_answer: str | None = None  # rewrite: one line; build: a whole set
    min_key_results: int = 3  # build
    explain: str = Field(min_length=20)  # why the answer is right, in our words
    explain_choices: dict[str, str] = Field(default_factory=dict)  # scenario: why each choice
    hints: list[str] = Field(default_factory=list)  # progressive: the fix, then more
    passages: list[str] = Field(min_length=1)  # knowledge-base passage ids that teach it
    concept: str = Field(min_length=3)  # what is practised (spaced repetition groups by it)

    @property
    def shown_choices(self) -> list[str]:
        """The choices in the order a learner sees them: a scenario's in a fixed shuffle (its
        authors tend to list the right answer first), the others as written."""
        if self.kind != "scenario":
            return list(self.choices)
        import hashlib

        return sorted(self.choices, key=lambda c: hashlib.sha256(f"{self.id}|{c}".encode()).hexdigest())

    @model_validator(mode="after")
    def _fields_for_kind(self) -> Exercise:
        need: dict[str, tuple[str, ...]] = {
            "classify": ("text", "choices", "answer"), "spot": ("draft", "target", "choices", "answer"),
            "rewrite": ("draft", "target", "fixes", "model_answer"), "build": ("model_answer",),
            "scenario": ("choices", "answer", "explain_choices")}
        missing = [f for f in need[self.kind] if not getattr(self, f)]
        if missing:
            raise ValueError(f"a {self.kind} exercise needs {', '.join(missing)}")
        if self.kind in ("classify", "spot", "scenario") and self.answer not in self.choices:
            raise ValueError(f"answer {self.answer!r} is not one of the choices {self.choices}")
        if self.kind == "scenario" and set(self.explain_choices) != set(self.choices):
            raise ValueError("explain_choices must explain every choice, and only those")
        return self


class Lesson(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,60}$")
    title: str = Field(min_length=5)
    summary: str = Field(min_length=20)
    order: int = 0
    exercises: list[Exercise] = Field(min_length=1)


class CurriculumError(ValueError):
    """A lesson file is invalid; the message names the file and the field."""


def lessons_dir() -> Path:
    return data_dir("tutor") / "lessons"


def load_lessons(folder: Path | None = None) -> list[Lesson]:
    """Every lesson, in their ``order``; exercise ids unique across the curriculum."""
    folder = folder or lessons_dir()
    lessons: list[Lesson] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            lesson = Lesson.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (ValidationError, yaml.YAMLError) as exc:
            raise CurriculumError(f"{path.name}: {exc}") from None
        if lesson.id != path.stem:
            raise CurriculumError(f"{path.name}: id {lesson.id!r} differs from the file name")
        for exercise in lesson.exercises:
            if exercise.id in seen:
                raise CurriculumError(f"{path.name}: exercise {exercise.id} also in {seen[exercise.id]}")
            seen[exercise.id] = path.name
        lessons.append(lesson)
    return sorted(lessons, key=lambda lesson: (lesson.order, lesson.id))


def _criterion_failing(review: Any, target: str, stem: str) -> bool:
    for objective in review.objectives:
        items = [objective, *objective.key_results]
        for item in items:
            if item.id == target:
                return any(not f.passed and not f.unsure and f.criterion.split(".", 1)[1] == stem
                           for f in item.findings)
    raise CurriculumError(f"no item {target} in the draft")


def check_exercise(exercise: Exercise, passage_ids: set[str]) -> list[str]:
    """What is wrong with one exercise, judged by the engine; empty when it holds."""
    from coach.service.review import review_text
    from coach.tutor.grading import grade_rewrite, grade_set

    problems = [f"unknown passage {p}" for p in exercise.passages if p not in passage_ids]
    try:
        if exercise.kind == "spot":
            assert exercise.draft and exercise.target and exercise.answer
            if not _criterion_failing(review_text(exercise.draft), exercise.target, exercise.answer):
                problems.append(f"the engine does not fail {exercise.answer} on {exercise.target}")
        elif exercise.kind == "rewrite":
            assert exercise.draft and exercise.target and exercise.fixes and exercise.model_answer
            if not _criterion_failing(review_text(exercise.draft), exercise.target, exercise.fixes):
                problems.append(f"the draft does not fail {exercise.fixes} on {exercise.target}")
            verdict = grade_rewrite(exercise, exercise.model_answer)
            if not verdict.correct:
                problems.append(f"the model answer does not pass: {verdict.feedback}")
        elif exercise.kind == "build":
            assert exercise.model_answer
            verdict = grade_set(exercise, exercise.model_answer)
            if not verdict.correct:
                problems.append(f"the model answer does not pass: {verdict.feedback}")
    except CurriculumError as exc:
        problems.append(str(exc))
    return problems


def check_curriculum(lessons: list[Lesson] | None = None) -> list[tuple[str, str]]:
    """(exercise id, problem) for every exercise the engine disagrees with."""
    from coach.knowledge.docs import all_passages, load_documents

    ids = {p.id for p in all_passages(load_documents())}
    out = []
    for lesson in lessons if lessons is not None else load_lessons():
        for exercise in lesson.exercises:
            out += [(exercise.id, p) for p in check_exercise(exercise, ids)]
    return out
