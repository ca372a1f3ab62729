"""Shapes of real OKR documents outside the eval set that the reader got wrong (issue 10).
The drafts are ours, built to the same structure."""

from __future__ import annotations

from coach.service.inputs import parse_draft
from coach.service.review import review_text


def test_an_objective_heading_with_a_letter_id_and_a_dash_is_an_objective() -> None:
    okr = parse_draft("# Library OKRs Q3\n\n## Objective L1 — Readers find books without help\n\n"
                      "- Raise self-service checkouts from 40% to 60%\n\n"
                      "## Objective L2 - Talks fill the hall\n\n- 200 people attend the autumn talks\n")
    assert [o.text for o in okr.objectives] == ["Readers find books without help", "Talks fill the hall"]
    assert not any(o.implicit for o in okr.objectives)


def test_a_timeline_label_or_a_term_in_the_title_gives_the_period() -> None:
    assert parse_draft("# Garden club OKRs\n\n**Owner:** Sam\n**Timeline:** H2 2025\n\n"
                       "## Objective: Members grow their own food\n\n- 150 members book a plot online\n"
                       ).period == "H2 2025"
    assert parse_draft("# Pantry OKRs: spring term\n\n## Objective: Nobody leaves hungry\n\n"
                       "- Repeat-visit rate of 25%\n").period == "spring term"
    assert parse_draft("# Book club OKRs: first semester\n\nObjective: Everyone reads more\n"
                       "- 30 members finish 3 books\n").period == "first semester"


TABLE = ("Period: Q3\n## Objective: Regulars keep coming back\n\n"
         "| Key result | Target | Current |\n|---|---|---|\n"
         "| KR1: Repeat-visit rate | _e.g. 25%_ | – |\n"
         "| KR2: Items rescued per week | _decide after pilot_ | – |\n"
         "| KR3: Weekly active tutors | _to be set in week 3_ | n/a |\n"
         "| KR4: Weekly active tutors | 40 | 22 |\n")


def test_targets_left_for_later_in_a_table_are_placeholders_and_a_dash_is_no_baseline() -> None:
    review = review_text(TABLE)
    krs = review.objectives[0].key_results
    assert "from" not in krs[0].text and "from" not in krs[2].text  # an empty current cell adds nothing
    for kr in krs[:3]:
        measurable = next(f for f in kr.findings if f.criterion.endswith("kr-measurable"))
        assert (measurable.passed, measurable.trigger) == (False, "placeholder"), kr.text
    assert all(f.passed for f in krs[3].findings if f.criterion.endswith("kr-measurable"))
    assert review.grade not in ("A", "B")  # three of four targets unset: no good grade


def test_one_release_or_one_sprint_is_a_time_limit() -> None:
    kr = review_text("Period: Q3\nObjective: Crashes stop hurting users\n"
                     "- Fix all new crash reports within one release\n").objectives[0].key_results[0]
    assert all(f.passed for f in kr.findings if f.criterion.split(".")[1] in ("kr-measurable", "kr-outcome"))


def test_a_target_cell_that_is_a_sentence_or_a_threshold_is_not_glued_with_to() -> None:
    review = review_text("Period: Q3\n## Objective: Readers find books without help\n\n"
                         "| KR | Target | Status |\n|---|---|---|\n"
                         "| KR1.1 Catalogue search | 90% of searches end in a hold | Open |\n"
                         "| KR1.2 Wait time | under 3 minutes | Open |\n"
                         "| KR1.3 Active readers | 4,000 | Open |\n")
    krs = review.objectives[0].key_results
    assert [k.text for k in krs] == ["Catalogue search: 90% of searches end in a hold",
                                     "Wait time under 3 minutes", "Active readers to 4,000"]
    assert next(f for f in krs[0].findings if f.criterion.endswith("kr-outcome")).passed
