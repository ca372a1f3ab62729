"""Kinds the engine misjudged on a fifth round of public OKR sets outside the eval set:
service levels, capacity and system qualities read as the team's output, feature counts and
documents stated as done read as results, time boxes in objectives read as metrics, project
verbs outside the lists, and a "(Current: tracking)" read as a start. The sentences are ours."""

from __future__ import annotations

import pytest
from drafts import verdict

from coach.service.review import review_text


def _draft(line: str, objective: str = "Run a friendly neighbourhood library") -> str:
    return f"Period: Q3 2026\nObjective: {objective}\n- {line}\n"


def _passed(line: str, criterion: str) -> bool:
    return verdict(_draft(line), criterion)[0]


@pytest.mark.parametrize("line", [
    "Support reply time: <24 hours",
    "Club forum activity: 40+ posts/month",
    "Route planner handles 200 stops per van",
    "Checkout service stable",
])
def test_k2_k26_k41_k17_service_levels_capacity_and_qualities_are_results(line: str) -> None:
    assert _passed(line, "kr-outcome") is True


@pytest.mark.parametrize("line", [
    "8+ bird species recognised",
    "6+ plant diseases detected",
    "Donor reports complete",
    "Member directory complete",
])
def test_k6_k80_features_counted_and_documents_done_are_work(line: str) -> None:
    assert _passed(line, "kr-outcome") is False


def _objective(objective: str, criterion: str) -> bool:
    review = review_text(_draft("300 members borrow a book each month", objective))
    return next(f for f in review.objectives[0].findings if f.criterion.endswith(criterion)).passed


@pytest.mark.parametrize("objective", ["Open the New Branch Library in 10 Weeks",
                                       "Launch the Repair Café in 30 Days"])
def test_k92_a_time_box_in_an_objective_is_no_metric(objective: str) -> None:
    assert _objective(objective, "objective-qualitative") is True


def test_k92_control_a_figure_in_an_objective_is_still_a_metric() -> None:
    assert _objective("Lend 300 tools in 10 weeks", "objective-qualitative") is False


@pytest.mark.parametrize("objective", [
    "Enable online ordering",
    "Add smart scheduling",
    "Cerrar el circuito de reservas (pedido → pago → entrega)",
    "Institucionalizar las reuniones de equipo",
])
def test_k36_k88_project_verbs_outside_the_lists_are_tasks(objective: str) -> None:
    assert _objective(objective, "objective-not-task") is False


def test_k36_control_enabling_people_to_do_something_is_an_outcome() -> None:
    assert _objective("Enable every member to borrow tools without queueing", "objective-not-task") is True


@pytest.mark.parametrize("line", ["Newsletter subscribers: 800 (Current: tracking)",
                                  "Weekly visitors: 1,200 (currently: not measured)"])
def test_k12_current_tracking_is_no_start(line: str) -> None:
    passed, _ = verdict(_draft(line), "kr-baseline")
    assert passed is False


def test_k27_a_label_that_names_a_level_asks_for_its_start() -> None:
    passed, _ = verdict(_draft("Weekly visitors: 1,200"), "kr-baseline")
    assert passed is False


def test_k12_control_a_current_value_is_a_start() -> None:
    passed, _ = verdict(_draft("Weekly visitors: 1,200 (Current: 800)"), "kr-baseline")
    assert passed is True


def test_k56_money_earned_in_a_set_that_launches_the_product_starts_at_zero() -> None:
    draft = ("Period: Q3 2026\nObjective: Launch the bike-share app\n- Publish the app in both stores\n"
             "Objective: Generate revenue\n- $5K MRR\n")
    review = review_text(draft)
    findings = review.objectives[1].key_results[0].findings
    assert all(f.passed for f in findings if f.criterion.endswith("kr-baseline"))


def test_k56_control_money_in_a_set_that_launches_nothing_asks_for_its_start() -> None:
    draft = "Period: Q3 2026\nObjective: Grow the bike-share business\n- $5K MRR\n"
    passed, _ = verdict(draft, "kr-baseline")
    assert passed is False


@pytest.mark.parametrize("line", ["Zero late deliveries (Current: 0)",
                                  "Crash-free sessions 99.5% (now: 99.5%)"])
def test_k91_a_target_where_the_metric_already_stands_is_no_stretch(line: str) -> None:
    passed, trigger = verdict(_draft(line), "kr-ambition")
    assert passed is False and trigger == "holds-level"


def _row(kr: str, baseline: str, target: str) -> str:
    return ("# Q3 2026 OKRs\n\n### O1 — Members find what they need\n\n| KR | Baseline | Target |\n"
            f"|---|---|---|\n| KR1.1 {kr} | {baseline} | **{target}** |\n")


@pytest.mark.parametrize("kr, baseline, target", [
    ("Booking rules loaded from a config file, not code", "rules hardcoded in 3 places", "shipped"),
    ("Per-branch cash drawers and ledgers", "one shared drawer", "per branch, isolated"),
    ("Volunteer no-show rate", "not tracked", "tracked weekly"),
])
def test_k85_k86_a_sheet_row_whose_target_is_a_state_in_words_is_work(kr: str, baseline: str,
                                                                      target: str) -> None:
    assert verdict(_row(kr, baseline, target), "kr-outcome")[0] is False


def test_k84_measured_then_a_threshold_is_a_result() -> None:
    assert verdict(_row("Staff minutes per delivered parcel", "never measured", "measured, then < 4"),
                   "kr-outcome")[0] is True


@pytest.mark.parametrize("line, expected", [
    ("Signage. Install 12 wayfinding signs in the park.", False),
    ("Frame Stability. Maintain a steady 60 FPS on standard tablet hardware", True),
])
def test_k83_k90_a_topic_in_title_case_before_the_sentence_is_not_its_verb(line: str, expected: bool) -> None:
    assert _passed(line, "kr-outcome") is expected
