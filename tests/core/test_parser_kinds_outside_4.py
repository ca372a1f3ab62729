"""Parser kinds met in a sixth round of public OKR documents outside the eval set: a period on
a "Horizon:" line (K11), key-result tables whose "KR" column holds only ids (P19), a target
cell that repeats the line or gives a range, and the labelled lines under a bold key result
("Target:", "How to measure:", "Note:") that are its details, not more key results (P48, P9).
The drafts are ours; only the shapes are borrowed."""

from __future__ import annotations

import pytest
from drafts import verdict

from coach.core.parsing import parse


def _krs(draft: str) -> list[str]:
    return [k.text for o in parse(draft).objectives for k in o.key_results]


def test_k11_a_horizon_line_is_the_period() -> None:
    draft = ("# Bakery OKRs\n\n**Horizon:** Q3 FY26–27 (Oct–Dec 2026)\n\n## Objective: Regulars order ahead\n"
             "- 200 online orders from repeat customers\n")
    assert verdict(draft, "kr-time-bound")[0] is True


@pytest.mark.parametrize("table, expected", [
    ("| KR | Measure | Target | Timeline |\n|----|---------|--------|----------|\n"
     "| 1.1 | Monthly donors | 120 to 160 | By Q3 |\n| 1.2 | Donor renewal rate | 75% | By Q4 |\n",
     ["Monthly donors from 120 to 160", "Donor renewal rate to 75%"]),
    ("| KR | Indicador | Meta | Responsável |\n|----|-----------|------|-------------|\n"
     "| **KR1** | % de consultas marcadas online | ≥ 60% | Ana |\n",
     ["% de consultas marcadas online ≥ 60%"]),
    ("| KR | Target | Timeline |\n|----|--------|----------|\n"
     "| Monthly donors from 120 to 160 | 160 | By Q3 |\n",
     ["Monthly donors from 120 to 160"]),
])
def test_p19_ids_in_the_kr_column_and_targets_written_as_a_reader_would(table: str,
                                                                          expected: list[str]) -> None:
    assert _krs(f"# OKRs 2026\n\n## Objective 1: Donors stay with us\n\n{table}") == expected


def test_p48_p9_labelled_lines_under_a_bold_key_result_are_its_details() -> None:
    draft = ("# Pantry OKRs 2026\n\n## Objective 1: Fewer families go without\n\n### Key Results\n\n"
             "**KR1: Cut missed pickups by 25%**\n- Baseline: pickups missed per week at launch\n"
             "- Target: 25% fewer within 45 days of go-live\n"
             "- How to measure: weekly count from the driver log\n"
             "- Owner: Pantry lead\n- Note: this depends on drivers logging every pickup.\n")
    okr = parse(draft)
    kr = okr.objectives[0].key_results
    assert [k.text for k in kr] == ["Cut missed pickups by 25%"]
    assert kr[0].owner == "Pantry lead"
    assert "Target: 25% fewer within 45 days of go-live" in kr[0].notes
    assert verdict(draft, "kr-time-bound")[0] is True  # its deadline is in its Target line


def test_p18_a_key_result_table_under_its_own_heading_belongs_to_the_objective_waiting_for_it() -> None:
    okr = parse("# Clinic plan\n\n**Objective**: Patients get test results faster\n\n### Focus areas\n"
                "- Lab pickup\n\n| KPI | Now | Target |\n|---|---|---|\n| Days to result | 9 | 4 |\n\n"
                "### OKRs (Q3 2026)\n\n| KR | Target |\n|---|---|\n"
                "| Median days from test to result | under 4 |\n")
    assert [(o.text, [k.text for k in o.key_results]) for o in okr.objectives] == [
        ("Patients get test results faster", ["Median days from test to result under 4"])]
    assert okr.objectives[0].period == "Q3 2026"


def test_p50_a_price_at_the_end_of_a_key_result_is_no_score() -> None:
    draft = ("# OKRs\n\n## Q3 2026\n\n### **Objetivo 1: Entregas baratas**\n\n"
             "#### **KR 1.1**: Custo por pedido ≤ R$ 0.35\n- **Baseline**: R$ 1.20\n"
             "- **Stretch Goal**: ≤ R$ 0.25\n"
             "\n#### **KR 1.2**: Prazo médio ≤ 2 dias\n- **Stretch Goal**: ≤ 1 dia 0.5\n")
    assert parse(draft).objectives[0].key_results[0].text == "Custo por pedido ≤ R$ 0.35"


def test_p54_a_topic_heading_over_a_key_results_label_is_the_objective() -> None:
    okr = parse("# Team goals\n\n# Handling feedback\n\n**Key results:**\n\n"
                "- 5 colleagues give me feedback each month\n\n# Growing the choir\n\n**Key results:**\n\n"
                "- 60 singing members\n")
    assert [(o.text, o.implicit) for o in okr.objectives] == [("Handling feedback", False),
                                                              ("Growing the choir", False)]


def test_p51_an_unlabelled_quarter_in_a_labelled_document_is_read_by_its_shape() -> None:
    okr = parse("# OKRs\n\n## 2025\n\n### Q4\n\n#### Objective: Grow the choir\n\n_Key results:_\n\n"
                "- 80 singing members\n\n### Q3\n\n**Grow the choir**\n\n- Have 60 singing members\n\n"
                "**Secure funding**\n\n- $20k in pledges\n")
    assert [(o.text, [k.text for k in o.key_results], o.period) for o in okr.objectives] == [
        ("Grow the choir", ["80 singing members"], "Q4"),
        ("Grow the choir", ["Have 60 singing members"], "Q3"),
        ("Secure funding", ["$20k in pledges"], "Q3")]


def test_p56_path_placeholders_are_no_html() -> None:
    # (a bare URL still leaves the text whole, host too: a link pasted into a draft must not
    # reach a rewrite, see the injection cases of the suggestion eval)
    okr = parse("# Q3 2026 OKRs\n\n## Objective: Grow the choir\n\n"
                "- Store recordings under `rec/<member_id>/<date>/` for 60 members\n"
                "- Publish the <b>new</b> rota for 12 weeks\n")
    assert [k.text for k in okr.objectives[0].key_results] == [
        "Store recordings under rec/<member_id>/<date>/ for 60 members",
        "Publish the new rota for 12 weeks"]
