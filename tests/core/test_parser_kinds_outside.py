"""Parser kinds met in public OKR documents outside the eval set (P2, P4, P5, P6, P8, P9).

Each draft here is ours, on its own topic; only the shape is borrowed: a key-result table
headed "Target (KR)" under slug headings with a description line, key results written as
headings with acceptance criteria under them, per-person sections with "Objectives" and
"Key Results" lists, linked key results followed by owner handles and a score, feature
labels before a colon, and "Measure:" / "Target:" lines under a key result.
"""

from __future__ import annotations

import pytest
from drafts import verdict

from coach.core.models import OkrSet
from coach.core.parsing import parse


def shape(okr: OkrSet) -> list[tuple[str, list[str]]]:
    return [(o.text, [k.text for k in o.key_results]) for o in okr.objectives]


# --------------------------------------------------------------------------- P2

SLUG_TABLES = """# Greenhouse co-op OKRs

How we use this file: each section below is one objective, reviewed every month.

## seed-library 🌱

**Description:** Members can borrow seeds that actually germinate.

**Last updated:** 2026-03-01

| {header} | Current status |
|---|---|
| 90% of borrowed seed packets germinate in members' trays | 🟡 72% in the spring test |
| Every packet carries its harvest year | 🔴 Not started |

## tool-shed

**Description:** Nobody waits for a shared tool.

| {header} | Current status |
|---|---|
| Median wait for a tool under one day | 🟢 Half a day |
"""


@pytest.mark.parametrize("header", ["Target (KR)", "Target (key result)", "KR target", "Key result (target)"])
def test_a_slug_heading_with_a_description_over_a_target_kr_table(header: str) -> None:
    okr = parse(SLUG_TABLES.format(header=header))
    assert shape(okr) == [
        ("Members can borrow seeds that actually germinate.",
         ["90% of borrowed seed packets germinate in members' trays",
          "Every packet carries its harvest year"]),
        ("Nobody waits for a shared tool.", ["Median wait for a tool under one day"]),
    ]
    assert not any(o.implicit for o in okr.objectives)
    first = okr.objectives[0].key_results[0]
    assert first.status == "72% in the spring test"  # the status column, not part of the key result


# --------------------------------------------------------------------------- P4

KR_HEADINGS = """# Orchard app OKRs Q3 2026

**Owner:** Ilse

## Objective

Growers plan their harvest in the app instead of on paper.

**Constraints:**
- No paid advertising
- Works without a signal in the field

## Key Results

### KR 1.1: Harvest planner approved by the growers' council (0.0 → 1.0)

**Deliverable:** A planner with a crop calendar and a picking rota

**Acceptance criteria:**
- [ ] Crop calendar view
- [ ] Picking rota export
- [x] Council demo booked

**Due:** TBD
**Current:** 0.0

### ORC KR 1.2: 30 growers log a full harvest week in the app (0.2 → 1.0)

- Counted from the app's weekly log
"""


def test_a_key_result_heading_keeps_its_criteria_and_label_lines_as_notes() -> None:
    okr = parse(KR_HEADINGS)
    assert shape(okr) == [
        ("Growers plan their harvest in the app instead of on paper.",
         ["Harvest planner approved by the growers' council",
          "30 growers log a full harvest week in the app"]),
    ]
    first, second = okr.objectives[0].key_results
    assert "Crop calendar view" in first.notes and "Council demo booked" in first.notes
    assert any(n.startswith("Deliverable:") for n in first.notes)
    assert any(n.startswith("Due:") for n in first.notes)
    assert not any(n.startswith(("Acceptance", "Current")) for n in first.notes)
    assert (first.progress, second.progress) == (0.0, 0.2)
    assert second.notes == ["Counted from the app's weekly log"]
    assert okr.objectives[0].period in (None, "Q3 2026")  # "Due: TBD" is no period


