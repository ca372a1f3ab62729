"""Verdicts judged on the claim: kinds of real key results, in our own words.

Each case is a kind the real-text labels showed (evals/real/GUIDE.md), written fresh here:
telegraphic deliverables, stative and passive deliverables, a subject before the verb,
gerunds and unlisted task verbs, counts of the team's own output against counts of what
others do, bare metrics, placeholders, floors and held ceilings, baselines that are not
needed, and the grade a coach would give.
"""

from __future__ import annotations

import pytest

from coach.core.claim import read_claim
from coach.core.lemmas import can_be_other, verb_lemma
from coach.core.parsing import parse
from coach.rubric.engine import review
from coach.rubric.packs import default_rubric
from coach.service.review import review_text


def _kr(text: str, objective: str = "Make our community the friendliest place to start contributing") -> dict:
    okr = parse(f"Objective: {objective}\n- {text}\n")
    kr = review(okr, default_rubric()).objectives[0].key_results[0]
    return {"kind": kr.kind, **{f.criterion.split(".", 1)[1]: f for f in kr.findings}}


def test_the_lexicon_knows_irregular_forms_and_word_classes() -> None:
    assert verb_lemma("stood") == "stand" and verb_lemma("identifies") == "identify"
    assert verb_lemma("selecting") == "select" and verb_lemma("latency") is None
    assert can_be_other("lead") and not can_be_other("identify")


@pytest.mark.parametrize("text,form,verb", [
    ("Stand up an on-call rotation for the mobile app", "imperative", "stand"),
    ("Choosing a payment provider for the shop", "gerund", "choose"),
    ("The platform squad migrates 6 services to the new cluster", "finite", "migrate"),
    ("The refund policy is published on the help centre", "stative", "publish"),
    ("Error budget is tracked on the team dashboard", "passive", "track"),
    ("Beta of the mobile ordering app", "noun", None),
    ("Build time under 8 minutes on every branch", "noun", None),
    ("At least 40 shops list their menu with us", "number", None),
    ("Zero failed payroll runs this half", "number", None),
    ("By week 6, ship the offline mode", "imperative", "ship"),
])
def test_the_claim_is_found_past_subjects_fillers_and_noun_uses(text: str, form: str,
                                                                verb: str | None) -> None:
    claim = read_claim(text)
    assert (claim.form, claim.verb) == (form, verb)


@pytest.mark.parametrize("text,outcome,trigger", [
    ("Beta of the mobile ordering app", False, "deliverable"),
    ("Volunteer handbook up and running", False, "deliverable"),
    ("The refund policy is published on the help centre", False, "deliverable"),
    ("Members can export their data as CSV", False, "deliverable"),
    ("Choosing a payment provider for the shop", False, "task"),
    ("Field 3 new sales reps in the northern region", False, "counted-activity"),
    ("Weekly posts on the engineering blog", False, "deliverable"),
    ("12 livestreams with guest speakers", False, "counted-activity"),
    ("Blog posts published per month from 4 to 12", False, "counted-activity"),
    ("Ship the payments beta to our five design partners by 14 May", False, "milestone"),
    ("Don't merge code without a passing build", False, "task"),
    ("40 community members open their first pull request", True, None),
    ("Each chapter lead submits a budget within two weeks of the new term", True, None),
    ("Checkout latency", True, None),
    ("Deliver 400 qualified leads to the sales team", True, None),
    ("Ship a review screen where a decision takes under 10 seconds", True, None),
    ("Write the onboarding guide so that 60% of new members finish setup alone", True, None),
    ("Having 2,000 households signed up to the repair service", True, None),
])
def test_outcome_or_task_on_real_kinds(text: str, outcome: bool, trigger: str | None) -> None:
    finding = _kr(text)["kr-outcome"]
    assert finding.passed is outcome, finding.message
    assert finding.trigger == trigger


