"""Where a set states its period, its key results are time-bound: the forms a period takes
(1Q27, 2H 2027, Jan–Mar, PI 3, "quarterly OKRs", "year-end"), an objective that names its own
("Make onboarding painless (Q2 2027)", "... in 2027"), opening prose that announces the set's
goals, and a "Timeframe: Q2 2027" heading. A missed period was the commonest false warning on
outside documents. The drafts are ours."""

from __future__ import annotations

import pytest
from drafts import verdict

from coach.core.line_kinds import own_period
from coach.core.parsing import parse

FORMS = ["1Q27", "2H 2027", "Q1/2027", "H2-2027", "Jan-Mar 2027", "October–December", "PI 3",
         "Iteration 4", "Quarterly OKRs", "year-end", "first half of 2027", "Fall 2026"]
KR = "- Raise activation rate from 40% to 60%\n"


@pytest.mark.parametrize("period", FORMS)
def test_a_period_in_the_title_reaches_the_key_results(period: str) -> None:
    assert verdict(f"# {period} OKRs\n\n## Objective: Make onboarding painless\n{KR}", "kr-time-bound")[0]


@pytest.mark.parametrize("period", FORMS)
def test_opening_prose_that_announces_the_goals_gives_the_period(period: str) -> None:
    draft = f"# Team Atlas\n\nThese are our goals for {period}.\n\n## Objective: Make onboarding painless\n"
    draft += KR
    assert verdict(draft, "kr-time-bound")[0]


def test_prose_about_the_past_without_goal_words_gives_no_period() -> None:
    draft = f"# Team Atlas\n\nWe were founded in 2019.\n\n## Objective: Make onboarding painless\n{KR}"
    assert parse(draft).period is None
    assert verdict(draft, "kr-time-bound")[0] is False


@pytest.mark.parametrize("objective, period", [
    ("Make onboarding painless (Q2 2027)", "Q2 2027"),
    ("Make onboarding painless — H1 2027", "H1 2027"),
    ("Become the bakery regulars recommend in 2027", "in 2027"),
    ("Win back lapsed members this quarter", "this quarter"),
    ("Make onboarding painless by the end of Q3", "by the end of Q3"),
])
def test_an_objective_that_names_its_period_passes_it_to_its_key_results(objective: str, period: str) -> None:
    okr = parse(f"# Team Atlas\n\n## Objective: {objective}\n{KR}")
    assert okr.objectives[0].period == period
    assert verdict(f"# Team Atlas\n\n## Objective: {objective}\n{KR}", "kr-time-bound")[0]


@pytest.mark.parametrize("objective", ["Reach 2000 paying members", "Run the 2027 conference well",
                                       "Make onboarding painless (for new teams)"])
def test_a_number_or_an_aside_in_the_objective_is_no_period(objective: str) -> None:
    assert own_period(objective) is None


def test_a_timeframe_heading_states_the_period_itself() -> None:
    draft = f"# Team Atlas\n\n## Timeframe: Q2 2027\n\n## Objective: Make onboarding painless\n{KR}"
    assert parse(draft).period == "Q2 2027"


def test_a_deadline_under_an_objective_is_more_exact_than_its_headings_period() -> None:
    okr = parse("# Team\n\n## Quarterly OKRs\n\n### Objective: Grow the builder community\n\n"
                "Deadline: 02.07.27\n\n- 40 new builders\n")
    assert okr.objectives[0].period == "02.07.27"