@pytest.mark.parametrize("between", ["", "## Key Results\n\n"])
def test_key_result_headings_with_no_children_are_key_results(between: str) -> None:
    okr = parse(f"# Q3 2026\n\n## Objective: Growers plan in the app\n\n{between}"
                "### KR 1: 30 growers log a harvest week\n\n### KR 2: Planner rated 4 of 5 by the council\n")
    assert shape(okr) == [("Growers plan in the app",
                           ["30 growers log a harvest week", "Planner rated 4 of 5 by the council"])]


def test_a_key_result_heading_that_is_only_a_title_takes_the_line_under_it() -> None:
    okr = parse("# Q3 2026\n\n## Objective: Members stay with the club\n\n"
                "### KR1 — Retention\nRaise 30-day retention from 20% to 30%\n\n"
                "### KR2 — Referrals\n\n25 new members come through a friend\n\n- Counted at sign-up\n")
    assert shape(okr) == [("Members stay with the club",
                           ["Raise 30-day retention from 20% to 30%",
                            "25 new members come through a friend"])]
    assert okr.objectives[0].key_results[1].notes == ["Counted at sign-up"]


# --------------------------------------------------------------------------- P5

PER_PERSON = """# Library volunteers: autumn term OKRs

## Shared goals

### Main Objectives

1. Make the reading club the busiest evening at the branch
1. Get parents to trust the homework corner

### Main Key Results

1. 40+ regulars at the Thursday club
1. 25 families sign up for homework help

## Personal OKRs

### 1. OKR: @maria

#### Objectives

1. Run a reading club that teenagers recommend to friends

#### Key Results

1. 15 teenagers attend three sessions in a row
1. 5 new members come through a friend

### 2. OKR: @tomasz

#### Objectives

1. Make the homework corner quiet and useful
1. Find more volunteer tutors

#### Key Results

1. 30 pupils book a slot each week
1. 4 new tutors join by November

## OKRs of @lena

### Objectives

- Volunteers know what to do on their first evening

### Key Results

- 9 of 10 new volunteers rate their first evening 4 or better
"""


def test_per_person_sections_with_objectives_and_key_results_lists() -> None:
    okr = parse(PER_PERSON)
    assert shape(okr) == [
        ("Make the reading club the busiest evening at the branch", []),
        # several objectives over one key-results list: the reader's rule for key results that
        # follow objectives without saying whose they are (the objective read last takes them)
        ("Get parents to trust the homework corner",
         ["40+ regulars at the Thursday club", "25 families sign up for homework help"]),
        ("Run a reading club that teenagers recommend to friends",
         ["15 teenagers attend three sessions in a row", "5 new members come through a friend"]),
        ("Make the homework corner quiet and useful", []),
        ("Find more volunteer tutors", ["30 pupils book a slot each week", "4 new tutors join by November"]),
        ("Volunteers know what to do on their first evening",
         ["9 of 10 new volunteers rate their first evening 4 or better"]),
    ]
    owners = [o.owner for o in okr.objectives]
    assert owners == [None, None, "@maria", "@tomasz", "@tomasz", "@lena"]
    assert okr.objectives[2].group is not None and okr.objectives[2].group.endswith("@maria")
    assert not any(o.implicit for o in okr.objectives)
    assert okr.period == "autumn term"


def test_an_objectives_heading_over_labelled_items_and_a_table_of_contents() -> None:
    okr = parse("# Bakery OKRs Q4\n\n## Objectives\n\n- [Fresh bread sells out](#fresh-bread-sells-out)\n"
                "- Objective 2: Regulars order ahead\n\n## Objective 1: Fresh bread sells out\n\n"
                "- 95% of loaves sold by closing time\n\n## Key Results\n\n- 120 pre-orders a week\n")
    assert shape(okr) == [("Regulars order ahead", []),
                          ("Fresh bread sells out",
                           ["95% of loaves sold by closing time", "120 pre-orders a week"])]


# --------------------------------------------------------------------------- P6

