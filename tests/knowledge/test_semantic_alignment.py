"""Semantic alignment is opt-in: it accepts a key result whose meaning, not words, fits the objective."""

from __future__ import annotations

from coach.core.parsing import parse
from coach.service.review import review_okr_set

DRAFT = ("Objective: Make sure every family in the district has enough to eat\n"
         "- Households served by the pantry from 900 to 1,400 a month by 31 December\n"
         "- Renovate the boardroom by June\n")


def _alignment(semantic: bool) -> list[bool]:
    result = review_okr_set(parse(DRAFT), semantic=semantic)
    return [next(f for f in kr.findings if f.criterion.endswith("kr-alignment")).passed
            for kr in result.objectives[0].key_results]


def test_lexical_default_misses_a_paraphrase_that_semantic_accepts() -> None:
    assert _alignment(semantic=False) == [False, False]
    assert _alignment(semantic=True) == [True, False]  # the boardroom stays unrelated either way
