"""The JSON contract: passages once, reads back equal, validates against the API's schema, streams."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.schemas import ReviewModel
from coach import __version__
from coach.cli import main
from coach.report.json import SCHEMA_VERSION, from_dict, iter_json, pretty, render_json, to_dict
from coach.report.marks import lines_of
from coach.service.inputs import parse_draft
from coach.service.review import review_okr_set, review_text
from coach.suggest.pipeline import add_suggestions

DRAFT = ("# Q3 OKRs — Payments\nObjective: Grow revenue 30%\n- Launch the new help centre\n"
         "- Maintain 99.9% uptime\n- Raise CSAT from 82% to 92%\nObjective: Make checkout effortless\n"
         "- Cut checkout errors from 2% to 0.5%\n- Double repeat orders\n")


@pytest.mark.parametrize("pack", ["okr-core", "radical-focus"])
def test_a_review_reads_back_equal_and_validates_against_the_api_schema(pack: str) -> None:
    from coach.core.parsing import parse
    from coach.service.review import review_okr_set

    okr = parse(DRAFT)
    review = review_okr_set(okr, pack=pack)
    add_suggestions(okr, review)
    data = to_dict(review)
    assert from_dict(data) == from_dict(json.loads(json.dumps(data)))
    assert to_dict(from_dict(data)) == data
    assert ReviewModel.model_validate(data).model_dump() == data  # the API's picture of the contract


def test_passages_are_written_once_and_findings_point_at_them() -> None:
    data = to_dict(review_text(DRAFT))
    every = [f for o in data["objectives"] for f in o["findings"]]
    every += [f for o in data["objectives"] for k in o["key_results"] for f in k["findings"]]
    whys = [f["why"] for f in every + data["findings"] if f["why"]]
    assert whys and set(whys) == set(data["passages"]) and len(whys) > len(set(whys))
    for pid, passage in data["passages"].items():
        assert passage["id"] == pid and passage["text"] and passage["title"]
    contract = {"criterion", "passed", "score", "level", "message", "evidence", "guidance"}
    assert all(set(f) >= contract for f in every)


def test_compact_indented_and_streamed_json_are_the_same_data() -> None:
    review = review_text(DRAFT)
    compact, indented = render_json(review), render_json(review, indent=True)
    assert "\n" not in compact and json.loads(compact) == to_dict(review) == json.loads(indented)
    assert "".join(iter_json(review)) == compact
    lines = indented.splitlines()
    assert lines[0] == "{" and any(line.strip().startswith('{"criterion": ') for line in lines)
    assert json.loads(pretty({"a": [], "b": {}, "c": [[1, 2], [3]], "d": [{"x": [{"y": 1}]}]})) == {
        "a": [], "b": {}, "c": [[1, 2], [3]], "d": [{"x": [{"y": 1}]}]}


def _evidence(data: dict) -> list[dict]:
    every = list(data["findings"])
    for o in data["objectives"]:
        every += o["findings"] + [f for k in o["key_results"] for f in k["findings"]]
    return [ev for f in every for ev in f["evidence"]]


def test_the_review_names_its_schema_version_and_the_tool_that_wrote_it() -> None:
    data = to_dict(review_text(DRAFT))
    assert data["schema_version"] == SCHEMA_VERSION == "1.1"
    assert data["tool"] == {"name": "okr-coach", "version": __version__}
    assert data["tool_version"] == __version__
    assert {"score", "grade", "findings", "objectives", "rubric", "passages"} <= set(data)  # as before


def test_evidence_carries_the_line_and_column_of_its_start_when_the_draft_is_known() -> None:
    okr = parse_draft(DRAFT)
    review = review_okr_set(okr)
    lines = lines_of(okr, DRAFT)
    data = to_dict(review, lines)
    launch = data["objectives"][0]["key_results"][0]  # "- Launch the new help centre", line 3
    outcome = next(f for f in launch["findings"] if f["criterion"] == "okr-core.kr-outcome")
    first = outcome["evidence"][0]
    assert set(first) == {"start", "end", "text", "line", "column"}
    assert (first["text"], first["line"], first["column"]) == ("Launch", 3, 3)
    starts = [0]
    for row in DRAFT.splitlines(keepends=True):
        starts.append(starts[-1] + len(row))
    spans = _evidence(data)
    assert spans and all(starts[ev["line"] - 1] + ev["column"] - 1 == ev["start"] for ev in spans)
    assert ReviewModel.model_validate(data).model_dump() == data
    assert json.loads("".join(iter_json(review, lines))) == data
    assert json.loads(render_json(review, indent=True, lines=lines)) == data
    assert to_dict(from_dict(data), lines) == data  # line and column are derived, written again
    unplaced = _evidence(to_dict(review))  # no draft given (the API, batch): null, keys kept
    assert unplaced and all(ev["line"] is None and ev["column"] is None for ev in unplaced)


def test_structured_input_has_no_lines_to_place_evidence_on() -> None:
    text = json.dumps({"objectives": [{"title": "Grow revenue 30%",
                                       "key_results": ["Launch the help centre"]}]})
    okr = parse_draft(text)
    assert okr.source == "structured" and lines_of(okr, text) is None
    assert all(ev["line"] is None for ev in _evidence(to_dict(review_okr_set(okr), lines_of(okr, text))))


def test_the_cli_json_places_evidence_for_one_path_and_for_several(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "okrs.md"
    draft.write_text(DRAFT, encoding="utf-8")
    main(["review", str(draft), "--format", "json"])
    one = json.loads(capsys.readouterr().out)
    assert one["schema_version"] == SCHEMA_VERSION and all(ev["line"] for ev in _evidence(one))
    main(["review", str(draft), str(draft), "--format", "json"])
    several = json.loads(capsys.readouterr().out)
    assert several["schema_version"] == SCHEMA_VERSION and several["tool"]["name"] == "okr-coach"
    assert [f["path"] for f in several["files"]] == [str(draft)] * 2
    assert {k: v for k, v in several["files"][0].items() if k != "path"} == one
