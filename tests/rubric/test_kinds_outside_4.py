"""Kinds the engine misjudged on public OKR sets outside the eval set, fourth round: other
people's uptake and response, set-up rules and features stated as states, growing the team's
own collection, positions and light-verb objectives, and levels of what starts this period.
The sentences are ours, built to the same structure."""

from __future__ import annotations

import pytest
from drafts import verdict

from coach.service.review import review_text


def _draft(line: str, objective: str = "Make the neighbourhood library thrive") -> str:
    return f"Period: Q3 2026\nObjective: {objective}\n- {line}\n"


def _passed(line: str, criterion: str, objective: str = "Make the neighbourhood library thrive") -> bool:
    return verdict(_draft(line, objective), criterion)[0]


@pytest.mark.parametrize("line", [
    "The toolkit adopted as the default by regional bike clubs",
    "Our cookbook mentioned as a reference in school cooking classes",
    "Validate the new menu resonates with 8/10 regular diners",
    "Confirm the timetable works for 20 of 25 parent reps",
    "Deliver the new check-in kiosk with a usability score of at least 85 in the visitor test",
    "Ship the redesigned booking form scoring at least 4.5/5 in the usability panel",
])
def test_k1_k61_k71_what_other_people_choose_or_say_is_a_result(line: str) -> None:
    assert _passed(line, "kr-outcome") is True


@pytest.mark.parametrize("line", [
    "100% of printed tickets include a QR code for the return trip",
    "Automatic reminders when a library loan is two days overdue",
    "No volunteer account has access to donor bank details.",
    "All outgoing newsletters are rate-limited and sent from a separate domain.",
    "Grow the recipe collection from ~40 to at least [N] tested recipes",
    "Grow the audio-guide library from 12 to 30 tracks",
])
def test_k7_k75_k76_set_up_work_and_own_content_stated_as_levels_are_work(line: str) -> None:
    assert _passed(line, "kr-outcome") is False


@pytest.mark.parametrize("line", [
    "All members have a named contact for their first month",  # what people get: not a feature rollout
    "Grow the library membership from 200 to 400 households",
    "Ship a linter with a code quality score of at least 8",  # a tool's score, not people's
    "The app mentioned the new opening hours",
])
def test_controls_for_the_state_shapes(line: str) -> None:
    expected = {"Ship a linter with a code quality score of at least 8": False,
                "The app mentioned the new opening hours": False}.get(line, True)
    assert _passed(line, "kr-outcome") is expected


def _objective_passed(objective: str) -> bool:
    review = review_text(_draft("300 members borrow a book each month", objective))
    found = [f for f in review.objectives[0].findings if f.criterion.endswith("objective-not-task")]
    return found[0].passed


@pytest.mark.parametrize("objective, expected", [
    ("Establish our clinic as the reference practice for running injuries in the region", True),
    ("Establish the bakery as the go-to supplier for cafés in town", True),
    ("To make a forecast of next season's harvest in under 30 hours of work", False),
    ("To make a ranking of the city's best playgrounds within one weekend", False),
    ("Make a real difference for families who cannot afford books", True),
])
def test_k77_k79_positions_are_outcomes_and_making_a_thing_is_work(objective: str, expected: bool) -> None:
    assert _objective_passed(objective) is expected


@pytest.mark.parametrize("line, objective", [
    ("12 pilot schools active in the beta", "Schools adopt the reading app"),
    ("40 farms active in the alert pilot", "Farmers act on frost alerts"),
    ("120 daily listeners", "Launch the community radio app and win first listeners"),
])
def test_k25_a_level_of_what_starts_this_period_needs_no_baseline(line: str, objective: str) -> None:
    review = review_text(_draft(line, objective))
    findings = review.objectives[0].key_results[0].findings
    baseline = [f for f in findings if f.criterion.endswith("kr-baseline")]
    assert not baseline or baseline[0].passed


def test_k25_control_the_same_level_under_an_objective_about_an_existing_service_asks_for_a_start() -> None:
    passed, _ = verdict(_draft("120 daily listeners", "Keep listeners coming back"), "kr-baseline")
    assert passed is False


@pytest.mark.parametrize("table, line", [
    ("| Metric | Today | Target |\n|---|---|---|\n| App downloads | 0 | 2,000 |\n",
     "2,000+ active downloads"),
    ("| KPI | Baseline | Goal |\n|---|---|---|\n| Annual memberships | $12k | $40k |\n",
     "$40k in annual memberships"),
])
def test_k64_a_metrics_table_elsewhere_in_the_document_gives_the_start(table: str, line: str) -> None:
    draft = f"# Q3 2026 OKRs\n\n{table}\n## Objective: The choir funds its own tours\n- KR1: {line}\n"
    passed, _ = verdict(draft, "kr-baseline")
    assert passed is True


def test_k64_control_a_metrics_table_about_another_metric_does_not() -> None:
    draft = ("# Q3 2026 OKRs\n\n| Metric | Today | Target |\n|---|---|---|\n"
             "| Newsletter readers | 300 | 900 |\n\n## Objective: The choir funds its own tours\n"
             "- KR1: $40k in annual memberships\n")
    passed, _ = verdict(draft, "kr-baseline")
    assert passed is False
