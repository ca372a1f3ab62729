"""Grading a learner's attempt with the same rubric engine a review uses.

Why the engine and not answer keys for rewrites and sets: a learner's rewrite can be right
in a thousand wordings. It is right when the review says the target criterion now passes,
nothing new fails, and the subject is still there; the feedback is the engine's own finding,
with the learner's words that triggered it marked, so what the tutor teaches is what the
reviewer will later ask.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from coach.core.kr_parts import extract_parts
from coach.core.text import content_stems


@dataclass
class Verdict:
    correct: bool
    score: float  # 0..1
    feedback: str
    marked: str = ""  # the learner's text with the triggering words in [[double brackets]]
    failing: list[str] = field(default_factory=list)  # criteria (stems) the attempt fails


def _stem(criterion: str) -> str:
    return criterion.split(".", 1)[-1]


def _mark(text: str, findings: list[Any]) -> str:
    """The learner's text with each finding's evidence in [[...]] (evidence offsets point
    into the whole draft, so the words are found again in the learner's line)."""
    spans: set[tuple[int, int]] = set()
    for f in findings:
        for e in f.evidence or []:
            words = (e.text or "").strip()
            at = text.find(words) if words else -1
            if at >= 0:
                spans.add((at, at + len(words)))
    out = text
    for start, end in sorted(spans, reverse=True):
        if not any(s < start < e or s < end < e for s, e in spans if (s, e) != (start, end)):
            out = out[:start] + "[[" + out[start:end] + "]]" + out[end:]
    return out


def _failing(item: Any, levels: tuple[str, ...] = ("error", "warning")) -> list[Any]:
    return [f for f in item.findings
            if not f.passed and not f.unsure and not f.open_point and f.level in levels]


def _item(review: Any, target: str) -> Any:
    for objective in review.objectives:
        for item in (objective, *objective.key_results):
            if item.id == target:
                return item
    raise KeyError(target)


def grade_choice(exercise: Any, answer: str) -> Verdict:
    """classify / spot / scenario: the choice (by its text or its number, 1-based)."""
    given = answer.strip().lower()
    choices = [c.lower() for c in exercise.shown_choices]
    if given.isdigit() and 1 <= int(given) <= len(choices):
        given = choices[int(given) - 1]
    if given not in choices:
        return Verdict(False, 0.0, f"Answer with one of: {', '.join(exercise.shown_choices)}.")
    correct = given == exercise.answer.lower()
    chosen = exercise.shown_choices[choices.index(given)]
    why = exercise.explain_choices.get(chosen) or exercise.explain
    return Verdict(correct, 1.0 if correct else 0.0, why)


def grade_rewrite(exercise: Any, answer: str) -> Verdict:
    """A rewrite is right when the target criterion passes, nothing new fails, and the
    subject's words (``keep``) are still there; half marks for fixing it with a slip."""
    from coach.core.parsing import parse
    from coach.service.review import review_okr_set

    text = " ".join(answer.split())
    if len(text) < 3:
        return Verdict(False, 0.0, "Write the rewritten line.")
    okr = parse(exercise.draft)
    before = review_okr_set(okr, explain=False)
    changed = copy.deepcopy(okr)
    for objective in changed.objectives:
        if objective.id == exercise.target:
            objective.text = text
        for kr in objective.key_results:
            if kr.id == exercise.target:
                kr.text, kr.parts = text, extract_parts(text)
    after = review_okr_set(changed, explain=False)
    old = {_stem(f.criterion) for f in _failing(_item(before, exercise.target))}
    findings = _failing(_item(after, exercise.target))
    now = {_stem(f.criterion) for f in findings}
    new = sorted(now - old)
    lost = [k for k in exercise.keep if not content_stems(k) <= content_stems(text)]
    marked = _mark(text, findings)
    if exercise.fixes in now:
        still = next(f for f in findings if _stem(f.criterion) == exercise.fixes)
        return Verdict(False, 0.0, f"Not yet: {still.message}", _mark(text, [still]), sorted(now))
    slips = []
    if new:
        slips.append("it now fails " + ", ".join(new) + ": " + "; ".join(
            f.message for f in findings if _stem(f.criterion) in new))
    if lost:
        slips.append("it no longer names " + ", ".join(lost) + " (keep the subject)")
    if slips:
        return Verdict(False, 0.5, f"Closer: {exercise.fixes} is fixed, but " + "; and ".join(slips) + ".",
                       marked, sorted(now))
    return Verdict(True, 1.0, f"Yes: {exercise.explain}", marked, sorted(now))


def grade_set(exercise: Any, answer: str) -> Verdict:
    """A built set is right with an objective, at least ``min_key_results`` key results and
    no failing error; its score is the review's."""
    from coach.core.parsing import ParseError, parse
    from coach.service.review import review_okr_set

    try:
        okr = parse(answer)
    except ParseError as exc:
        return Verdict(False, 0.0, f"The set could not be read: {exc.reason}")
    if not okr.objectives or okr.objectives[0].implicit:
        return Verdict(False, 0.0, "Start with an objective line (\"Objective: ...\"), then its key results.")
    count = sum(len(o.key_results) for o in okr.objectives)
    review = review_okr_set(okr, explain=False)
    errors = review.failing("error")
    if count < exercise.min_key_results:
        return Verdict(False, min(review.score, 0.4), f"Give at least {exercise.min_key_results} key results "
                                                       f"(this set has {count}).")
    if errors:
        first = errors[0]
        return Verdict(False, round(review.score, 2), f"{len(errors)} error(s), e.g. {first.message}",
                       failing=sorted({_stem(f.criterion) for f in errors}))
    return Verdict(True, round(review.score, 2),
                   f"Yes, the set holds up (grade {review.grade}): {exercise.explain}")


def grade(exercise: Any, answer: str) -> Verdict:
    if exercise.kind == "rewrite":
        return grade_rewrite(exercise, answer)
    if exercise.kind == "build":
        return grade_set(exercise, answer)
    return grade_choice(exercise, answer)
