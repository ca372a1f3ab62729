"""The parser reads what people really paste and keeps offsets into the original text."""

from __future__ import annotations

import json

import pytest

from coach.core.models import OkrSet
from coach.core.parsing import ParseError, decode_bytes, parse


def shape(okr: OkrSet) -> list[tuple[str, list[str]]]:
    return [(o.text, [k.text for k in o.key_results]) for o in okr.objectives]


def assert_offsets(text: str, okr: OkrSet) -> None:
    for o in okr.objectives:
        assert text[o.offset:o.offset + len(o.text)] == o.text
        for k in o.key_results:
            assert text[k.offset:k.offset + len(k.text)] == k.text


MARKDOWN = """# Q3 2026 OKRs — Payments

## Objective 1: Make checkout effortless
- KR 1.1: Raise completion from 62% to 78%
- KR 1.2: Launch the new flow

## O2: Win the mid-market
* Close 20 deals
  * a detail under a key result, not another key result
"""


def test_markdown_headings_labels_and_bullets() -> None:
    okr = parse(MARKDOWN)
    assert okr.period == "Q3 2026" and okr.team == "Payments"
    assert shape(okr) == [
        ("Make checkout effortless", ["Raise completion from 62% to 78%", "Launch the new flow"]),
        ("Win the mid-market", ["Close 20 deals"]),
    ]
    assert [k.id for k in okr.objectives[0].key_results] == ["O1.KR1", "O1.KR2"]
    assert_offsets(MARKDOWN, okr)


@pytest.mark.parametrize("text", [
    "Objective: Delight customers\nRaise NPS from 30 to 45\nCut wait from 8h to 2h\n\n"
    "Objective: Hire well\nCut time to hire from 60 to 30 days\n",
    "Delight customers\n  Raise NPS from 30 to 45\n  Cut wait from 8h to 2h\nHire well\n"
    "  Cut time to hire from 60 to 30 days\n",
    "• Delight customers\n    ◦ Raise NPS from 30 to 45\n    ◦ Cut wait from 8h to 2h\n• Hire well\n"
    "    ◦ Cut time to hire from 60 to 30 days\n",
    "1. Delight customers\n   a) Raise NPS from 30 to 45\n   b) Cut wait from 8h to 2h\n2. Hire well\n"
    "   a) Cut time to hire from 60 to 30 days\n",
    "O1 Delight customers\nKR1.1 Raise NPS from 30 to 45\nKR1.2 Cut wait from 8h to 2h\n"
    "O2 Hire well\nKR2.1 Cut time to hire from 60 to 30 days\n",
    "Delight customers\nRaise NPS from 30 to 45\nCut wait from 8h to 2h\n\nHire well\n"
    "Cut time to hire from 60 to 30 days\n",
    "Objective\tKey result\nDelight customers\tRaise NPS from 30 to 45\n\tCut wait from 8h to 2h\n"
    "Hire well\tCut time to hire from 60 to 30 days\n",
    "| Objective | Key result |\n|---|---|\n| Delight customers | Raise NPS from 30 to 45 |\n"
    "| | Cut wait from 8h to 2h |\n| Hire well | Cut time to hire from 60 to 30 days |\n",
])
def test_every_common_shape_gives_the_same_set(text: str) -> None:
    okr = parse(text)
    assert shape(okr) == [("Delight customers", ["Raise NPS from 30 to 45", "Cut wait from 8h to 2h"]),
                          ("Hire well", ["Cut time to hire from 60 to 30 days"])]
    assert_offsets(text, okr)


def test_structured_json_yaml_and_csv() -> None:
    data = {"team": "Ops", "period": "Q1", "objectives": [
        {"title": "Be reliable", "key_results": ["Cut incidents from 12 to 4", {"text": "MTTR under 1h"}]}]}
    for text in (json.dumps(data), "team: Ops\nperiod: Q1\nobjectives:\n  - title: Be reliable\n"
                 "    key_results:\n      - Cut incidents from 12 to 4\n      - text: MTTR under 1h\n"):
        okr = parse(text)
        assert okr.source == "structured" and okr.team == "Ops" and okr.period == "Q1"
        assert shape(okr) == [("Be reliable", ["Cut incidents from 12 to 4", "MTTR under 1h"])]
    csv_text = 'Objective,Key result\nBe reliable,"Cut incidents from 12 to 4, by June"\n,MTTR under 1h\n'
    assert shape(parse(csv_text)) == [("Be reliable", ["Cut incidents from 12 to 4, by June",
                                                       "MTTR under 1h"])]


def test_forced_csv_on_text_that_is_not_csv_is_refused() -> None:
    with pytest.raises(ParseError, match="CSV input needs at least two columns"):
        parse("Objective: Grow\n- KR1: Raise signups from 100 to 200\n", fmt="csv")


def test_metadata_and_initiatives() -> None:
    okr = parse("Team: Growth\nPeriod: H2 2026\nParent: Win Europe\n\nObjective: Grow in Spain\n"
                "- Raise Spanish signups from 200 to 900\n- Initiative: Translate the app\n")
    assert (okr.team, okr.period, okr.parents) == ("Growth", "H2 2026", ["Win Europe"])
    assert okr.objectives[0].initiatives == ["Translate the app"]
    assert len(okr.objectives[0].key_results) == 1


@pytest.mark.parametrize(("text", "reason", "line"), [
    ("   \n\t\n", "empty", None),
    ("hello world, notes from the meeting\nsee you next week", "no objectives or key results found", 2),
    ('{"objectives": "nope"}', "non-empty 'objectives' list", None),
    ('{"objectives": [{"key_results": []}]}', "objectives[0] has no 'title'", None),
    ('{"objectives": [{"title": "A", "key_results": [3]}]}', "key_results[0] must be text", None),
    ('{"objectives": [', "invalid JSON", 1),
    ("x" * 100_000, "limit 2,000", 1),
    ("a\x00b\x01c" * 50, "binary", None),
])
def test_unreadable_input_names_the_reason_and_line(text: str, reason: str, line: int | None) -> None:
    with pytest.raises(ParseError) as info:
        parse(text)
    assert reason in str(info.value)
    assert info.value.line == line


def test_oversized_input_is_refused() -> None:
    with pytest.raises(ParseError, match="limit is 1,000,000"):
        parse("Objective: x\n" + "- Raise X from 1 to 2\n" * 60_000)


def test_non_utf8_bytes_are_refused_with_the_line() -> None:
    with pytest.raises(ParseError) as info:
        decode_bytes(b"Objective: caf\xe9\n")
    assert "not UTF-8" in str(info.value) and info.value.line == 1
    assert decode_bytes("\ufeffObjective: é".encode()) == "Objective: é"


def test_five_hundred_objectives_parse() -> None:
    text = "\n".join(f"Objective: Aim number {i}\n- Raise metric {i} from 1 to 2\n" for i in range(500))
    okr = parse(text)
    assert len(okr.objectives) == 500 and okr.objectives[-1].id == "O500"
