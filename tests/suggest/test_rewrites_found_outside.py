"""Kinds of bad offline rewrite found on public OKR sets outside the eval set (issue 11).
The lines are ours, built to the same structure."""

from __future__ import annotations

import pytest

from coach.service.inputs import parse_draft
from coach.service.review import review_okr_set
from coach.suggest.pipeline import add_suggestions
from coach.suggest.wellformed import problems


@pytest.mark.parametrize(("text", "draft"), [
    ("Raise the [metric] of the that the reminders reach every patient from [baseline] to [target]", ""),
    ("Raise [outcome metric] from [baseline] to [target] after reaching the personally to every donor", ""),
    ("Raise [outcome metric] from [baseline] to [target] after interviewing least 8 volunteers",
     "Interview at least 8 volunteers"),
])
def test_pasted_clauses_stray_adverbs_and_a_lost_at_are_malformed(text: str, draft: str) -> None:
    assert problems(text, draft)


@pytest.mark.parametrize("text", [
    "Raise the monthly revenue from [baseline] to [target]",
    "Make the positively impactful content pay off for everyone who uses it",
    "Keep at least 95% of orders on time",
    "Raise the share of early adopters who come back from [baseline] to [target]",
])
def test_good_sentences_are_not_blamed(text: str) -> None:
    assert problems(text, "") == []


def test_an_unnamed_outcome_falls_when_the_objective_asks_for_less() -> None:
    okr = parse_draft("Period: Q3\nObjective: Cut failed payments at checkout\n"
                      "- Migrate the checkout to the new provider\n"
                      "Objective: Grow the reading club\n- Print new posters for the branch\n")
    review = review_okr_set(okr)
    add_suggestions(okr, review, cache=False)
    cut, grow = (o.key_results[0].suggestions for o in review.objectives)
    # the objective names what falls, so it is the metric too (test_rewrite_outcome_from_draft.py)
    assert cut and cut[0].text.startswith("Cut failed payments at checkout from [baseline] to [target] after")
    assert grow and grow[0].text.startswith("Raise [outcome metric]")


@pytest.mark.parametrize("text", [
    "Raise [outcome metric] from [baseline] to [target] through the Train a churn model and",
    "Raise [outcome metric] from [baseline] to [target] after shipping the",
])
def test_a_cut_off_or_capitalised_paste_is_malformed(text: str) -> None:
    assert problems(text, "")


def test_a_second_task_joined_by_and_takes_the_same_form() -> None:
    okr = parse_draft("Period: Q3\nObjective: Feel healthier at work\n"
                      "- Buy a standing desk and track posture daily\n")
    review = review_okr_set(okr)
    add_suggestions(okr, review, cache=False)
    texts = [s.text for s in review.objectives[0].key_results[0].suggestions]
    assert texts and "and tracking posture daily" in texts[0]
