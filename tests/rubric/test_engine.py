"""Scoring: weighted, deterministic, profile-aware; the JSON contract of design section 3."""

from __future__ import annotations

import json

from coach.core.parsing import parse
from coach.paths import data_dir
from coach.report.json import render_json
from coach.rubric.engine import review, weighted
from coach.rubric.packs import default_rubric
from coach.service.review import review_text

RUBRIC = default_rubric()
EXAMPLE = (data_dir("examples") / "team-draft.md").read_text()


def _objective(i: int) -> str:
    return f"Objective: Aim {i}\n- Raise m{i} from 1 to 2\n- Cut n{i} from 5 to 2"


def test_review_is_deterministic_and_scores_are_weighted_means() -> None:
    first = review(parse(EXAMPLE), RUBRIC)
    second = review(parse(EXAMPLE), RUBRIC)
    assert first == second
    for objective in first.objectives:
        for kr in objective.key_results:
            assert kr.score == round(weighted(kr.findings), 3)
        kr_mean = sum(k.score for k in objective.key_results) / len(objective.key_results)
        assert abs(objective.score - (0.4 * weighted(objective.findings) + 0.6 * kr_mean)) < 0.002
    assert 0 <= first.score <= 1 and first.grade in "ABCDE"


def test_a_good_set_outscores_a_bad_one() -> None:
    good = review_text("Period: Q3\nObjective: Make onboarding painless for small teams\n"
                       "- Cut time to first value from 5 days to 1 day\n"
                       "- Raise week-one activation of small teams from 30% to 45%\n"
                       "- Keep onboarding CSAT above 90% while we do it\n")
    bad = review_text("Objective: Launch the app\n- Release the app\n- Get some feedback\n"
                      "- Improve the app\n")
    assert good.score > 0.9 and good.grade == "A"
    assert bad.score < 0.6
    assert not good.failing("error") and bad.failing("error")


def test_profile_changes_ambition_and_focus() -> None:
    text = "Objective: Win the mid-market\n- Raise mid-market revenue from $10M to $12M by Q4\n" \
           "- Raise win rate from 20% to 26% by Q4\n"
    ambition = {p: next(f for f in review(parse(text), RUBRIC, p).objectives[0].key_results[0].findings
                    if f.criterion.endswith("kr-ambition")) for p in ("startup", "default", "corporate")}
    assert not ambition["startup"].passed  # a 20% move is timid for a startup (30% expected)
    assert ambition["default"].passed and ambition["corporate"].passed
    four = "\n".join(_objective(i) for i in range(4))
    focus = {p: review(parse(four), RUBRIC, p).findings[0] for p in ("startup", "default")}
    assert not focus["startup"].passed and focus["default"].passed


def test_json_matches_the_contract() -> None:
    data = json.loads(render_json(review_text(EXAMPLE)))
    assert set(data) >= {"score", "findings", "objectives"}
    finding_keys = {"criterion", "passed", "score", "level", "message", "evidence", "guidance"}
    kr_criteria = {c.id for c in RUBRIC.criteria if c.applies_to == "key_result"}
    for objective in data["objectives"]:
        assert set(objective) >= {"id", "text", "score", "findings", "key_results"}
        for kr in objective["key_results"]:
            assert set(kr) >= {"id", "text", "score", "findings", "suggestions"}
            assert kr["id"].startswith(objective["id"] + ".KR")
            assert {f["criterion"] for f in kr["findings"]} <= kr_criteria
            listed = {f["criterion"] for f in kr["findings"]}
            assert {"okr-core.kr-outcome", "okr-core.kr-measurable"} <= listed
            for f in kr["findings"]:
                assert set(f) >= finding_keys and f["level"] in ("error", "warning", "suggestion")
                assert 0 <= f["score"] <= 1 and f["guidance"]
                for ev in f["evidence"]:
                    assert EXAMPLE[ev["start"]:ev["end"]] == ev["text"]


