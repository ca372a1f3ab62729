"""Kinds of bad offline rewrite a reader found on an eighth round of outside OKR pages: a reduce
verb outside the usual list ("Mitigate ...") rewritten as a rise, and a project objective with
no article ("Implement booking app") made into "the implement booking app".
The sentences are ours."""

from __future__ import annotations

import pytest

from coach.core.kr_parts import extract_parts
from coach.suggest.offline_rules import rewrite_key_result, rewrite_objective
from coach.suggest.wellformed import problems

MEASURABLE = ["okr-core.kr-measurable"]
NOT_TASK = ["okr-core.objective-not-task"]


@pytest.mark.parametrize("line", ["Mitigate false positive pager alerts",
                                  "Curb late deliveries to the north depot"])
def test_a_reduce_verb_is_rewritten_as_a_cut(line: str) -> None:
    out = rewrite_key_result(line, MEASURABLE, "Nights on call are quiet")
    assert out is not None and out.text.startswith("Cut ") and "[target]" in out.text
    assert "Raise" not in out.text and not problems(out.text, line)


@pytest.mark.parametrize("line", ["Implement booking app for members",
                                  "Build partner portal for resellers"])
def test_a_project_objective_without_an_article_loses_its_verb(line: str) -> None:
    out = rewrite_objective(line, NOT_TASK, [])
    assert out is not None
    verb = line.split()[0].lower()
    assert f"the {verb}" not in out.text.lower() and not problems(out.text, line)


def test_a_timid_target_stays_as_the_committed_level_beside_the_stretch() -> None:
    out = rewrite_key_result("Cut 3rd-grade absences from 12% to 11.5% by June", ["okr-core.kr-ambition"],
                             "Children come to school every day")
    assert out is not None
    assert out.text == "Cut 3rd-grade absences from 12% to [stretch target] by June (11.5% committed)"
    parts = extract_parts(out.text)
    assert (parts.baseline, parts.target) == (12, None) and "[stretch target]" in parts.placeholders


@pytest.mark.parametrize("note", ["Measure: registration completed", "Measure: passport received"])
def test_a_yes_no_measure_note_is_no_metric_to_raise(note: str) -> None:
    from coach.suggest.named_outcome import from_notes

    assert from_notes([note]) is None
    kept = from_notes(["Measure: number of sessions per week"])
    assert kept is not None and kept.metric == "number of sessions per week"


def test_a_task_verb_before_a_gerund_noun_is_still_the_task() -> None:
    out = rewrite_key_result("Conduct testing sessions per week", ["okr-core.kr-outcome"], "Listeners stay")
    assert out is not None and "after conducting" in out.text and "the conduct" not in out.text
