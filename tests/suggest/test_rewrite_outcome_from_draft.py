"""Kind 1 of the reviewer's findings outside the eval set: a plain task became "Raise [outcome
metric] from [baseline] to [target] after ...", even when the draft already named the outcome,
in a `Measure:` / `Target:` note under the key result or in an objective that states a
directional result on a measurable thing. The sentences here are ours."""

from __future__ import annotations

import pytest
from drafts import reviewed_with_suggestions

from coach.core.models import Review
from coach.service.inputs import parse_draft
from coach.suggest.gate import Gate
from coach.suggest.named_outcome import from_notes, from_objective
from coach.suggest.offline_rules import rewrite_key_result
from coach.suggest.wellformed import problems

OUTCOME = ["okr-core.kr-outcome"]


def _reviewed(draft: str) -> Review:
    review = reviewed_with_suggestions(draft)
    assert isinstance(review, Review)
    return review


def _shown(review: Review) -> dict[str, list[str]]:
    return {kr.text: [s.text for s in kr.suggestions] for o in review.objectives for kr in o.key_results}


# --------------------------------------------------------------------------- the objective names it


@pytest.mark.parametrize(("objective", "task", "expected"), [
    ("Reduce missed dental appointments", "Send text reminders two days before each visit",
     "Reduce missed dental appointments from [baseline] to [target] after sending the text reminders "
     "two days before each visit"),
    ("Grow online orders for the cafe", "Redesign the menu page",
     "Grow online orders for the cafe from [baseline] to [target] after redesigning the menu page"),
    ("Lower the monthly energy bill of the workshop", "Insulate the loft of the workshop",
     "Lower the monthly energy bill of the workshop from [baseline] to [target] after insulating the loft "
     "of the workshop"),
    ("Cut the time patients wait at reception", "Hire a second receptionist for mornings",
     "Cut the time patients wait at reception from [baseline] to [target] after hiring a second "
     "receptionist for mornings"),
])
def test_an_objective_that_states_a_measurable_result_names_the_outcome(objective: str, task: str,
                                                                         expected: str) -> None:
    out = rewrite_key_result(task, OUTCOME, objective)
    assert out is not None and out.text == expected
    assert not problems(out.text, task)


def test_the_direction_comes_from_the_objective_never_raise_under_a_cut() -> None:
    out = rewrite_key_result("Write canned replies for the ten commonest questions", OUTCOME,
                             "Improve ticket response time")
    assert out is not None
    assert out.text.startswith("Cut ticket response time from [baseline] to [target] after writing")
    down = rewrite_key_result("Train the night shift on the new scanner", OUTCOME,
                              "Halve picking errors in the warehouse")
    assert down is not None and down.text.startswith("Cut picking errors in the warehouse from [baseline]")
    assert not down.text.startswith("Raise")


@pytest.mark.parametrize("objective", [
    "Make our volunteers feel at home", "Grow the choir", "Improve the garden's atmosphere",
    "Delight the people who visit the museum", "Boost team spirit",
])
def test_an_objective_with_no_quantity_keeps_the_scaffold(objective: str) -> None:
    assert from_objective(objective) is None
    out = rewrite_key_result("Print a welcome booklet for new volunteers", OUTCOME, objective)
    assert out is not None and "[outcome metric]" in out.text


@pytest.mark.parametrize(("objective", "verb", "metric"), [
    ("Cut failed card payments in the web shop by 30%", "Cut", "failed card payments in the web shop"),
    ("Reduce customer churn by the end of Q3", "Reduce", "customer churn"),
    ("Increase the share of members who renew", "Increase", "the share of members who renew"),
    ("Double weekly sign-ups to the newsletter", "Raise", "weekly sign-ups to the newsletter"),
])
def test_the_metric_of_an_objective(objective: str, verb: str, metric: str) -> None:
    named = from_objective(objective)
    assert named is not None and (named.verb, named.metric) == (verb, metric)


@pytest.mark.parametrize("objective", [
    "Reduce delays and complaints on the night bus", "Cut costs; grow revenue",
    "Launch the new loyalty card", "Reduce",
])
def test_two_results_or_no_direction_name_nothing(objective: str) -> None:
    assert from_objective(objective) is None


# --------------------------------------------------------------------------- the notes name it


