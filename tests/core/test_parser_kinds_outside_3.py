"""Parser kinds met in the fourth and fifth rounds of public OKR documents outside the eval
set: a key result's type label as its heading (P34), lists beside the key results that are
not key results (P31, P32, P44), a title that names the OKRs (P37), release ids (P10), glossed,
Spanish and Chinese labels (P30, P36, P40), a self-review that quotes the objective again
(P39), aims named beside the OKRs (P14, P46), notes about a key result (P45), and tables
whose key result is in "Target", "Meta" or a text column, or whose headers carry a gloss (P19,
P35, P38, P41). The drafts are ours; only the shapes are borrowed."""

from __future__ import annotations

import pytest

from coach.core.parsing import parse

_TITLE = "# Q3 2026 OKRs\n\n"


def _shape(draft: str) -> list[tuple[str, list[str]]]:
    okr = parse(draft)
    return [("(implicit)" if o.implicit else o.text, [k.text for k in o.key_results]) for o in okr.objectives]


def test_p34_a_type_label_heading_over_the_key_result_heading() -> None:
    draft = (_TITLE + "## Objective\n\nNew runners keep running after the course.\n\n"
             "## KR1 — Leading Metric\n\n### ≥ 60% of starters finish week 4 of the plan\n\n"
             "- shows the habit forms early\n\n"
             "## KR2 — Lagging Metric\n\n### ≥ 100 graduates run a 5 km race within 3 months\n")
    okr = parse(draft)
    assert _shape(draft) == [("New runners keep running after the course.",
                              ["≥ 60% of starters finish week 4 of the plan",
                               "≥ 100 graduates run a 5 km race within 3 months"])]
    assert okr.objectives[0].key_results[0].notes == ["shows the habit forms early"]


def test_p31_an_epics_list_after_the_key_results_is_not_more_key_results() -> None:
    draft = (_TITLE + "## Objective 1 — Gardeners share seeds across town\n### Key Results\n"
             "- KR1: 200 seed packets swapped\n- KR2: 40 gardeners join the swap\n\n"
             "**Epics (planned):**\n- seed-library-shelving\n- swap-day-posters\n\n"
             "Read also:\n- [Budget](budget.md)\n")
    assert _shape(draft) == [("Gardeners share seeds across town",
                              ["200 seed packets swapped", "40 gardeners join the swap"])]


def test_p32_p33_numbered_glossed_sections_and_an_objective_finished_by_a_list() -> None:
    draft = (_TITLE + "## 1. Objective (O)\n\nRun the community fridge in a way that:\n\n"
             "* keeps food safe\n* respects donors\n\n## 2. Key Results (KRs)\n\n"
             "1. Fridge temperature stays under 5 °C on 95% of checks.\n2. 300 meals shared per month.\n")
    shape = _shape(draft)
    assert len(shape) == 1 and shape[0][0].startswith("Run the community fridge")
    assert shape[0][1] == ["Fridge temperature stays under 5 °C on 95% of checks.",
                           "300 meals shared per month."]


def test_p32_control_an_objective_line_ending_in_a_colon_keeps_its_key_results() -> None:
    draft = _TITLE + "## Objective\n\nGrow the lending library:\n\n- 150 tool loans per month\n"
    assert _shape(draft)[0][1] == ["150 tool loans per month"]


def test_p37_a_title_naming_the_okrs_is_the_title_and_its_links_are_no_key_results() -> None:
    draft = ("# Tool Library OKRs: Roadmap (2026-2027)\n\nRead also:\n- [Vision](VISION.md) — the long view\n"
             "- [Budget](BUDGET.md) — money\n\n## Q3 2026\n\n### Objective: Neighbours borrow tools\n"
             "- KR1: 150 tool loans per month\n")
    assert _shape(draft) == [("Neighbours borrow tools", ["150 tool loans per month"])]


def test_p10_an_objective_id_with_a_release_prefix() -> None:
    draft = (_TITLE + "#### **R1-O1: Grow the Tool Library**\n\n**Key Results**:\n"
             "- **KR1.1**: 150 tool loans per month\n- **KR1.2**: 60 active borrowers\n")
    assert _shape(draft) == [("Grow the Tool Library", ["150 tool loans per month", "60 active borrowers"])]


