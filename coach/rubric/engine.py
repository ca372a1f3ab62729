"""Run a rubric over an OkrSet and score it: pure, deterministic, no I/O.

Scores: a finding scores 0..1. A key result's score is the weighted mean of its
findings. An objective's score is 40 % its own findings and 60 % the mean of its
key results (an objective with no key results gets only the 40 %). The set's
score is 85 % the mean of its objectives and 15 % its own findings. The grade
band comes from the pack manifest.
"""

from __future__ import annotations

from typing import Any

from coach.core.directives import silenced
from coach.core.gc_pause import gc_paused
from coach.core.models import UNSURE_TRIGGER, Finding, KeyResultReview, ObjectiveReview, OkrSet, Review
from coach.core.text import short
from coach.rubric.checks import REGISTRY, Outcome, Subject, evidence_for
from coach.rubric.kinds import NOT_FOR_BASELINE, kr_kind
from coach.rubric.model import Criterion, Rubric

# Objective checks that judge the objective's own words: not run on the stand-in objective of
# key results published without one (its text is ours, not the author's).
_ABOUT_TEXT = frozenset({"no_metric", "outcome_not_task", "clarity", "phrase_match"})


class _Fields(dict[str, Any]):
    """Message fields; a placeholder a check did not supply stays visible instead of crashing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _finding(criterion: Criterion, outcome: Outcome, subject: Subject) -> Finding:
    if outcome.spans:
        item = subject.kr or subject.objective
        evidence = [*outcome.evidence, *(evidence_for(subject, item, a, b) for a, b in outcome.spans)]
    else:
        evidence = list(outcome.evidence)
    if outcome.passed:
        return Finding(criterion.id, True, round(outcome.score, 3), criterion.level, outcome.note or "ok",
                       evidence, criterion.guidance, None, criterion.weight)
    level = criterion.level
    if outcome.trigger == UNSURE_TRIGGER:  # a question, never an error or a warning
        level, outcome.score = "suggestion", 1.0
    fields = _Fields(outcome.fields, text=short(subject.text))
    message = criterion.message_for(outcome.trigger).format_map(fields)
    fix = criterion.fix_for(outcome.trigger)
    if outcome.trigger in criterion.fixes:
        fix = fix.format_map(fields)  # per-trigger fixes may name what the check found
    return Finding(criterion.id, False, round(outcome.score, 3), level, message, evidence,
                   criterion.guidance, fix, criterion.weight, None, outcome.trigger)


def set_grade(rubric: Rubric, score: float, objectives: list[ObjectiveReview]) -> str:
    """The worse of the score's grade and the grade a coach gives by the share of key results
    to send back (any failing error, a placeholder target included).

    Why both: a weighted mean forgives a set whose tasks pass every other criterion (a list of
    tasks can score 0.8), while a coach grades by how much of the set needs rework: none (A),
    under a third (B), a third to half (C), more (D); a set with no key result at all gets the
    last grade.
    """
    krs = [k for o in objectives for k in o.key_results]
    bands = sorted(rubric.pack.grades, reverse=True)
    letters = [g for _floor, g in bands]
    by_score = letters.index(rubric.grade(score))
    if not krs:
        by_share = len(letters) - 1
    else:
        bad = sum(1 for k in krs if any(not f.passed and f.level == "error" for f in k.findings)) / len(krs)
        bad_objectives = any(not f.passed and f.level == "error" for o in objectives for f in o.findings)
        by_share = 0 if bad == 0 and not bad_objectives else 1 if bad < 1 / 3 else 2 if bad <= 0.5 else 3
    return letters[min(max(by_score, by_share), len(letters) - 1)]


def weighted(findings: list[Finding]) -> float:
    """Weighted mean score of findings; 1.0 when nothing applies."""
    total = sum(f.weight for f in findings)
    return sum(f.weight * f.score for f in findings) / total if total else 1.0


def _run(criterion: Criterion, subject: Subject, params: dict[str, Any]) -> Finding | None:
    outcome = REGISTRY[criterion.check].fn(subject, params)
    return None if outcome is None else _finding(criterion, outcome, subject)


def review(okr: OkrSet, rubric: Rubric, profile: str = "default",
           overrides: dict[str, dict[str, Any]] | None = None) -> Review:
    """Every criterion over every subject it applies to; findings listed passed or not.

    ``overrides`` maps criterion stems to params laid over the profile's (for example
    ``{"kr-alignment": {"method": "hybrid"}}``).
    """
    with gc_paused(sum(len(o.key_results) for o in okr.objectives) > 500):
        return _review(okr, rubric, profile, overrides)


def _review(okr: OkrSet, rubric: Rubric, profile: str,
            overrides: dict[str, dict[str, Any]] | None) -> Review:
    if profile != "default" and profile not in rubric.pack.profiles:
        raise ValueError(f"unknown profile '{profile}' (known: {', '.join(rubric.profile_names())})")
    if overrides:
        params = {c.id: rubric.params_for(c, profile, overrides) for c in rubric.criteria}
    else:
        params = rubric.params(profile)
    by_level: dict[str, list[Criterion]] = {"key_result": [], "objective": [], "set": []}
    for c in rubric.criteria:
        by_level[c.applies_to].append(c)
    objectives: list[ObjectiveReview] = []
    # objectives the author stated; the stand-in over key results published with none is counted apart
    stand_ins = sum(1 for o in okr.objectives if o.implicit)
    stats = {"objectives": len(okr.objectives) - stand_ins, "key_results": 0}
    if stand_ins:
        stats["stand_in_objectives"] = stand_ins
    ignored = 0  # failing findings silenced by "okr-coach: ignore" comments on their line
    for objective in okr.objectives:
        kr_reviews: list[KeyResultReview] = []
        kr_findings: dict[str, dict[str, Finding]] = {}
        for kr in objective.key_results:
            subject = Subject("key_result", kr.text, okr, objective, kr)
            findings = [f for c in by_level["key_result"]
                        if (f := _run(c, subject, params[c.id])) is not None]
            if okr.ignores and kr.line in okr.ignores:
                kept = [f for f in findings if not silenced(okr.ignores, kr.line, f.criterion)]
                ignored += sum(not f.passed for f in findings) - sum(not f.passed for f in kept)
                findings = kept
            kind = kr_kind(kr.text, kr.parts, findings)
            if kind == "baseline":  # it sets up the measurement: no baseline or ambition to ask of it yet
                findings = [f for f in findings if f.criterion.split(".", 1)[-1] not in NOT_FOR_BASELINE]
            kr_findings[kr.id] = {f.criterion: f for f in findings}
            kr_reviews.append(KeyResultReview(kr.id, kr.text, round(weighted(findings), 3), findings, [],
                                              kr.parts, kr.owner or objective.owner, kr.team, kr.progress,
                                              kr.status, kr.done, kr.line, kr.notes, kind))
        stats["key_results"] += len(kr_reviews)
        subject = Subject("objective", objective.text, okr, objective, kr_findings=kr_findings)
        own = [f for c in by_level["objective"] if (not objective.implicit or c.check not in _ABOUT_TEXT)
               and (f := _run(c, subject, params[c.id])) is not None]
        if okr.ignores and objective.line in okr.ignores:
            kept = [f for f in own if not silenced(okr.ignores, objective.line, f.criterion)]
            ignored += sum(not f.passed for f in own) - sum(not f.passed for f in kept)
            own = kept
        kr_mean = sum(k.score for k in kr_reviews) / len(kr_reviews) if kr_reviews else 0.0
        score = 0.4 * weighted(own) + 0.6 * kr_mean
        objectives.append(ObjectiveReview(objective.id, objective.text, round(score, 3), own, kr_reviews, [],
                                          objective.parent, objective.owner, objective.team, objective.group,
                                          objective.period, objective.implicit, objective.line))
    if ignored:
        stats["ignored"] = ignored
    set_subject = Subject("set", okr.team or "", okr)
    set_findings = [f for c in by_level["set"] if (f := _run(c, set_subject, params[c.id])) is not None]
    mean_objectives = sum(o.score for o in objectives) / len(objectives) if objectives else 0.0
    score = round(0.85 * mean_objectives + 0.15 * weighted(set_findings), 3)
    return Review(score=score, grade=set_grade(rubric, score, objectives), findings=set_findings,
                  objectives=objectives,
                  rubric=rubric.pack.name, profile=profile, period=okr.period, team=okr.team, stats=stats)
