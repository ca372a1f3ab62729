"""More kinds of key result the engine misjudged on public OKR sets outside the eval set
(K5, K6, K7, K10, K13, K17, K18). The sentences are ours, built to the same structure."""

from __future__ import annotations

import pytest
from drafts import verdict


def _outcome(line: str) -> bool:
    return verdict(f"Period: Q3\nObjective: Make support effortless\n- {line}\n", "kr-outcome")[0]


@pytest.mark.parametrize("line", [
    "Refund flow works end-to-end with stored wallets",
    "Export works end to end for shared folders",
    "Each receipt includes a return code",
    "Every order email contains a tracking link",
    "Billing service upgraded to match the new tax rules",
])
def test_k7_stative_feature_behaviour_is_a_deliverable(line: str) -> None:
    assert _outcome(line) is False


@pytest.mark.parametrize("line", [
    "Upload queue retries failed jobs with delay capped at ~2s",
    "Cache layer evicts stale entries with a timeout set to 30 seconds",
    "iOS build runs on a test tablet with zero crashes",
    "Recipe data file (300+ recipes across 4 cuisines with tags and photos)",
])
def test_k6_number_that_is_a_design_parameter_is_not_a_result(line: str) -> None:
    assert _outcome(line) is False


@pytest.mark.parametrize("line", [
    "Checkout p95 latency under 300 ms",
    "Crash-free sessions above 99.5%",
    "Search API responds in under 200 ms for 95% of queries",
])
def test_k6_controls_a_level_users_experience_is_a_result(line: str) -> None:
    assert _outcome(line) is True


@pytest.mark.parametrize("line", [
    "Ship improved map tiles to the beta channel",
    "Release redesigned invoice emails to all regions",
])
def test_k13_an_evaluative_adjective_inside_a_deliverable_is_not_a_result(line: str) -> None:
    assert _outcome(line) is False


@pytest.mark.parametrize("line", [
    "Product events tracked: activation rate, repeat use, churn",
    "Get a step counter and track daily steps regularly",
    "Sleep hours monitored in a shared sheet",
])
def test_k5_tracking_is_a_task(line: str) -> None:
    assert _outcome(line) is False


@pytest.mark.parametrize("line", [
    "Reach out to each partner at least twice per quarter",
    "Reach out to every mentor once a month",
])
def test_k18_reach_out_is_a_task(line: str) -> None:
    assert _outcome(line) is False


def test_k18_control_reach_a_level_is_a_result() -> None:
    assert _outcome("Reach 400 weekly active mentors") is True


@pytest.mark.parametrize("line", [
    "Onboard the new designer so they can run a study in less than three weeks",
    "Train the support lead so that she can close an escalation in under 2 days",
])
def test_k10_a_threshold_on_what_someone_can_then_do_is_a_result(line: str) -> None:
    assert _outcome(line) is True


@pytest.mark.parametrize("line", [
    "Ensure the web shop meets strict privacy standards",
    "Ensure the help centre complies with plain-language guidelines",
])
def test_k17_ensure_a_state_of_the_world_is_an_outcome(line: str) -> None:
    assert _outcome(line) is True


def test_k17_control_ensure_a_deliverable_is_still_a_task() -> None:
    assert _outcome("Ensure the style guide is published") is False


@pytest.mark.parametrize("line", [
    "App works offline for 95% of sessions",  # a measured level of a feature's behaviour
    "Customers include a review in 10% of orders",  # what others do
    "Refund rate limited to 2% of orders",  # a level, not a setting
])
def test_controls_measured_behaviour_and_others_pass(line: str) -> None:
    assert _outcome(line) is True


def test_k17_control_ensure_a_deliverable_checklist_is_still_a_task() -> None:
    assert _outcome("Ensure the release passes the launch checklist") is False
