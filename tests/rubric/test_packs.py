"""Rubric packs by name or folder: inheritance, overrides, user packs, the compiled cache, 'why'."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coach.cli import main
from coach.core.parsing import parse
from coach.rubric.loader import load_rubric
from coach.rubric.model import RubricError
from coach.rubric.packs import clear_loaded, compile_pack, find_pack, get_rubric, pack_names
from coach.service.review import ReviewError, review_okr_set, rubric_for

TWO_OBJECTIVES = ("Objective: Make clinics love the app\n- Raise weekly active clinics from 40 to 70\n"
                  "- Cut setup time from 5 days to 1 day\n- Raise NPS from 20 to 40\n"
                  "Objective: Win our first hospital\n- Raise signed hospitals from 0 to 1\n"
                  "- Raise hospital pilots from 1 to 3\n- Raise pilot NPS from 10 to 30\n")


def _finding(review: object, criterion: str) -> object:
    for finding, _item in review.all_findings():  # type: ignore[attr-defined]
        if finding.criterion == criterion:
            return finding
    raise AssertionError(f"no {criterion}")


def test_bundled_packs_are_found_by_name() -> None:
    assert pack_names()[:2] == ["okr-core", "radical-focus"]
    assert find_pack("radical-focus").name == "radical-focus"
    with pytest.raises(LookupError, match="known: okr-core, radical-focus"):
        find_pack("no-such-pack")


def test_radical_focus_inherits_overrides_and_adds() -> None:
    core, rf = get_rubric("okr-core"), get_rubric("radical-focus")
    assert rf.pack.extends == "okr-core" and rf.pack.lineage == ["okr-core", "radical-focus"]
    ids = [c.id for c in rf.criteria]
    assert ids[: len(core.criteria)] == [c.id for c in core.criteria]  # inherited, same ids, same order
    assert ids[-1] == "radical-focus.kr-health-metric"
    assert rf.get("set-focus").params["max"] == 1 and core.get("set-focus").params["max"] == 5
    assert rf.params("startup")["okr-core.set-focus"]["max"] == 1  # the school holds under every profile
    assert core.params("startup")["okr-core.set-focus"]["max"] == 3


def test_the_same_draft_judged_by_two_packs() -> None:
    okr = parse(TWO_OBJECTIVES)
    core = review_okr_set(okr)
    rf = review_okr_set(okr, pack="radical-focus")
    assert core.rubric == "okr-core" and rf.rubric == "radical-focus"
    assert _finding(core, "okr-core.set-focus").passed  # type: ignore[attr-defined]
    focus = _finding(rf, "okr-core.set-focus")
    assert not focus.passed and "one objective" in focus.message  # type: ignore[attr-defined]
    assert focus.why == "radical-focus#one-objective-per-team-per-quarter"  # type: ignore[attr-defined]
    assert focus.why in rf.passages  # type: ignore[attr-defined]


def test_health_metric_replaces_the_maintain_warning_in_radical_focus() -> None:
    okr = parse("Objective: Keep customers happy while we grow\n- Maintain 99.9% uptime\n"
                "- Raise activation from 30% to 45%\n- Cut churn from 5% to 3%\n")
    core = review_okr_set(okr)
    rf = review_okr_set(okr, pack="radical-focus")
    assert _finding(core, "okr-core.kr-ambition").trigger == "holds-level"  # type: ignore[attr-defined]
    ambition = [f for f, item in rf.all_findings()
                if item == "O1.KR1" and f.criterion == "okr-core.kr-ambition"]
    assert all(f.passed for f in ambition)
    health = _finding(rf, "radical-focus.kr-health-metric")
    assert not health.passed and "health metric" in health.message  # type: ignore[attr-defined]


def _user_pack(folder: Path, manifest: str, files: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rubric.yaml").write_text(textwrap.dedent(manifest), encoding="utf-8")
    for name, text in (files or {}).items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


USER_MANIFEST = """\
    name: our-house-rules
    version: "0.1"
    description: Our house rules on top of okr-core.
    extends: okr-core
    criteria: [kr-no-jargon]
    exclude: [objective-counter-metric]
    overrides:
      objective-kr-count: {params: {min: 2, max: 4}, level: error}
    """
USER_CRITERION = """\
    name: Key result avoids jargon
    applies_to: key_result
    check: phrase_match
    params: {patterns: ['\\bsynerg\\w*']}
    level: warning
    weight: 1
    message: "'{text}' uses jargon ('{match}')."
    fix: Say what will be measured in plain words.
    guidance: [writing-objectives]
    examples:
      pass: ["Raise NPS from 20 to 40"]
      fail: ["Unlock synergies across teams from 1 to 3"]
    """


def test_a_user_pack_folder_extends_excludes_overrides_and_adds(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    pack = _user_pack(tmp_path / "house", USER_MANIFEST, {"kr-no-jargon.yaml": USER_CRITERION})
    assert main(["rubrics", "check", str(pack)]) == 0
    assert "our-house-rules 0.1: 16 criteria, all examples behave" in capsys.readouterr().out
    draft = tmp_path / "draft.md"
    draft.write_text("Objective: Work better together\n- Unlock synergies across 3 teams\n"
                     "- Raise NPS from 20 to 40\n- Cut handover time from 5 days to 2 days\n"
                     "- Raise shared wins from 1 to 4\n- Raise joint launches from 0 to 2\n")
    assert main(["review", str(draft), "--pack", str(pack), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    ids = {f["criterion"] for o in data["objectives"] for f in o["findings"]}
    assert data["rubric"] == "our-house-rules" and "okr-core.objective-counter-metric" not in ids
    count = next(f for f in data["objectives"][0]["findings"]
                 if f["criterion"] == "okr-core.objective-kr-count")
    assert not count["passed"] and count["level"] == "error"
    jargon = next(f for f in data["objectives"][0]["key_results"][0]["findings"]
                  if f["criterion"] == "our-house-rules.kr-no-jargon")
    assert not jargon["passed"] and jargon["evidence"][0]["text"] == "synergies"


def test_broken_user_packs_name_file_and_reason(tmp_path: Path) -> None:
    bad = _user_pack(tmp_path / "bad", """\
        name: bad-pack
        version: "1"
        description: broken on purpose
        extends: okr-core
        exclude: [no-such-criterion]
        overrides:
          kr-outcome: {params: {no_such_param: 1}}
        profiles:
          startup: {description: x, overrides: {nothing-here: {max: 1}}}
        """)
    with pytest.raises(RubricError) as caught:
        load_rubric(bad)
    reasons = " | ".join(f"{f}: {r}" for f, r in caught.value.problems)
    assert "'no-such-criterion' is not a criterion of okr-core" in reasons
    assert "unknown param 'no_such_param'" in reasons and "nothing-here" in reasons
    loop = _user_pack(tmp_path / "loop", """\
        name: loop-pack
        version: "1"
        description: extends itself
        extends: loop-pack
        """)
    with pytest.raises(RubricError, match="extends it back"):
        load_rubric(loop)


def test_unknown_pack_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ReviewError, match="no rubric pack 'nope'"):
        rubric_for("nope")
    assert main(["review", "examples/team-draft.md", "--pack", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "known: okr-core, radical-focus" in err


def test_every_trigger_of_every_criterion_has_a_passage_from_its_guidance() -> None:
    from coach.rubric.checks import REGISTRY

    for name in pack_names():
        rubric = get_rubric(name)
        assert not rubric.problems, rubric.problems
        for c in rubric.criteria:
            for trigger in REGISTRY[c.check].triggers:
                passage = rubric.why(c.id, trigger)
                assert passage is not None, (c.id, trigger)
                assert passage.id.split("#")[0] in c.guidance, (c.id, trigger, passage.id)
    core = get_rubric("okr-core")
    assert core.why("okr-core.kr-outcome", "task").id == "milestones#when-a-milestone-hides-a-task"  # type: ignore[union-attr]
    assert core.why("okr-core.kr-outcome", "counted-activity").id.endswith(  # type: ignore[union-attr]
        "why-counted-activities-are-not-key-results")


def _review_in_process(home: Path, code: str) -> str:
    env = {**os.environ, "OKR_COACH_HOME": str(home)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_the_compiled_pack_is_cached_and_rebuilt_when_a_file_changes(tmp_path: Path) -> None:
    pack = _user_pack(tmp_path / "house", USER_MANIFEST, {"kr-no-jargon.yaml": USER_CRITERION})
    code = (f"from coach.service.review import review_text; import sys\n"
            f"r = review_text('Objective: Work together\\n- Unlock synergies across 3 teams\\n',\n"
            f"                pack={str(pack)!r})\n"
            f"print([f.message for f, _ in r.all_findings() if f.criterion.endswith('no-jargon')][0])\n"
            f"print('yaml' in sys.modules, 'pydantic' in sys.modules)")
    first = _review_in_process(tmp_path / "home", code).splitlines()
    assert first == ["'Unlock synergies across 3 teams' uses jargon ('synergies').", "True True"]
    assert list((tmp_path / "home" / "cache" / "rubrics").glob("house-*.json"))
    second = _review_in_process(tmp_path / "home", code).splitlines()
    assert second[0] == first[0] and second[1] == "False False"  # read from the cache: no yaml, no pydantic
    criterion = pack / "kr-no-jargon.yaml"
    criterion.write_text(criterion.read_text().replace("uses jargon", "speaks in jargon"))
    third = _review_in_process(tmp_path / "home", code).splitlines()
    assert third[0].endswith("speaks in jargon ('synergies').") and third[1] == "True True"


def test_compile_is_also_possible_without_a_writable_home(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.write_text("not a folder")  # the cache cannot be written under it
    monkeypatch.setenv("OKR_COACH_HOME", str(home))
    clear_loaded()
    try:
        rubric = get_rubric("okr-core")
        assert rubric.pack.name == "okr-core" and rubric.passages
        assert compile_pack(find_pack("okr-core")).reasons == rubric.reasons
    finally:
        clear_loaded()