LINKED = """List of objectives and key results for 2024 Q2.

## Overview

*   Print quality
    *   [Colour proofs approved before every large order](#o0r0) nadia 0.60
    *   [Reprints cut from 40 to 10 a month](#o0r1) piotr, nadia 0.70
*   Faster turnaround
    *   [Business cards ready within one day](#o1r0) olek 1.00
    *   [Poster orders shipped within two days of approval](#o1r1) olek,
                piotr 0.50
    *   [Banner printer calibrated every week \\[vera,
                olek\\]](#o1r2) tomas 0.90
"""


def test_owner_handles_and_a_score_after_a_linked_key_result() -> None:
    okr = parse(LINKED)
    krs = [k for o in okr.objectives for k in o.key_results]
    assert [(k.text, k.owner, k.progress) for k in krs] == [
        ("Colour proofs approved before every large order", "nadia", 0.6),
        ("Reprints cut from 40 to 10 a month", "piotr, nadia", 0.7),
        ("Business cards ready within one day", "olek", 1.0),
        ("Poster orders shipped within two days of approval", "olek, piotr", 0.5),
        ("Banner printer calibrated every week", "tomas, vera, olek", 0.9),  # handles in escaped brackets too
    ]
    assert [o.text for o in okr.objectives] == ["Print quality", "Faster turnaround"]


def test_a_link_followed_by_words_that_are_no_owner_list_keeps_them() -> None:
    okr = parse("Objective: Faster turnaround\n- [Business cards](#o1) ready within one day\n")
    assert [(k.text, k.owner) for k in okr.objectives[0].key_results] == [
        ("Business cards ready within one day", None)]


# --------------------------------------------------------------------------- P8

@pytest.mark.parametrize("line", [
    "Checkout UX: one page with the saved card already selected",
    "Invoice QA: a regression suite over the twenty most common layouts",
    "Onboarding Flow: three screens instead of seven",
    "Mobile App: offline mode for the stock count",
])
def test_a_feature_label_before_a_colon_is_not_the_owner(line: str) -> None:
    okr = parse(f"Objective: Paying is painless\n- {line}\n")
    kr = okr.objectives[0].key_results[0]
    assert (kr.text, kr.owner) == (line, None)


@pytest.mark.parametrize(("line", "owner"), [
    ("Growth Marketing: Raise trial signups from 200 to 350", "Growth Marketing"),
    ("Data Eng: nightly loads finish before 6am on 95% of days", "Data Eng"),
    ("Mobile Squad: crash-free sessions from 98% to 99.5%", "Mobile Squad"),
    ("QA: escaped defects from 12 to 4 a month", "QA"),
    ("Ana Lopez: interview 20 customers by June", "Ana Lopez"),
])
def test_team_and_person_labels_stay_owners(line: str, owner: str) -> None:
    okr = parse(f"Objective: Paying is painless\n- {line}\n")
    assert okr.objectives[0].key_results[0].owner == owner


# --------------------------------------------------------------------------- P9

MEASURE_LINES = """# Personal OKRs 2026

**Feel rested through the winter**
- Track weekly mood
  - Measure: mood rating 1–5
  - Target: average ≥ 3
- Sleep seven hours on 5 nights a week
"""


def test_measure_and_target_sub_lines_are_notes_of_their_key_result() -> None:
    okr = parse(MEASURE_LINES)
    assert shape(okr) == [("Feel rested through the winter",
                           ["Track weekly mood", "Sleep seven hours on 5 nights a week"])]
    assert okr.objectives[0].key_results[0].notes == ["Measure: mood rating 1–5", "Target: average ≥ 3"]


def test_a_target_note_with_a_number_makes_the_key_result_measurable() -> None:
    assert verdict(MEASURE_LINES, "kr-measurable")[0] is True
    without = "# Personal OKRs 2026\n\n**Feel rested through the winter**\n- Track weekly mood\n" \
              "  - Measure: mood rating\n- Sleep seven hours on 5 nights a week\n"
    assert verdict(without, "kr-measurable")[0] is False  # a "Measure:" line alone sets no target
