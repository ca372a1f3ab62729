"""Kinds of real key result the engine misjudged on public OKR sets outside the eval set
(issue 10). The sentences are ours, built to the same structure."""

from __future__ import annotations

import pytest
from drafts import verdict

from coach.service.review import review_text


def _outcome(line: str) -> tuple[bool, str | None]:
    return verdict(f"Period: Q3\nObjective: Make support effortless\n- {line}\n", "kr-outcome")


@pytest.mark.parametrize("line", [
    # a task tied to a count of other people in a relative or coordinated clause
    "Write a guide for the data export that gets 500+ views from analysts",
    "Host a workshop that influences 40+ teachers on site",
    "Record a podcast episode and have 2,000 listens",
    "Film the product tour, post it on our channel, has 300 views",
    "Build a tool that reduces manual review time by 30%",
    # a service level held across every item
    "Acknowledge all security reports within two days",
    "Resolve all new sev-1 incidents within one sprint",
    "Answer every new billing ticket within one business day",
])
def test_results_said_after_the_task_or_as_a_service_level_pass(line: str) -> None:
    assert _outcome(line) == (True, None)


@pytest.mark.parametrize("line", [
    "Maintain a shared roadmap board",
    "Keep the onboarding checklist up to date in one place",
    "Maintain a volunteer handbook",
    "Publish a newsletter that has 40 issues",  # a count of the team's own output
])
def test_keeping_an_artefact_going_or_counting_output_is_work(line: str) -> None:
    assert _outcome(line)[0] is False


@pytest.mark.parametrize("line", ["Keep checkout error rate under 0.5%", "Maintain 99.9% uptime"])
def test_a_held_level_is_still_a_result(line: str) -> None:
    assert _outcome(line)[0] is True


def _objective(text: str) -> bool:
    review = review_text(f"Period: Q3\nObjective: {text}\n- Raise NPS from 20 to 40\n")
    return next(f for f in review.objectives[0].findings if f.criterion.endswith("objective-not-task")).passed


@pytest.mark.parametrize(("text", "passes"), [
    ("Customer-Ready Mobile Deliverables", False),
    ("High-Quality Data Model Delivery", False),
    ("Operationalize supplier scorecards", False),
    ("Productize the pricing engine", False),
    ("On-time delivery for every order", True),
    ("Faster delivery", True),
    ("Maximize customer lifetime value", True),
    ("Enterprise customers renew with confidence", True),
])
def test_objectives_named_by_a_deliverable_or_a_project_verb(text: str, passes: bool) -> None:
    assert _objective(text) is passes
