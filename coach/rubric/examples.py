"""Run each criterion's pass/fail examples through the engine.

Why: the examples in a criterion file are its specification. They run as tests,
in ``okr-coach rubrics check``, feed prompts as few-shot material and give the
tutor its exercises; an example that misbehaves is a bug in the rubric.
A one-line example is read as a key result or objective (as the criterion
applies); an example with line breaks is a whole draft.
"""

from __future__ import annotations

from coach.core.models import Finding, KeyResult, Objective, OkrSet
from coach.core.parsing import parse
from coach.rubric.engine import review
from coach.rubric.model import Criterion, Rubric

NEUTRAL_OBJECTIVE = "Make our customers successful"


def example_set(criterion: Criterion, text: str) -> OkrSet:
    """The smallest OkrSet in which the example text plays its role."""
    if "\n" in text:
        return parse(text)
    if criterion.applies_to == "objective":
        return OkrSet(source="structured", objectives=[Objective(id="O1", text=text)])
    from coach.core.kr_parts import extract_parts

    objective_text = criterion.examples.objective or NEUTRAL_OBJECTIVE
    kr = KeyResult(id="O1.KR1", text=text, parts=extract_parts(text))
    return OkrSet(source="structured", objectives=[Objective(id="O1", text=objective_text,
                                                             key_results=[kr])])


def finding_for(criterion: Criterion, okr: OkrSet, rubric: Rubric) -> Finding | None:
    """The criterion's finding on the example's subject (first KR, first objective or the set)."""
    result = review(okr, rubric)
    if criterion.applies_to == "set":
        pool = result.findings
    elif criterion.applies_to == "objective":
        pool = result.objectives[0].findings if result.objectives else []
    else:
        krs = result.objectives[0].key_results if result.objectives else []
        pool = krs[0].findings if krs else []
    return next((f for f in pool if f.criterion == criterion.id), None)


def run_examples(rubric: Rubric) -> list[str]:
    """Every example that does not behave, as 'criterion: expected ... got ...' lines."""
    failures: list[str] = []
    for criterion in rubric.criteria:
        cases = [(t, True) for t in criterion.examples.passing]
        cases += [(t, False) for t in criterion.examples.failing]
        for text, should_pass in cases:
            finding = finding_for(criterion, example_set(criterion, text), rubric)
            passed = True if finding is None else finding.passed
            if passed != should_pass:
                failures.append(f"{criterion.id}: expected {'pass' if should_pass else 'fail'} "
                                f"for {text!r}, got {'pass' if passed else 'fail'}")
    return failures
