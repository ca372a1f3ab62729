"""okr-coach as a linter: several drafts in one run, workflow annotations on the draft's lines,
a quiet mode for hooks, and a pre-commit hook definition that runs it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from coach.cli import main

REPO = Path(__file__).resolve().parents[2]
DRAFT = "Objective: Make support great\n- Launch the new help centre\n- Raise CSAT from 82% to 92% by Q3\n"


def test_several_drafts_one_run_with_annotations_on_their_lines(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "team-okrs.md", tmp_path / "good-okrs.md"
    first.write_text(DRAFT, encoding="utf-8")
    second.write_text("Objective: Make support great\n- Raise CSAT from 82% to 92% by 30 September\n",
                      encoding="utf-8")
    assert main(["review", str(first), str(second), "--format", "json"]) == 1
    files = json.loads(capsys.readouterr().out)["files"]
    assert [f["path"] for f in files] == [str(first), str(second)] and files[0]["objectives"]
    assert main(["review", str(first), str(second), "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(re.match(r"::error file=[^,]+,line=\d+,col=\d+,title=okr-core\.[a-z-]+::", x)
                         for x in lines)
    assert f"::error file={first},line=2,col=3,title=okr-core.kr-outcome::" in lines[0]
    assert not any(str(second) in x for x in lines)


def test_an_unreadable_file_does_not_stop_the_others_and_quiet_prints_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "okrs.md"
    draft.write_text(DRAFT, encoding="utf-8")
    assert main(["review", str(tmp_path / "missing.md"), str(draft), "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert "no such file" in err and json.loads(out)["files"][0]["path"] == str(draft)
    assert main(["review", str(draft), "--quiet"]) == 1
    assert capsys.readouterr().out == ""


def test_the_pre_commit_hook_runs_the_review_on_okr_files() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = hooks[0]
    assert hook["id"] == "okr-coach" and hook["entry"].startswith("okr-coach review")
    pattern = re.compile(hook["files"])
    assert pattern.search("okrs/2026-q3.md") and pattern.search("docs/team-okr.yaml")
    assert not pattern.search("src/main.py") and not pattern.search("README.md")