def test_a_measure_and_a_target_note_give_the_metric_and_the_authors_target() -> None:
    notes = ["Measure: customers who leave the queue before paying", "Target: fewer than 5 per Saturday"]
    out = rewrite_key_result("Buy a second card reader", OUTCOME, "Make the Saturday stall run smoothly",
                             notes=notes)
    assert out is not None
    assert out.text == ("Cut customers who leave the queue before paying from [baseline] to fewer than 5 "
                        "per Saturday after buying a second card reader")


def test_a_measure_note_alone_leaves_the_target_to_the_author_and_beats_the_objective() -> None:
    out = rewrite_key_result("Replace the broken radiators in the reading room", OUTCOME,
                             "Raise visits to the reading room",
                             notes=["Measure: complaints about the temperature per month"])
    assert out is not None
    assert out.text == ("Cut complaints about the temperature per month from [baseline] to [target] after "
                        "replacing the broken radiators in the reading room")


def test_a_target_note_with_a_start_gives_both_numbers() -> None:
    named = from_notes(["Measure: average minutes to serve a lunch order", "Target: from 14 to 8 minutes"])
    assert named is not None
    assert (named.verb, named.metric, named.baseline, named.target) == (
        "Cut", "average minutes to serve a lunch order", "14", "8 minutes")


def test_notes_that_name_no_measure_change_nothing() -> None:
    assert from_notes(["Owner: Priya", "See the shared drive for the floor plan"]) is None
    out = rewrite_key_result("Buy a second card reader", OUTCOME, "Make the Saturday stall run smoothly",
                             notes=["Owner: Priya"])
    assert out is not None and out.text.startswith("Raise [outcome metric]")


def test_a_target_note_alone_keeps_the_authors_number_in_the_scaffold() -> None:
    out = rewrite_key_result("Buy a second card reader", OUTCOME, "Make the Saturday stall run smoothly",
                             notes=["Target: under 3 minutes"])
    assert out is not None
    assert out.text == ("Cut [outcome metric] from [baseline] to under 3 minutes after buying a second card "
                        "reader")


# --------------------------------------------------------------------------- end to end, through the gate


STALL = """# Saturday stall, Q2 2025
## Objective: Make the Saturday stall run smoothly
- Buy a second card reader by June 2025
  - Measure: customers who leave the queue before paying
  - Target: fewer than 5 per Saturday
"""

CLINIC = """# Clinic front desk, Q2 2025
## Objective: Reduce missed dental appointments
- Send text reminders two days before each visit by June 2025
- Print appointment cards with the next date on them by June 2025
- Install a self check-in screen in the waiting room by June 2025
"""


def test_the_notes_numbers_count_as_the_authors_and_the_rewrite_is_shown() -> None:
    shown = _shown(_reviewed(STALL))
    assert shown["Buy a second card reader by June 2025"] == [
        "Cut customers who leave the queue before paying from [baseline] to fewer than 5 per Saturday "
        "after buying a second card reader by June 2025"]


def test_the_gate_counts_numbers_in_notes_as_given() -> None:
    from coach.rubric.packs import default_rubric

    okr = parse_draft(STALL)
    gate = Gate(okr, default_rubric())
    assert any(n.text.startswith("5") for n in gate.allowed_numbers("O1"))


def test_several_tasks_under_one_measurable_objective_each_get_its_metric() -> None:
    shown = _shown(_reviewed(CLINIC))
    texts = [t for ts in shown.values() for t in ts]
    assert len(texts) == 3, shown
    assert all(t.startswith("Reduce missed dental appointments from [baseline] to [target] after ")
               for t in texts), texts


def test_a_target_note_is_not_put_on_a_metric_the_author_did_not_name() -> None:
    out = rewrite_key_result("Redesign the order form on the website", OUTCOME,
                             "Make ordering bread online easy", notes=["Target: at least 40 per week"])
    assert out is not None
    scaffold = "Raise [outcome metric] from [baseline] to at least 40"
    assert "40" not in out.text or out.text.startswith(scaffold)


def test_braces_in_the_draft_stay_text() -> None:
    out = rewrite_key_result("Print flyers {draft} for the street fair", OUTCOME, "Make the fair fun",
                             notes=["Measure: visitors per day"])
    assert out is not None and "{draft}" in out.text
