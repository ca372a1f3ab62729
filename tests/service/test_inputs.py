"""Reading input for every face: files, stdin, limits, format by suffix, one error type with a status."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from coach.core.limits import MAX_INPUT_CHARS
from coach.errors import UsageProblem
from coach.service.inputs import InputError, input_format, parse_draft, read_source


def test_files_and_stdin_are_read_as_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "draft.md"
    path.write_bytes("\ufeffObjective: Café\n- Raise NPS from 20 to 40\n".encode())
    assert read_source(str(path)).startswith("Objective: Café")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Objective: from stdin\n")))
    assert read_source("-") == "Objective: from stdin\n"


@pytest.mark.parametrize(("make", "reason", "status"), [
    (lambda p: p, "is a directory", 400),
    (lambda p: p / "missing.md", "no such file", 400),
    (lambda p: _write(p / "latin1.md", "Objective: caf\xe9\n".encode("latin-1")), "not UTF-8", 400),
    (lambda p: _write(p / "binary.bin", b"\x00\x01\x02" * 10), "binary", 400),
])
def test_unreadable_input_is_one_reason_with_a_status(tmp_path: Path, make, reason: str, status: int) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    with pytest.raises(InputError) as caught:
        read_source(str(path))
    assert reason in str(caught.value) and caught.value.status == status
    assert isinstance(caught.value, UsageProblem) and str(path) in str(caught.value)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_too_much_text_is_a_413(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError) as caught:
        parse_draft("Objective: x\n" + "- KR: raise a from 1 to 2\n" * (MAX_INPUT_CHARS // 20))
    assert caught.value.status == 413 and f"{MAX_INPUT_CHARS:,}" in caught.value.reason
    monkeypatch.setenv("OKR_COACH_MAX_CHARS", "50")
    with pytest.raises(InputError, match="limit is 50"):
        parse_draft("Objective: a rather long objective\n- Raise NPS from 20 to 40 by June\n")
    monkeypatch.setenv("OKR_COACH_MAX_CHARS", "many")
    with pytest.raises(InputError, match="OKR_COACH_MAX_CHARS must be a whole number"):
        parse_draft("Objective: x\n- Raise NPS from 20 to 40\n")


def test_the_objective_limit_applies_to_every_input_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKR_COACH_MAX_OBJECTIVES", "2")
    three = "".join(f"Objective: aim {i}\n- Raise m{i} from 1 to 2\n" for i in range(3))
    table = "Objective,Key result\n" + "".join(f"aim {i},Raise m{i} from 1 to 2\n" for i in range(3))
    structured = {"objectives": [{"title": f"aim {i}", "key_results": []} for i in range(3)]}
    for draft in (three, table):
        with pytest.raises(InputError, match="more than 2 objectives"):
            parse_draft(draft)
    with pytest.raises(InputError, match="more than 2 objectives"):
        parse_draft(okrs=structured)
    monkeypatch.setenv("OKR_COACH_MAX_OBJECTIVES", "3")
    assert len(parse_draft(three).objectives) == 3


def test_format_comes_from_the_choice_then_the_suffix_then_the_content() -> None:
    assert input_format("auto", "okrs.yml") == "yaml" and input_format("auto", "x.JSON") == "json"
    assert input_format("csv", "x.json") == "csv" and input_format("auto", "x.md") is None
    assert input_format("auto", None) is None
    with pytest.raises(InputError, match="unknown input format"):
        input_format("xml")
    text = '{"objectives": [{"title": "Delight buyers", "key_results": ["Raise NPS from 20 to 40"]}]}'
    okr = parse_draft(text, name="draft.txt")
    assert okr.source == "structured" and okr.objectives[0].key_results[0].text == "Raise NPS from 20 to 40"
    with pytest.raises(InputError, match=r"draft\.json: line 1: invalid JSON"):
        parse_draft("Objective: not json\n", name="draft.json")
