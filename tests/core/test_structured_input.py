"""Bad structured input is a usage error with a reason and a line, never an internal error;
dates and huge numbers in a draft stay the text they were written as."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.cli import main
from coach.core.parsing import ParseError, parse


def _review(tmp_path: Path, name: str, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code = main(["review", str(path), "--format", "json"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("name, text, reason", [
    ("deep.json", "[" * 2000 + "]" * 2000, "nested more than"),
    ("deep.yaml", "objectives:\n" + "".join("  " * (i + 1) + "- x:\n" for i in range(600)),
     "nested more than"),
    ("flow.yaml", "objectives: " + "[" * 500 + "]" * 500 + "\n", "nested more than"),
    ("surrogate.json", '{"objectives": [{"text": "\\ud800 Grow", "key_results": ["Raise x from 1 to 2"]}]}',
     "lone surrogate"),
    ("surrogate.yaml", 'objectives:\n- text: "\\ud800 Grow"\n  key_results: [Raise x from 1 to 2]\n',
     "lone surrogate"),
    ("wide.csv", "Objective,Key result\nGrow," + "x" * 140_000 + "\n", "CSV row cannot be read"),
    ("long-cell.csv", "Objective,Key result\nGrow,Ship it\nGrow," + "Raise signups " * 300 + "\n",
     "line 3: this CSV cell is 4,199 characters long"),
])
def test_bad_structured_input_exits_2_with_a_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    name: str, text: str, reason: str) -> None:
    code, err = _review(tmp_path, name, text, capsys)
    assert code == 2 and reason in err and "line " in err and "internal error" not in err


def test_yaml_dates_and_huge_numbers_stay_text() -> None:
    okr = parse("objectives:\n- text: Ship by 2026-02-31\n  due: 2026-02-31\n  key_results:\n"
                "  - Raise weekly users from 100 to 200 by 2026-09-30\n", "yaml")
    assert okr.objectives[0].key_results[0].text.endswith("by 2026-09-30")
    big = "9" * 5000
    okr = parse('{"objectives": [{"text": "Grow", "weight": ' + big
                + ', "key_results": ["Raise x from 1 to 2"]}]}', "json")
    assert okr.objectives[0].text == "Grow"
    with pytest.raises(ParseError):
        parse("[" * 100 + "]" * 100, "json")


def test_a_lone_surrogate_posted_as_text_is_a_4xx_with_its_line() -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.deps import Settings

    with TestClient(create_app(Settings()), raise_server_exceptions=False) as client:
        answer = client.post("/api/v1/reviews", headers={"content-type": "application/json"},
                             content='{"text": "Objective: Grow\\n- Raise x \\ud800 from 1 to 2"}')
    assert answer.status_code in (400, 422) and answer.json()["line"] == 2
    assert "surrogate" in answer.json()["reason"]


def test_the_objective_limit_holds_for_csv_and_tables_too(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    rows = "\n".join(f"Grow region {i},Raise x{i} from 1 to 2" for i in range(1_001))
    code, err = _review(tmp_path, "many.csv", f"Objective,Key result\n{rows}\n", capsys)
    assert code == 2 and "more than 1,000 objectives" in err
    table = "\n".join(f"| Grow region {i} | Raise x{i} from 1 to 2 |" for i in range(1_001))
    code, err = _review(tmp_path, "many.md", f"| Objective | Key result |\n|---|---|\n{table}\n", capsys)
    assert code == 2 and "more than 1,000 objectives" in err
