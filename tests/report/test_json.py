"""The JSON contract: passages once, reads back equal, validates against the API's schema, streams."""

from __future__ import annotations

import json

import pytest

from api.schemas import ReviewModel
from coach.report.json import from_dict, iter_json, pretty, render_json, to_dict
from coach.service.review import review_text
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
