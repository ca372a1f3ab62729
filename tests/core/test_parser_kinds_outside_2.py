"""Parser kinds met in a second round of public OKR documents outside the eval set: where a
set states its period (K11), a key result's own line hidden by a site template or a wrapped
list (P11) and a checkbox after a bold label (P13). The drafts are ours; only the shapes are
borrowed."""

from __future__ import annotations

import pytest
from drafts import verdict

from coach.core.parsing import parse


def _time_bound(draft: str) -> bool:
    return verdict(draft, "kr-time-bound")[0]


@pytest.mark.parametrize("draft", [
    "# Library volunteers OKRs (FY-2)\n\n## Objective: Neighbours feel at home\n\n"
    "- 300 members borrow a book each month\n",
    "# Garden plan\n\n**Draft Q2 2027:**\n\n**O1: Neighbours grow food**\n"
    "- KR1: 40 households harvest vegetables\n",
    "# Goals\n\n## Objective: Better tutoring\n\ndue date: 30.09.2026\n\n"
    "- 25 pupils attend two sessions a week\n",
    "# Goals\n\ndue date: 30.09.2026\n\nObjective: Better tutoring\n- 25 pupils attend two sessions a week\n",
    "Monthly goals\n\nNovember\n- O: Get fitter\n- KR: Run 3 times a week for 30 minutes\n",
])
def test_k11_the_period_a_set_states_in_a_label_line_or_title(draft: str) -> None:
    assert _time_bound(draft) is True


def test_k11_control_a_set_without_any_period_is_not_time_bound() -> None:
    draft = "# Garden plan\n\n**O1: Neighbours grow food**\n- KR1: 40 households harvest vegetables\n"
    assert _time_bound(draft) is False


def test_p11_site_template_lines_are_markup_not_key_results() -> None:
    okr = parse("# Q3 2026 OKRs\n\n# Objective: Be a calmer parent\n"
                "## Key result: Visit every branch library\n{{template \"bar\" (map \"Value\" 40)}}\n\n"
                "## Key result: Cook at home five nights a week\n{% include progress.html value=60 %}\n")
    assert [k.text for k in okr.objectives[0].key_results] == [
        "Visit every branch library", "Cook at home five nights a week"]


def test_p11_a_wrapped_key_result_stays_one_line() -> None:
    okr = parse("# Q3 2026 OKRs\n\n### Objective 1 — Shoppers pay without friction\n\n"
                "- **KR1**: Checkout page p95 latency < 2 s; card errors logged for\n  ≥ 95% orders.\n"
                "- **KR2**: Refund requests answered within 1 day on web, iOS,\n  Android.\n")
    assert [k.text for k in okr.objectives[0].key_results] == [
        "Checkout page p95 latency < 2 s; card errors logged for ≥ 95% orders.",
        "Refund requests answered within 1 day on web, iOS, Android."]


def test_p13_a_ticked_box_after_a_bold_label_is_done_not_a_placeholder() -> None:
    draft = ("Period: Q3 2026\nObjective: Make the bakery dependable\n"
             "- **Key Result 1.1:** [x] Write the volunteer handbook.\n")
    okr = parse(draft)
    kr = okr.objectives[0].key_results[0]
    assert (kr.text, kr.done) == ("Write the volunteer handbook.", True)
    assert verdict(draft, "kr-measurable")[1] != "placeholder"


def test_p10_a_numbered_okr_heading_is_the_objective() -> None:
    okr = parse("# Q3 2026 OKRs\n\n## OKR 1: Readers find the right book fast\n"
                "- KR 1.1: 70% of catalogue searches end in a loan\n")
    assert [(o.text, o.implicit) for o in okr.objectives] == [("Readers find the right book fast", False)]


def test_p15_an_acronym_in_a_heading_is_not_the_owner() -> None:
    okr = parse("# Q3 2026 OKRs\n\n## Plan: Hillside Tool Library (HTL)\n\n"
                "**O1: Neighbours borrow instead of buy**\n- KR1: 300 loans a month\n")
    assert okr.objectives[0].owner is None


def test_p15_control_a_role_in_a_heading_is_the_owner() -> None:
    okr = parse("# Q3 OKRs\n\n## Product (VP Product)\n\nObjective: Ship faster\n"
                "- Cut lead time from 9 to 5 days\n")
    assert okr.objectives[0].owner == "VP Product"


def test_p7_table_columns_join_into_a_sentence_a_reader_would_write() -> None:
    okr = parse("# Q3 2026 OKRs\n\n## Objective: Less paperwork at the shelter\n\n"
                "| Key Result | Baseline | Target |\n|---|---|---|\n"
                "| Time to process an adoption form | [TBD] | Reduce by 40% |\n"
                "| Missing vaccination records per month | 12 | 0 |\n\n"
                "| Key Result | Target | Baseline |\n|---|---|---|\n"
                "| Introduce online adoption forms | 70% of forms submitted online | Current: Paper only |\n")
    assert [k.text for k in okr.objectives[0].key_results] == [
        "Time to process an adoption form: Reduce by 40% (now: [TBD])",
        "Missing vaccination records per month from 12 to 0",
        "Introduce online adoption forms: 70% of forms submitted online (now: Paper only)",
    ]


def test_p7_a_table_row_whose_target_column_is_the_result_is_an_outcome() -> None:
    draft = ("# Q3 2026 OKRs\n\n## Objective: Less paperwork at the shelter\n\n"
             "| KR | Target | Status |\n|---|---|---|\n"
             "| Roll out online booking | 90% of visits booked online | Open |\n")
    assert verdict(draft, "kr-outcome")[0] is True


def test_k11_a_set_that_runs_for_so_many_weeks_names_its_period() -> None:
    assert _time_bound("# OKRs — 8 Week Push\n\n## Objective: Repairs get done\n\n- 60 repairs requested\n")


def test_p16_a_short_line_over_a_list_of_key_results_is_their_objective() -> None:
    okr = parse("# Q3 2026 OKRs\n\nBecome a confident public speaker\n\n- give 4 talks at the local meetup\n"
                "- 30 people sign up for my workshop\n\nGrow the allotment waiting list\n\n"
                "- 50 households on the list\n")
    assert [(o.text, len(o.key_results)) for o in okr.objectives] == [
        ("Become a confident public speaker", 2), ("Grow the allotment waiting list", 1)]


def test_p17_a_note_about_an_objective_is_not_one() -> None:
    okr = parse("# Q3 2026 OKRs\n\n## O1: Families find a swimming slot\n\n"
                "- 80% of families get their first choice\n\n## Notes\n"
                "- O1 is the main focus in August. O2 follows in the autumn term.\n")
    assert [o.text for o in okr.objectives] == ["Families find a swimming slot"]


def test_p19_a_measurable_outcome_column_holds_the_key_results_text() -> None:
    okr = parse("# Q3 2026 OKRs\n\n### Objective 1: Members renew without friction\n\n"
                "| Key Results | Measurable Outcome |\n|---|---|\n"
                "| KR 1.1 | 300 members renew online by September |\n")
    assert [k.text for k in okr.objectives[0].key_results] == ["300 members renew online by September"]
