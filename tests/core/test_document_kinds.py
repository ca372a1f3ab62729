"""Kinds of published OKR documents beyond our clean drafts, each in our own words.

Every case here is a shape met in public OKR files (an article quoting its example set,
an export with owners and scores, a review that lists its objectives before their
sections, wrapped lines); the text is ours, the shape is theirs. Each asserts what a
careful reader takes from it.
"""

from __future__ import annotations

import pytest

from coach.core.models import OkrSet
from coach.core.parsing import ParseError, parse


def shape(okr: OkrSet) -> list[tuple[str, list[str]]]:
    return [(o.text, [k.text for k in o.key_results]) for o in okr.objectives]


def test_okrs_quoted_in_an_article_with_owner_labels() -> None:
    text = """# Why team OKRs should differ

A company goal is not every team's goal. Compare:

> **Company OKR:** Be the clinic booking tool patients trust
>
> **Support Team OKR:** Answer patients before they give up
> - KR: Cut first reply time from 9 hours to 2
> - KR: Raise the share of chats solved in one reply from 40% to 60%

The team contributes in its own way.
"""
    okr = parse(text)
    assert shape(okr) == [
        ("Be the clinic booking tool patients trust", []),
        ("Answer patients before they give up",
         ["Cut first reply time from 9 hours to 2",
          "Raise the share of chats solved in one reply from 40% to 60%"]),
    ]
    assert [o.owner for o in okr.objectives] == ["Company", "Support Team"]


def test_labelled_objectives_under_a_question_heading_are_read() -> None:
    text = """## How I set goals

Some words about the method.

## So what are my OKRs this quarter?

### Objective 1: Sleep like an adult
- KR1: *In bed by 23:00 on 5 nights a week*
- KR2: *No screens after 22:30 on 4 nights a week*
"""
    assert shape(parse(text)) == [("Sleep like an adult", ["In bed by 23:00 on 5 nights a week",
                                                           "No screens after 22:30 on 4 nights a week"])]


def test_a_heading_over_a_key_results_heading_is_the_objective_and_measure_lines_are_notes() -> None:
    text = """# Household OKRs — 2027

## 1) Keep the family calendar trustworthy

**Idea:** nobody should learn about a school event on the day.

### Key Results

**Capture**
- Enter every school event within 48 hours of hearing about it
- Measure: share of events entered within 48 hours
- Target: at least 90%

**Review**
- Review the coming fortnight every Sunday evening
- Measure: Sundays reviewed per month
"""
    okr = parse(text)
    assert okr.period == "2027" and okr.team == "Household"
    assert shape(okr) == [("Keep the family calendar trustworthy",
                           ["Enter every school event within 48 hours of hearing about it",
                            "Review the coming fortnight every Sunday evening"])]
    first, second = okr.objectives[0].key_results
    assert first.notes == ["Measure: share of events entered within 48 hours", "Target: at least 90%"]
    assert second.notes == ["Measure: Sundays reviewed per month"]


def test_details_blocks_hold_key_results() -> None:
    text = """# Learning OKRs

## Objective 1: Get fluent in Rust

<details>
<summary> Key Result 1: Finish 3 small command-line tools in Rust </summary>
</details>
<details open>
<summary> Key Result 2: Review 10 pull requests in a Rust project </summary>
</details>
"""
    assert shape(parse(text)) == [("Get fluent in Rust", ["Finish 3 small command-line tools in Rust",
                                                         "Review 10 pull requests in a Rust project"])]


def test_an_indented_metadata_block_opening_the_file_is_not_an_objective() -> None:
    text = """    Proposal: 7
      Title: Spring OKRs
      Status: Draft

# OKRs for spring 2027

# grow the volunteer base

* reach 40 active volunteers
* keep 75% of new volunteers past their third shift
"""
    okr = parse(text)
    assert okr.title == "OKRs for spring 2027"
    assert shape(okr) == [("grow the volunteer base", ["reach 40 active volunteers",
                                                        "keep 75% of new volunteers past their third shift"])]


EXPORT = """We track our goals with OKRs. These are aspirational: we are happy with
most of them done.

**2027 Q2**

Make the mobile app feel instant *#speed*

P1 - Cut cold start on mid-range phones to 1.5 s 0.7

P2 - Remove the blocking splash screen 1.0

Grow the contributor community

P1 - Merge pull requests from 25 first-time contributors 0.4

*Measure is: distinct first-time authors with a merged pull request.*

**2027 Q1**

Make the mobile app feel instant 0.8

P1 - Cut cold start on mid-range phones to 2 s, from 3.1 s, on the top 5 devices in our
crash reports 0.9
"""


def test_priority_lines_under_an_unmarked_line_with_bold_quarters_and_bare_scores() -> None:
    okr = parse(EXPORT)
    assert shape(okr) == [
        ("Make the mobile app feel instant", ["Cut cold start on mid-range phones to 1.5 s",
                                              "Remove the blocking splash screen"]),
        ("Grow the contributor community", ["Merge pull requests from 25 first-time contributors"]),
        ("Make the mobile app feel instant",
         ["Cut cold start on mid-range phones to 2 s, from 3.1 s, on the top 5 devices in our "
          "crash reports"]),
    ]
    assert [o.period for o in okr.objectives] == ["2027 Q2", "2027 Q2", "2027 Q1"]
    assert [k.progress for o in okr.objectives for k in o.key_results] == [0.7, 1.0, 0.4, 0.9]
    assert okr.objectives[0].key_results[0].tags == ["p1"]
    assert "speed" in okr.objectives[0].tags
    assert okr.objectives[1].key_results[0].notes == [
        "Measure is: distinct first-time authors with a merged pull request."]


