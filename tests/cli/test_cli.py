"""The command line: formats, linter exit codes, and a clear line for every bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from coach.cli import main
from coach.paths import data_dir

EXAMPLE = data_dir("examples") / "team-draft.md"
GOOD = "Period: Q3\nObjective: Make onboarding painless\n- Cut time to first value from 5 days to 1 day\n" \
       "- Raise activation of small teams from 30% to 45%\n"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_review_text_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["review", str(EXAMPLE), "--color", "never"], capsys)
    assert code == 1 and not err
    assert "O1 Make support the reason customers stay with us" in out
    assert "fix:" in out and "why:" in out and "[kr-outcome]" in out
    assert "10 key results" in out


def test_review_json_markdown_html(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["review", str(EXAMPLE), "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 1 and len(data["objectives"]) == 3
    code, out, _ = run(["review", str(EXAMPLE), "--format", "markdown"], capsys)
    assert out.startswith("# OKR review") and "## O2: Grow revenue 30%" in out
    code, out, _ = run(["review", str(EXAMPLE), "--format", "html"], capsys)
    assert out.startswith("<!doctype html>") and "Grow revenue 30%" in out


def test_fail_on_levels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "good.md"
    draft.write_text(GOOD)
    assert run(["review", str(draft)], capsys)[0] == 0
    # a good draft still has a warning (no baseline-less targets here, but only 2 KRs is fine);
    # the example fails at every level, and 'never' always exits 0
    assert run(["review", str(EXAMPLE), "--fail-on", "suggestion"], capsys)[0] == 1
    assert run(["review", str(EXAMPLE), "--fail-on", "never"], capsys)[0] == 0


def test_stdin_and_structured_input(monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    krs = ["Cut incidents from 12 to 4 by Q3", {"text": "Cut MTTR from 3h to 1h by Q3"}]
    payload = {"objectives": [{"title": "Be reliable", "key_results": krs}]}
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(payload).encode())))
    _code, out, _ = run(["review", "-", "--format", "json"], capsys)
    data = json.loads(out)
    assert [k["text"] for k in data["objectives"][0]["key_results"]] == [
        "Cut incidents from 12 to 4 by Q3", "Cut MTTR from 3h to 1h by Q3"]


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "input is empty"),
    (b"   \n\t  \n", "input is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
    (b"Objective: caf\xe9 cr\xe8me\n- Raise X from 1 to 2\n", "not UTF-8"),
    (b"x" * 100_000, "limit 2,000"),
    (b'{"objectives": {"title": "wrong shape"}}', "non-empty 'objectives' list"),
    (b'{"okrs": []}', "non-empty 'objectives' list"),
    (b"hello world, notes from the meeting\n\nWe agreed to meet again next week.\n",
     "no objectives or key results found"),
])
def test_bad_input_gets_one_line_and_exit_2(tmp_path: Path, content: bytes, reason: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes(content)
    code, out, err = run(["review", str(path)], capsys)
    assert code == 2 and not out
    assert reason in err and err.count("\n") == 1 and "Traceback" not in err


def test_five_megabyte_paste_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.md"
    path.write_text("Objective: Grow\n" + "- Raise signups from 100 to 200 by June\n" * 130_000)
    code, _, err = run(["review", str(path)], capsys)
    assert code == 2 and "the limit is 1,000,000" in err
    path.write_text("Objective: Grow\n" + "- Raise signups from 100 to 200 by June\n" * 140_000)
    code, _, err = run(["review", str(path)], capsys)
    assert code == 2 and "over 5 MB" in err


def test_five_hundred_objectives_get_a_graceful_review(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "many.md"
    block = ("Objective: Make every region a loyal one\n- Raise repeat orders from 10% to 20% by Q3\n"
             "- Cut delivery cost from $9 to $5 by Q3\n")
    path.write_text("\n".join(block for _ in range(500)))
    code, out, _ = run(["review", str(path), "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and len(data["objectives"]) == 500
    focus = data["findings"][0]
    assert focus["criterion"] == "okr-core.set-focus" and not focus["passed"]


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["review", str(tmp_path / "missing.md")], capsys)
    assert code == 2 and "no such file" in err
    code, _, err = run(["review", str(tmp_path)], capsys)
    assert code == 2 and "is a directory" in err
    code, _, err = run(["review", str(EXAMPLE), "--profile", "galactic"], capsys)
    assert code == 2 and "unknown profile 'galactic'" in err
    with pytest.raises(SystemExit) as info:
        main(["review", str(EXAMPLE), "--format", "pdf"])
    assert info.value.code == 2


def test_rubrics_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rubrics", "list"], capsys)
    assert code == 0 and "okr-core.kr-measurable" in out and len(out.splitlines()) == 16
    code, out, _ = run(["rubrics", "show", "kr-outcome"], capsys)
    assert code == 0 and "check: outcome_not_task" in out
    code, out, _ = run(["rubrics", "check"], capsys)
    assert code == 0 and "all examples behave" in out
    code, _, err = run(["rubrics", "show", "kr-nope"], capsys)
    assert code == 2 and "no criterion" in err


def test_rubrics_check_reports_a_broken_pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    pack = tmp_path / "pack"
    shutil.copytree(data_dir("rubrics") / "okr-core", pack)
    (pack / "kr-outcome.yaml").write_text("name: Broken\napplies_to: key_result\n")
    code, _, err = run(["rubrics", "check", str(pack)], capsys)
    assert code == 1 and "kr-outcome.yaml:" in err and "Field required" in err


def test_installed_console_script_runs_as_a_process() -> None:
    proc = subprocess.run([sys.executable, "-m", "coach", "review", str(EXAMPLE), "--format", "json"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and json.loads(proc.stdout)["grade"] in "ABCDE"
    proc = subprocess.run([sys.executable, "-m", "coach", "review", "-"], input="", capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2 and proc.stderr.strip() == "okr-coach: -: input is empty; paste objectives " \
                                                           "and key results"


def test_kb_commands_without_the_kb_extra_say_what_to_install(monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from coach.knowledge import search

    monkeypatch.setattr(search, "has_vector_store", lambda: False)
    code, out, err = run(["ask", "how many key results should an objective have?"], capsys)
    assert code == 0 and "focus#" in out.splitlines()[0]  # word-match results still answer
    assert "pip install 'okr-coach[kb]'" in err
    code, _, err = run(["kb", "build"], capsys)
    assert code == 2 and "pip install 'okr-coach[kb]'" in err


def test_review_under_another_pack(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["review", str(EXAMPLE), "--pack", "radical-focus", "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 1 and data["rubric"] == "radical-focus"
    focus = next(f for f in data["findings"] if f["criterion"] == "okr-core.set-focus")
    assert not focus["passed"] and "one objective" in focus["message"]
    code, out, _ = run(["review", str(EXAMPLE), "--pack", "radical-focus", "--color", "never"], capsys)
    assert "pack radical-focus" in out.splitlines()[0]


def test_rubrics_packs_and_check_every_pack(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rubrics", "packs"], capsys)
    assert code == 0 and out.startswith("okr-core") and "radical-focus" in out and "extends okr-core" in out
    code, out, _ = run(["rubrics", "check"], capsys)
    assert code == 0 and "okr-core 1.0: 16 criteria" in out and "radical-focus 1.0: 17 criteria" in out
    code, out, _ = run(["rubrics", "list", "--pack", "radical-focus"], capsys)
    assert code == 0 and "radical-focus.kr-health-metric" in out


def test_a_piped_review_loads_no_heavy_module(tmp_path: Path) -> None:
    """What ``okr-coach review`` imports once the pack is compiled: no yaml, pydantic, rich, jinja2,
    dataclasses (slow to import, see coach.core.record) and no model or vector store."""
    import os

    env = {**os.environ, "OKR_COACH_HOME": str(tmp_path / "home")}
    code = ("import sys; from coach.cli import main\n"
            f"code = main(['review', {str(EXAMPLE)!r}, '--format', 'json'])\n"
            "heavy = {'yaml', 'pydantic', 'rich', 'jinja2', 'dataclasses', 'litellm', 'chromadb', 'numpy'}\n"
            "sys.stderr.write(' '.join(sorted(heavy & set(sys.modules))))\n")
    subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=False, timeout=120)
    for fmt in ("json", "text"):
        proc = subprocess.run([sys.executable, "-c", code.replace("'json'", repr(fmt))], capture_output=True,
                              text=True, env=env, timeout=120)
        assert proc.stderr == "", (fmt, proc.stderr)
