"""``okr-coach: ignore`` comments silence a criterion on one line, and only there."""

from __future__ import annotations

from coach.core.directives import ALL, silenced, strip_directives
from coach.service.inputs import parse_draft
from coach.service.review import review_okr_set

DRAFT = """Objective: Make support effortless
- Keep uptime at 99.9% by June <!-- okr-coach: ignore kr-ambition -->
- Keep churn under 2% by June   # okr-coach: ignore
<!-- okr-coach: ignore-next-line okr-core.kr-baseline, kr-alignment -->
- Raise NPS to 40 by June
- Keep crash rate below 1% by June
"""


def _failing(review: object, line: int) -> set[str]:
    for objective in review.objectives:  # type: ignore[attr-defined]
        for kr in objective.key_results:
            if kr.line == line:
                return {f.criterion.split(".", 1)[1] for f in kr.findings if not f.passed}
    raise AssertionError(f"no key result on line {line}")


def test_directives_are_blanked_in_place_and_mapped_to_their_line() -> None:
    text, ignores = strip_directives(DRAFT)
    assert "okr-coach" not in text and len(text) == len(DRAFT)  # offsets stay where they were
    assert ignores == {2: frozenset({"kr-ambition"}), 3: frozenset({ALL}),
                       5: frozenset({"kr-baseline", "kr-alignment"})}
    assert silenced(ignores, 5, "okr-core.kr-baseline") and not silenced(ignores, 5, "okr-core.kr-ambition")
    assert not silenced(ignores, None, "okr-core.kr-baseline")


def test_a_silenced_criterion_is_gone_from_its_line_only() -> None:
    okr = parse_draft(DRAFT)
    review = review_okr_set(okr)
    assert "kr-ambition" not in _failing(review, 2)
    assert _failing(review, 3) == set()
    assert {"kr-baseline", "kr-alignment"}.isdisjoint(_failing(review, 5))
    assert "kr-ambition" in _failing(review, 6)  # the same kind of line without a comment still fails
    assert review.stats["ignored"] >= 3
    texts = [kr.text for o in okr.objectives for kr in o.key_results]
    assert texts[0] == "Keep uptime at 99.9% by June"  # the comment is not part of the key result


def test_a_draft_without_directives_is_untouched() -> None:
    text = "Objective: Delight users\n- Raise NPS from 20 to 40 by June  # ask Sam\n"
    assert strip_directives(text) == (text, {})
    assert "ignored" not in review_okr_set(parse_draft(text)).stats