def test_an_objective_line_with_owner_lines_then_its_list_gives_each_key_result_its_owner() -> None:
    text = """## Q3 2027

Ship offline mode [#reliability](https://okrs.example.org/tag/reliability)

Owners: [mobile-team](https://okrs.example.org/team/mobile),
[rosa](https://okrs.example.org/p/rosa)

*   Sync edits made offline within 10 s of reconnecting
*   Owner: [rosa](https://okrs.example.org/p/rosa)
*   Keep conflicts under 1 in 1,000 synced edits
*   Owner:
            [tomas](https://okrs.example.org/p/tomas)
"""
    okr = parse(text)
    objective = okr.objectives[0]
    assert objective.text == "Ship offline mode" and "reliability" in objective.tags
    assert objective.owner == "mobile-team, rosa" and objective.period == "Q3 2027"
    assert [(k.text, k.owner) for k in objective.key_results] == [
        ("Sync edits made offline within 10 s of reconnecting", "rosa"),
        ("Keep conflicts under 1 in 1,000 synced edits", "tomas")]


def test_a_flattened_table_header_escaped_owners_and_a_generic_heading() -> None:
    text = """# 2027 Q2

## Overview

*   Key Result Owner(s) Score
*   [Halve the p95 build time of the main
            repository.](#kr0) \\[dana\\] 0.6
*   [Publish a build cache for every CI runner.](#kr1) \\[lee, dana\\] 1.0
*   [Delete 5 flaky tests a week.](#kr2) \\[*everyone*\\] 0.2

## Details

### Halve the p95 build time of the main repository

Score: 0.6

- the cache alone gave 30%
"""
    okr = parse(text)
    assert [o.implicit for o in okr.objectives] == [True]
    assert [(k.text, k.owner, k.progress) for k in okr.objectives[0].key_results] == [
        ("Halve the p95 build time of the main repository.", "dana", 0.6),
        ("Publish a build cache for every CI runner.", "lee, dana", 1.0),
        ("Delete 5 flaky tests a week.", "everyone", 0.2)]


def test_objectives_listed_first_and_detailed_after_are_one_each() -> None:
    text = """# Our autumn in review

Last update we set three objectives for the quarter.

*  **Grow the reading club**
*  **Open a second branch**

Here is how it went.

#### Grow the reading club

* Reach 120 members (Actual: 134) ✅
* Run 12 evenings **(Actual: 10)**
"""
    okr = parse(text)
    assert shape(okr) == [("Open a second branch", []),
                          ("Grow the reading club", ["Reach 120 members", "Run 12 evenings"])]
    assert [o.id for o in okr.objectives] == ["O1", "O2"]
    first, second = okr.objectives[1].key_results
    assert first.done and first.progress == 1.0
    assert second.status == "actual: 10"


def test_an_index_table_after_the_objectives_adds_none() -> None:
    text = """# Personal OKRs 2027

## 1) Stay healthy

### Key Results
- Run 3 times a week

## Who helps

| OKR | Helper |
|-----|--------|
| 1 — Stay healthy | Coach |
"""
    assert shape(parse(text)) == [("Stay healthy", ["Run 3 times a week"])]


def test_front_matter_title_names_the_document_and_its_quarter() -> None:
    text = """---
title: Team goals Q4 2027
---

## 1. Hire well

* Hire 2 senior engineers
* Hire 1 designer

## 2. Fundraise

* Raise a seed round at a 12 million valuation
"""
    okr = parse(text)
    assert okr.title == "Team goals Q4 2027" and okr.period == "Q4 2027"
    assert shape(okr) == [("Hire well", ["Hire 2 senior engineers", "Hire 1 designer"]),
                          ("Fundraise", ["Raise a seed round at a 12 million valuation"])]


def test_prose_about_okrs_is_still_refused() -> None:
    with pytest.raises(ParseError, match="no objectives or key results"):
        parse("We talked about OKRs today. Everyone agreed they matter.\nNext meeting on Friday.\n")


def test_short_o_and_kr_labels_and_full_width_colons() -> None:
    okr = parse("June\n- O: Sleep better\n- KR: In bed by 23:00 on 5 nights a week\n"
                "- O：Read more\n- KR：Finish 2 books\n")
    assert shape(okr) == [("Sleep better", ["In bed by 23:00 on 5 nights a week"]),
                          ("Read more", ["Finish 2 books"])]


def test_an_okrs_lead_in_over_nested_items_gives_objectives() -> None:
    okr = parse("--OKRs:\n- Open the second shop\n  == 300 visitors in the first week\n"
                "  == 40 loyalty sign-ups\n\n- Cut food waste\n  == Waste under 5 kg a day\n")
    assert shape(okr) == [("Open the second shop", ["300 visitors in the first week", "40 loyalty sign-ups"]),
                          ("Cut food waste", ["Waste under 5 kg a day"])]


def test_a_key_results_label_on_its_own_line_is_not_joined_to_the_next() -> None:
    okr = parse("Objective: Make checkout effortless\nKey results:\nRaise completion from 62% to 78%\n"
                "Cut checkout time to 40 s\nOwner:\nAna\n")
    assert shape(okr) == [("Make checkout effortless", ["Raise completion from 62% to 78%",
                                                         "Cut checkout time to 40 s"])]