def test_p30_spanish_labels() -> None:
    draft = (_TITLE + "## Objetivo\nAbrir la tienda online y vender a 10 clientes.\n\n"
             "## Resultados Clave\n- KR1: 10 clientes compran en la tienda\n- KR2: Devoluciones <5%\n")
    assert _shape(draft) == [("Abrir la tienda online y vender a 10 clientes.",
                              ["10 clientes compran en la tienda", "Devoluciones <5%"])]


def test_p36_p39_a_glossed_objective_heading_and_a_self_review_quoting_it() -> None:
    draft = (_TITLE + "## Objective (goal)\n\n**\"Neighbours borrow tools instead of buying them\"**\n\n"
             "## Key Results\n- KR1: 150 tool loans per month\n- KR2: 60 active borrowers\n\n"
             "## Self-review\n\n- **Objective**: \"Neighbours borrow tools instead of buying them\"\n"
             "  - people-centred and motivating\n")
    shape = _shape(draft)
    assert len(shape) == 1 and "Neighbours borrow tools" in shape[0][0]
    assert shape[0][1] == ["150 tool loans per month", "60 active borrowers"]


def test_p19_a_key_result_table_whose_text_is_in_target() -> None:
    draft = (_TITLE + "### Objective: Neighbours borrow tools instead of buying them\n\n"
             "| KR | Target | Current | Owner |\n|----|--------|---------|-------|\n"
             "| KR1 | 150 tool loans per month | 40 | Sam |\n| KR2 | 60 active borrowers | 15 | Ana |\n")
    okr = parse(draft)
    krs = okr.objectives[0].key_results
    assert [k.text for k in krs] == ["150 tool loans per month (now: 40)", "60 active borrowers (now: 15)"]
    assert krs[0].owner == "Sam"


def test_p35_a_results_table_of_bare_figures_is_not_key_results() -> None:
    draft = (_TITLE + "### Objective: Neighbours borrow tools\n- KR1: 150 tool loans per month\n\n"
             "### Q2 2026 Results (Baseline)\n\n| Metric | Result |\n|--------|--------|\n"
             "| Tool loans | 40 |\n| Borrowers | 15 |\n")
    assert _shape(draft) == [("Neighbours borrow tools", ["150 tool loans per month"])]


def test_p38_table_headers_with_a_gloss() -> None:
    draft = ("| O(Objects) | KR(KeyResult) | July |\n| --- | --- | --- |\n"
             "| O1 - Run a half marathon by September | KR1 - Run 3 times a week | /12 |\n"
             "|  | KR2 - Finish a 15 km run by the end of August |  |\n")
    assert _shape(draft) == [("Run a half marathon by September",
                              ["Run 3 times a week", "Finish a 15 km run by the end of August"])]


def test_k11_a_horizon_in_the_opening_prose_or_a_heading_is_the_period() -> None:
    okr = parse("# Kitchen plan\n\nShort term means the next 90 days (through March 2027).\n\n"
                "### O1 — Meals go out on time\n\n- Late meals from 30% to under 5%\n")
    assert okr.period == "next 90 days"
    okr = parse("# Tool library plan\n\n## Long term — 12 months\n\n"
                "### O5 — Every street has a tool point\n\n- Streets with a tool point from 3 to 20\n")
    assert okr.objectives[0].period is not None


def test_p41_a_meta_column_is_the_target_and_p7_emphasis_around_a_cell_is_markup() -> None:
    okr = parse("# Q3 2026 OKRs\n\n### O1 — Members find what they need\n\n| # | KR | Meta | Owner |\n"
                "|---|---|---|---|\n| KR1.1 | Receipts shared by SMS | **Sent in ≥ 80% of sales** | Ana |\n")
    assert okr.objectives[0].key_results[0].text == "Receipts shared by SMS: Sent in ≥ 80% of sales"


def test_p42_a_rating_after_a_metric_name_is_its_target_not_a_score() -> None:
    okr = parse("# Q3 2026 OKRs\n\n## Objective: Members love the library\n- Member satisfaction: 4.6/5\n"
                "- Run the summer reading club: 7/10\n")
    krs = okr.objectives[0].key_results
    assert krs[0].text == "Member satisfaction: 4.6/5" and krs[0].progress is None
    assert krs[1].text == "Run the summer reading club" and krs[1].progress == 0.7