def test_a_placeholder_target_is_an_open_point_that_names_what_is_missing() -> None:
    finding = _kr("Raise weekly active members from [baseline] to [target]")["kr-measurable"]
    assert not finding.passed and finding.trigger == "placeholder" and finding.open_point
    assert "target" in finding.message and "[baseline], [target]" in finding.message
    assert "[baseline], [target]" in (finding.fix or "")
    assert _kr("Y% of trials convert to paid (tbd)")["kr-measurable"].trigger == "placeholder"


@pytest.mark.parametrize("text,needs_baseline", [
    ("Add 2 engineers to the payments squad", False),
    ("At least 5 published case studies from customers", False),
    ("Support replies within one business day", False),
    ("Repeat orders up 20% compared to last year", False),
    ("Weekly active shops from 300 to 450", False),
    ("Reach 8,000 monthly readers", True),
    ("Conversion to paid at 6%", True),
])
def test_baseline_is_asked_only_of_levels_and_rates(text: str, needs_baseline: bool) -> None:
    finding = _kr(text).get("kr-baseline")
    failed = finding is not None and not finding.passed
    assert failed is needs_baseline


@pytest.mark.parametrize("text,trigger", [
    ("Sign at least one new integration partner", "floor"),
    ("Checkout uptime stays above 99.5%", "holds-level"),
    ("No support ticket waits more than one day for a reply", "holds-level"),
])
def test_ambition_recognises_floors_and_holds(text: str, trigger: str) -> None:
    finding = _kr(text)["kr-ambition"]
    assert not finding.passed and finding.trigger == trigger


def test_a_period_named_in_the_line_makes_it_time_bound() -> None:
    assert _kr("Average 700 new signups a week, the same growth as Q2 to Q3")["kr-time-bound"].passed
    assert _kr("Nightly builds published for every platform (EOQ)")["kr-time-bound"].passed


def test_kinds_follow_the_findings() -> None:
    assert _kr("Measure the baseline of weekly active members by week 3")["kind"] == "baseline"
    assert _kr("Keep weekly active members above 1,200")["kind"] == "maintain"
    assert _kr("Launch the new member portal by June")["kind"] == "milestone"
    assert _kr("Write 12 help articles")["kind"] == "activity"
    assert _kr("Raise weekly active members from 900 to 1,400")["kind"] == "metric"


def test_a_key_result_that_sets_up_a_measurement_is_not_asked_for_baseline_or_ambition() -> None:
    found = _kr("Measure the baseline of weekly active members by week 3")
    assert "kr-baseline" not in found and "kr-ambition" not in found and "kr-measurable" not in found


def test_alignment_asks_instead_of_warning_when_words_cannot_tell() -> None:
    result = review_text("Objective: Make our food bank the first call for families in need\n"
                         "- Households served each month from 900 to 1,400\n"
                         "- Renovate the meeting room by June\n")
    findings = {k.text: next(f for f in k.findings if f.criterion.endswith("kr-alignment"))
                for k in result.objectives[0].key_results}
    asked = findings["Renovate the meeting room by June"]
    assert asked.unsure and asked.level == "suggestion" and asked.score == 1.0
    assert asked.message.startswith("Does ")


def test_a_set_with_failing_errors_cannot_get_an_a_and_a_task_list_ranks_low() -> None:
    sound = review_text("Objective: Make checkout effortless for returning buyers\n"
                        "- Raise checkout completion from 62% to 78% by 30 June\n"
                        "- Cut median checkout time from 95 s to 40 s by 30 June\n")
    tasks = review_text("Objective: Make checkout effortless for returning buyers\n"
                        "- Launch the new checkout page\n- Write 10 help articles\n"
                        "- Run 4 usability sessions\n"
                        "- Raise checkout completion from 62% to 78% by 30 June\n")
    assert sound.grade == "A"
    assert tasks.grade in ("D", "E") and tasks.grade > sound.grade
