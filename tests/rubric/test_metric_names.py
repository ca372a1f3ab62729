"""Metric names that read like tasks word by word, and the team's own effort that reads like a
metric: a sheet's "metric: target" row is judged by its label ("Invoice disputes per 1k
invoices: below 4" is a level, "Grant applications submitted: 15" the team's own work); a word
that describes people ("Paying readers", "Repeat customers") is no verb; people or events
named with no target ("Repeat customers", "Client no-shows") are a metric still to set, not a
deliverable; workplace verbs the lexicon lacks ("Onboard", "Replant", "Re-slot") are verbs.
The drafts are ours."""

from __future__ import annotations

import pytest
from drafts import verdict

from coach.core.lemmas import can_be_other, verb_lemma


def _outcome(line: str) -> bool:
    draft = f"# Q3 2027\n\n## Objective: Our members get more from the club\n- {line}\n"
    return verdict(draft, "kr-outcome")[0]


@pytest.mark.parametrize("line", ["Invoice disputes per 1k invoices: below 4",
                                  "Accessibility failures on key pages: 0",
                                  "Holiday club completions: 300 children", "Email subscribers: 5,000",
                                  "Paying digital readers 8,000 → 11,000", "Returning visitors up 20%"])
def test_a_metric_named_then_its_level_is_an_outcome(line: str) -> None:
    assert _outcome(line) is True


@pytest.mark.parametrize("line", ["Funding bids submitted: 15",
                                  "Improvement workshops held: from 2 to 6 per quarter",
                                  "Newsletters sent: 12", "Publish the guide: 100%"])
def test_the_teams_own_effort_in_a_row_is_work(line: str) -> None:
    assert _outcome(line) is False


@pytest.mark.parametrize("line", ["Repeat customers", "Client no-shows", "New members"])
def test_people_or_events_with_no_target_are_a_metric_to_set(line: str) -> None:
    assert _outcome(line) is True
    assert verdict(f"Objective: A\n- {line}\n", "kr-measurable")[0] is False


@pytest.mark.parametrize("line", ["Onboard new customers", "Recruiting volunteers",
                                  "Online appointment booking",
                                  "Onboarding 3 new care workers", "Replant 2 km of hedgerow",
                                  "Re-slot the top 200 products next to packing", "Self-serve refunds GA"])
def test_tasks_stay_tasks(line: str) -> None:
    assert _outcome(line) is False


def test_workplace_verbs_and_verbs_done_again_are_verbs() -> None:
    assert verb_lemma("onboarding") == "onboard" and can_be_other("onboarding")
    assert verb_lemma("Replanted") == "replant" and verb_lemma("re-slot") == "re-slot"
    assert verb_lemma("record") == "record" and verb_lemma("reorg") is None