def test_p43_a_count_of_contributors_is_a_key_result_not_a_field() -> None:
    okr = parse("# Q3 2026 OKRs\n\n#### Objective 3: Grow the volunteer community\n**Key Results:**\n"
                "- Volunteers: 40+\n- Contributors: 12+\n")
    assert [k.text for k in okr.objectives[0].key_results] == ["Volunteers: 40+", "Contributors: 12+"]


def test_p44_a_list_announced_after_a_key_result_table_is_notes() -> None:
    okr = parse("# Q3 2026 OKRs\n\n### O1 — The van runs on time\n\n| KR | Baseline | Target |\n"
                "|---|---|---|\n| KR1.1 Routes ending late | 40% | **< 10%** |\n\n"
                "The named work behind these:\n\n"
                "- The planner gives drivers 5 minutes to confirm a stop.\n")
    assert [k.text for k in okr.objectives[0].key_results] == ["Routes ending late from 40% to < 10%"]


def test_p45_a_sentence_about_a_key_result_is_not_one_and_p86_a_state_target_follows_a_colon() -> None:
    okr = parse("# Q3 2026 OKRs\n\n### O3 — A second branch opens in a known time\n\n"
                "| KR | Baseline | Target |\n|---|---|---|\n"
                "| KR3.1 Branch rules loaded from a data file | hardcoded | **shipped** |\n\n"
                "**KR3.1 is the most important item here.** It turns a new branch into a data change.\n")
    assert [k.text for k in okr.objectives[0].key_results] == [
        "Branch rules loaded from a data file: shipped (now: hardcoded)"]


@pytest.mark.parametrize("draft", [
    "# Metrics guide\n\n### Primary Objectives\n1. **Reader Success:** Help readers find their next book\n"
    "2. **Volunteer Growth:** Build a lasting volunteer team\n\n## Q3 2026 OKRs\n\n"
    "#### Objective 1: Readers find books fast\n**Key Results:**\n- Median search time: < 30 seconds\n",
    "# Roadmap\n\n## v0.1 Foundation (Q3 2026)\n\n**Goal**: Set up the catalogue and the lending desk\n\n"
    "### Features\n- [ ] Catalogue database\n\n## Quarterly OKRs\n\n### Q3 2026 OKRs\n"
    "- [ ] **Objective**: Readers find books fast\n  - Key Result: Median search time: < 30 seconds\n",
])
def test_p14_p46_aims_named_beside_the_okrs_are_not_objectives(draft: str) -> None:
    assert _shape(draft) == [("Readers find books fast", ["Median search time: < 30 seconds"])]


def test_p47_an_hourglass_is_a_status_mark() -> None:
    draft = _TITLE + "#### Objective 1: Reliable lending\n**Key Results:**\n- ⏳ Zero lost loans\n"
    assert _shape(draft) == [("Reliable lending", ["Zero lost loans"])]


def test_p40_a_chinese_plan_with_glossed_headings_and_a_kr_table() -> None:
    draft = ("# 社区图书馆 - OKR\n\n## 🎯 Objective（目标）\n\n**建立社区图书馆的借阅体系。**\n\n"
             "## 📊 Key Results（关键结果）\n\n| KR | 描述 | 完成标准 | 权重 |\n"
             "|----|------|---------|------|\n| **KR1** | 完成借阅规则 | 规则文档 | 50% |\n"
             "| **KR2** | 完成图书编目 | 500 本书 | 50% |\n")
    shape = _shape(draft)
    assert shape[0][0] == "建立社区图书馆的借阅体系。"
    assert len(shape[0][1]) == 2 and "500" in shape[0][1][1]


@pytest.mark.parametrize("draft, period", [
    ("# Our OKRs for this quarter\n\n## Objective: Members love the library\n- 300 members borrow a book\n",
     "this quarter"),
    ("# Library plan\n\nThese are our goals for the coming quarter.\n\n"
     "## Objective: Members love the library\n- 300 members borrow a book\n", "the coming quarter"),
])
def test_k11_a_relative_horizon_in_the_title_or_the_opening_is_the_period(draft: str, period: str) -> None:
    assert parse(draft).period == period
