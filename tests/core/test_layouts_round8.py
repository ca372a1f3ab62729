"""Layouts and statements met in an eighth round of outside OKR pages: a bare line over a
"Key results:" line is the objective; key results written as paragraphs under "Key results:"
are each a key result; "Time Scale: Quarter" states the period; "8% to 11%" is a start
and a target. The drafts are ours; only the shapes are borrowed."""

from __future__ import annotations

from drafts import verdict

from coach.core.kr_parts import extract_parts
from coach.core.parsing import parse


def test_a_bare_line_over_key_results_is_the_objective() -> None:
    okr = parse("# Plan\n\nMake deliveries predictable for florists\nKey results:\n"
                "- 95% of orders arrive on time\n- Late-order complaints under 10 a month\n\n"
                "Grow wholesale revenue\nKey results:\n"
                "- Sign 8 new wholesale accounts\n")
    assert [(o.text, len(o.key_results), o.implicit) for o in okr.objectives] == [
        ("Make deliveries predictable for florists", 2, False), ("Grow wholesale revenue", 1, False)]


def test_key_results_as_paragraphs_are_each_a_key_result() -> None:
    okr = parse("Objective: Grow wholesale revenue\n\nKey results:\n\n"
                "Sign 8 new wholesale accounts (3 signed).\n\nKeep returns under 4% (now 5.1%).\n\n"
                "Raise average order value from $40 to $55.\n")
    assert len(okr.objectives[0].key_results) == 3


def test_a_time_scale_line_is_the_period() -> None:
    draft = ("Time Scale: Quarter\n\nObjective: Callers get help fast\n"
             "- Cut average hold time to under 2 minutes\n")
    assert parse(draft).period == "Quarter"
    assert verdict(draft, "kr-time-bound")[0] is True


def test_figures_joined_by_to_are_a_start_and_a_target() -> None:
    parts = extract_parts("Lift trial-to-paid conversion 8% to 11% by September")
    assert (parts.baseline, parts.target) == (8, 11)
    assert verdict("Objective: A\n- Lift trial-to-paid conversion 8% to 11% by September\n", "kr-baseline")[0]
    # no unit: it could be a range of counts
    assert extract_parts("Grow members 2,000 to 3,000").baseline is None


def test_a_label_with_its_team_and_a_key_results_label_with_its_topic() -> None:
    okr = parse("Team objective (Operations): Make deliveries predictable for florists.\n\n"
                "- Sample key results for delivery:\n  - 95% of orders arrive inside the promised hour.\n"
                "  - Late-order complaints under 10 a month.\n\n"
                "Objective (Finance Team): Make forecasting reliable\n\nKey Results for Forecasting:\n"
                "- Forecast error under 5% each month\n- Close the books in 4 working days\n")
    assert [(o.text, o.owner, len(o.key_results)) for o in okr.objectives] == [
        ("Make deliveries predictable for florists.", "Operations", 2),
        ("Make forecasting reliable", "Finance Team", 2)]


def test_a_sentence_about_team_objectives_is_no_label() -> None:
    okr = parse("Team objectives matter more than personal ones.\n\nObjective: Grow wholesale revenue\n"
                "- Sign 8 new wholesale accounts\n")
    assert [o.text for o in okr.objectives] == ["Grow wholesale revenue"]


def test_tasks_and_initiatives_lists_under_an_objective_are_no_key_results() -> None:
    okr = parse("## Objective: Hire a strong team\n\n**Key results**:\n- 3 engineers hired by June\n"
                "- Offer acceptance rate above 80%\n\n**Tasks**:\n- List the job on three boards\n"
                "- Run a referral drive\n\n**Initiatives:**\n- Rewrite the careers page\n")
    objective = okr.objectives[0]
    assert [k.text for k in objective.key_results] == ["3 engineers hired by June",
                                                       "Offer acceptance rate above 80%"]
    assert objective.initiatives == ["Rewrite the careers page"]


def test_several_key_results_on_one_line_are_each_read() -> None:
    okr = parse("Objective: Donors stay\n- Key Result 1: Call 50 lapsed donors. Key Result 2: Send thank-you "
                "notes to 200 donors.\n- KR3: 200 paid seats; KR4: churn under 3%.\n")
    assert [k.text for k in okr.objectives[0].key_results] == [
        "Call 50 lapsed donors.", "Send thank-you notes to 200 donors.", "200 paid seats", "churn under 3%."]
