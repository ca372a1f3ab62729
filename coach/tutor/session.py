"""A learner's way through a lesson: attempts, progressive hints, scores, concepts that come back.

Why this shape: feedback teaches when it arrives in steps. A wrong attempt first gets the
engine's finding on the learner's own words; a second wrong attempt adds the fix; a third
the guidance passage that explains it; then the worked example, and the lesson moves on.
A concept missed (not right on the first attempt) comes back a few exercises later, through
another exercise of the same concept where the curriculum has one (spaced repetition).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coach.tutor.curriculum import Exercise, Lesson
from coach.tutor.grading import Verdict, grade

MAX_ATTEMPTS = 3
COME_BACK_AFTER = 3  # exercises until a missed concept returns


@dataclass
class Step:
    """What the tutor says after one attempt."""

    verdict: Verdict
    hint: str | None = None  # the next hint, on a wrong attempt
    reveal: str | None = None  # the worked answer, when the attempts are used up
    done: bool = False  # the exercise is over (right, or out of attempts)


@dataclass
class Session:
    lessons: list[Lesson]
    lesson_id: str | None = None
    queue: list[Exercise] = field(default_factory=list)
    attempts: dict[str, int] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)  # concepts, in the order they were missed
    returned: set[str] = field(default_factory=set)  # exercise ids brought back for a concept
    hints_asked: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        chosen = [lesson for lesson in self.lessons if self.lesson_id in (None, lesson.id)]
        if self.lesson_id is not None and not chosen:
            from coach.errors import UsageProblem

            raise UsageProblem(f"no lesson {self.lesson_id!r} (okr-coach tutor --list shows them)")
        self.queue = [e for lesson in chosen for e in lesson.exercises]

    @property
    def current(self) -> Exercise | None:
        return self.queue[0] if self.queue else None

    def answer(self, text: str) -> Step:
        """Grade ``text`` for the current exercise and say what comes next."""
        exercise = self.current
        if exercise is None:
            raise ValueError("the session is over")
        n = self.attempts.get(exercise.id, 0) + 1
        self.attempts[exercise.id] = n
        verdict = grade(exercise, text)
        if verdict.correct:
            self.scores[exercise.id] = max(verdict.score - 0.25 * (n - 1), 0.25)
            self._next(exercise, missed=n > 1)
            return Step(verdict, done=True)
        if n >= MAX_ATTEMPTS:
            self.scores[exercise.id] = verdict.score * 0.25
            self._next(exercise, missed=True)
            return Step(verdict, reveal=worked_answer(exercise), done=True)
        return Step(verdict, hint=hint(exercise, n, verdict))

    def ask_hint(self) -> str:
        """The next hint for the current exercise without an attempt: the first hint, then the
        guidance passage, then the worked answer."""
        exercise = self.current
        if exercise is None:
            raise ValueError("the session is over")
        level = self.hints_asked.get(exercise.id, 0) + 1
        self.hints_asked[exercise.id] = level
        if level >= MAX_ATTEMPTS:
            return worked_answer(exercise)
        return hint(exercise, level, Verdict(False, 0.0, ""))

    def skip(self) -> str:
        """Give up on the current exercise: its worked answer, and its concept comes back."""
        exercise = self.current
        if exercise is None:
            raise ValueError("the session is over")
        self.scores[exercise.id] = 0.0
        self._next(exercise, missed=True)
        return worked_answer(exercise)

    def _next(self, exercise: Exercise, missed: bool) -> None:
        self.queue.pop(0)
        if not missed:
            return
        self.missed.append(exercise.concept)
        again = self._another(exercise)
        if again is not None:
            self.returned.add(again.id)
            self.queue.insert(min(COME_BACK_AFTER, len(self.queue)), again)

    def _another(self, exercise: Exercise) -> Exercise | None:
        """An exercise of the same concept not yet done or queued, from any lesson."""
        done = set(self.scores) | {e.id for e in self.queue}
        for lesson in self.lessons:
            for other in lesson.exercises:
                if other.concept == exercise.concept and other.id not in done and other.id != exercise.id:
                    return other
        return None

    def to_state(self) -> dict[str, Any]:
        """What resumes this session after a restart (exercise ids, not exercises)."""
        return {"lesson": self.lesson_id, "queue": [e.id for e in self.queue], "attempts": self.attempts,
                "scores": self.scores, "missed": self.missed, "returned": sorted(self.returned),
                "hints_asked": self.hints_asked}

    @classmethod
    def from_state(cls, lessons: list[Lesson], state: dict[str, Any]) -> Session:
        by_id = {e.id: e for lesson in lessons for e in lesson.exercises}
        session = cls(lessons, state.get("lesson"))
        # an exercise removed from the curriculum since is skipped
        session.queue = [by_id[i] for i in state.get("queue", []) if i in by_id]
        session.attempts = dict(state.get("attempts", {}))
        session.scores = dict(state.get("scores", {}))
        session.missed = list(state.get("missed", []))
        session.returned = set(state.get("returned", []))
        session.hints_asked = dict(state.get("hints_asked", {}))
        return session

    def progress(self) -> dict[str, Any]:
        answered = len(self.scores)
        return {"answered": answered, "left": len(self.queue),
                "score": round(sum(self.scores.values()) / answered, 2) if answered else None,
                "right_first_time": sum(1 for k, v in self.scores.items() if v >= 1.0),
                "to_practise": sorted(set(self.missed))}


def hint(exercise: Exercise, attempt: int, verdict: Verdict) -> str:
    """The hint after wrong attempt ``attempt``: the fix, then the guidance passage."""
    if attempt == 1:
        if exercise.hints:
            return exercise.hints[0]
        return _fix_of(verdict) or "Read the explanation of each choice again and look for the one that fits."
    if len(exercise.hints) > 1:
        return exercise.hints[1] + "\n" + _passage(exercise)
    return _passage(exercise)


def _fix_of(verdict: Verdict) -> str | None:
    if not verdict.failing:
        return None
    from coach.rubric.packs import default_rubric

    try:
        return default_rubric().get(verdict.failing[0]).fix or None
    except KeyError:
        return None


def _passage(exercise: Exercise) -> str:
    from coach.knowledge.docs import all_passages, load_documents

    wanted = exercise.passages[0]
    for passage in all_passages(load_documents()):
        if passage.id == wanted:
            body = " ".join(passage.text.split())
            cut = body if len(body) <= 500 else body[:499].rsplit(" ", 1)[0] + "…"
            return f"From the guidance ({passage.id}): {cut}"
    return ""


def worked_answer(exercise: Exercise) -> str:
    """The answer, worked: the model answer or the right choice, and why."""
    if exercise.kind in ("rewrite", "build"):
        return f"A good answer: {exercise.model_answer}\nWhy: {exercise.explain}"
    return f"The answer: {exercise.answer}. {exercise.explain}"
