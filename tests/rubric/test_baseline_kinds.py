"""Where a baseline is asked: a relative change ("by 40%", "double") starts from today's level
by construction, so it is a question to the author, not a warning; an absolute target on a
level that exists today is still a warning, and a reference or a count of new things passes."""

from __future__ import annotations

import pytest
from drafts import verdict

from coach.service.review import review_text


def _baseline(line: str) -> tuple[bool, str | None]:
    return verdict(f"Objective: Customers get help faster\n- {line} by June\n", "kr-baseline")


@pytest.mark.parametrize("line", ["Cut open repair requests by 40%",
                                  "Double the number of returning volunteers",
                                  "Reduce unanswered forum threads by 20%"])
def test_a_relative_change_asks_for_todays_level_without_warning(line: str) -> None:
    assert _baseline(line) == (False, "unsure")
    findings = review_text(f"Objective: A\n- {line} by June\n").objectives[0].key_results[0].findings
    finding = next(f for f in findings if f.criterion.endswith("kr-baseline"))
    assert finding.unsure and "relative change" in finding.message
    assert "{" not in finding.message + (finding.fix or "")  # every field of the message filled


def test_an_absolute_target_on_a_level_still_warns() -> None:
    assert _baseline("Raise monthly active readers to 8,000") == (False, "no-baseline")


@pytest.mark.parametrize("line", ["Cut open repair requests by 40% compared to last year",
                                  "Raise weekly orders from 120 to 200", "Publish 5 new case studies"])
def test_a_reference_a_start_or_a_count_of_new_things_passes(line: str) -> None:
    findings = review_text(f"Objective: A\n- {line} by June\n").objectives[0].key_results[0].findings
    assert all(f.passed for f in findings if f.criterion.endswith("kr-baseline"))  # passed, or not asked


@pytest.mark.parametrize("line", ["Increase the repair-café rating by 10 points",
                                  "Grow the parish newsletter by 2,000 readers"])
def test_a_change_by_so_much_is_a_question_not_a_warning(line: str) -> None:
    assert _baseline(line) == (False, "unsure")


@pytest.mark.parametrize("line", ["Close $200k in new ARR from clinics",
                                  "Raise $50k in donations for the shelter",
                                  "Lift bike-share conversion 2 percentage points over Q1"])
def test_money_collected_new_recurring_revenue_and_a_change_over_a_period_need_no_start(line: str) -> None:
    findings = review_text(f"Objective: A\n- {line} by June\n").objectives[0].key_results[0].findings
    assert all(f.passed for f in findings if f.criterion.endswith("kr-baseline"))


@pytest.mark.parametrize("line", ["Average basket value of $40 at the farm shop",
                                  "Member satisfaction of 4.5/5"])
def test_an_average_or_a_satisfaction_level_exists_today_and_asks_for_its_start(line: str) -> None:
    assert _baseline(line) == (False, "no-baseline")
