"""Kinds met in a ninth round of outside OKR documents: a quarter named inside an objective
("Beat our Q1 financial targets", "Objective (FY25): ...") is its key results' period; a start
and a target written with their unit ("$83k/mo to $93k/mo", "$387K MRR to $550K MRR"); counts of
the team's own work with no verb ("6 onboarding webinars hosted this half", "3 new engineering
hires") are work, a task followed by the measured result it had is an outcome; counting the
team's own effort asks no baseline. The drafts are ours; only the shapes are borrowed."""

from __future__ import annotations

import pytest
from drafts import verdict

from coach.core.kr_parts import extract_parts
from coach.core.parsing import parse
from coach.service.review import review_text


@pytest.mark.parametrize("objective", ["Beat our Q1 financial targets",
                                       "Make Q4 our best holiday season online"])
def test_a_quarter_named_in_the_objective_is_its_period(objective: str) -> None:
    assert verdict(f"# Team Atlas\n\nObjective: {objective}\n- Revenue of $2M\n", "kr-time-bound")[0] is True


def test_a_period_in_the_objectives_label_is_its_period_not_its_owner() -> None:
    okr = parse("Objective (FY25): Halve warehouse accidents\n- Lost-time injuries under 4\n")
    assert (okr.objectives[0].owner, okr.objectives[0].period) == (None, "FY25")


@pytest.mark.parametrize("line, start, target", [
    ("Organic bookings: $83k/mo to $93k/mo", 83_000, 93_000),
    ("Qualified pipeline: $387K MRR to $550K MRR", 387_000, 550_000)])
def test_a_start_and_a_target_with_their_unit(line: str, start: float, target: float) -> None:
    parts = extract_parts(line)
    assert (parts.baseline, parts.target) == (start, target)


def _outcome(line: str) -> bool:
    return verdict(f"# Q3 2027\n\n## Objective: Things go well\n- {line}\n", "kr-outcome")[0]


@pytest.mark.parametrize("line", ["6 onboarding webinars hosted this half",
                                  "15 supplier audits completed in Q2",
                                  "3 new engineering hires this quarter", "4 conferences spoken at"])
def test_counted_own_work_with_no_verb_is_work(line: str) -> None:
    assert _outcome(line) is False


@pytest.mark.parametrize("line", ["Self-service refund page shipped, cutting refund tickets by 30%",
                                  "12 how-to videos produced, each watched by at least 500 customers",
                                  "Pricing calculator launched, with 25% of trial users opening it",
                                  "500 new customers signed up"])
def test_work_with_its_measured_result_is_an_outcome(line: str) -> None:
    assert _outcome(line) is True


@pytest.mark.parametrize("line, asked", [("Call 50 lapsed donors", False), ("Run 8 safety trainings", False),
                                         ("Post 5 stories a week on the club page", True),
                                         ("Launch click-and-collect and grow online sales to $40k", True)])
def test_counting_own_effort_asks_no_baseline(line: str, asked: bool) -> None:
    findings = review_text(f"# Q3 2027\n\nObjective: A\n- {line}\n").objectives[0].key_results[0].findings
    warned = any(not f.passed and not f.unsure for f in findings if f.criterion.endswith("kr-baseline"))
    assert warned is asked