def test_failing_findings_carry_evidence_fix_and_guidance_passage() -> None:
    result = review_text(EXAMPLE)
    failing = result.failing("warning")
    assert failing
    for f in failing:
        assert f.fix
        assert f.why is not None and f.why.split("#")[0] in f.guidance and f.why in result.passages
        assert f.trigger is not None
    launch = result.objectives[0].key_results[1]
    outcome = next(f for f in launch.findings if f.criterion == "okr-core.kr-outcome")
    assert not outcome.passed and [e.text for e in outcome.evidence] == ["Launch"]


def test_set_level_focus_and_checklist_and_duplicates() -> None:
    many = "\n".join(_objective(i) for i in range(7))
    focus = review_text(many).findings[0]
    assert not focus.passed and "7 objectives" in focus.message
    checklist = review_text("Objective: Make onboarding painless\n- Publish the setup guide\n"
                            "- Record 5 tutorial videos\n- Host a webinar\n").objectives[0]
    found = {f.criterion.split(".")[1]: f for f in checklist.findings}
    checklist_finding = found["objective-checklist-krs"]
    assert not checklist_finding.passed and "3 of 3" in checklist_finding.message
    dup = review_text("Objective: Grow\n- Raise activation of new teams from 30% to 45%\n"
                      "- Raise activation of new teams to 45% by June\n").objectives[0]
    assert not {f.criterion.split(".")[1]: f for f in dup.findings}["objective-duplicate-krs"].passed


def _kr_verdicts(text: str) -> dict[str, bool]:
    result = review_text("Objective: Serve our customers well\n- " + text)
    return {f.criterion.split(".")[1]: f.passed for f in result.objectives[0].key_results[0].findings}


def test_one_metric_across_two_places_is_not_compound_but_two_moves_are() -> None:
    assert _kr_verdicts("Grow paying accounts in Spain and Mexico from 40 to 90")["kr-single-metric"]
    assert not _kr_verdicts("Raise NPS and reduce churn")["kr-single-metric"]
    assert not _kr_verdicts("Raise NPS from 30 to 45 and cut churn from 6% to 4%")["kr-single-metric"]


def test_a_vague_change_is_not_called_a_task_but_a_counted_activity_is() -> None:
    vague = _kr_verdicts("Make the support team faster")
    assert vague["kr-outcome"] and not vague["kr-measurable"]
    assert not _kr_verdicts("Make 400 cold calls per rep every month")["kr-outcome"]
    assert not _kr_verdicts("Make the settings page better")["kr-outcome"]


def test_evidence_points_at_the_draft_when_markup_or_wrapping_was_cleaned_away() -> None:
    # Cleaned text is not one slice of the draft here (a link's URL and a line break are
    # gone), so each finding's evidence must map its words back character by character.
    draft = ("## Objective: Make onboarding something people [talk about](https://example.org/x)\n"
             "- KR: Write the [setup guide](https://example.org/guide) and run a webinar for the partner\n"
             "  teams in the spring\n"
             "- KR: Increase activation from 20% to 35% by the end of the quarter\n")
    review = review_text(draft)
    findings = [f for o in review.objectives
                for f in [*o.findings, *(g for k in o.key_results for g in k.findings)]]
    evidence = [e for f in findings for e in f.evidence]
    assert evidence
    for e in evidence:
        assert draft[e.start] == e.text[0] and draft[e.end - 1] == e.text[-1], (e.start, e.text)
        assert "http" not in e.text and "](" not in e.text


def test_stats_count_stated_objectives_and_the_stand_in_apart() -> None:
    # Key results published with no objective get a stand-in objective (implicit in the JSON);
    # the counts say how many objectives the author wrote, as a reader of the document would.
    review = review_text("## Q3 2026\n- Cut build time from 20 to 8 minutes\n"
                         "- Raise test coverage from 60% to 80%\n")
    assert [o.implicit for o in review.objectives] == [True]
    assert review.stats == {"objectives": 0, "key_results": 2, "stand_in_objectives": 1}
