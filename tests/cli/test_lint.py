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


def test_pre_commit_runs_the_hook_in_a_temporary_repository(tmp_path: Path) -> None:
    """Real pre-commit, on a throw-away repository, with the hook exactly as
    .pre-commit-hooks.yaml defines it (as a local 'system' hook, so nothing is installed
    and no network is used): it fails on a failing draft, ignores other files, then passes."""
    import os
    import shutil
    import subprocess
    import sys

    venv_bin = str(Path(sys.executable).parent)
    if shutil.which("git") is None or shutil.which("pre-commit", path=venv_bin) is None:
        pytest.skip("git or pre-commit (the dev extra) is not installed")
    hook = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    repo = tmp_path / "repo"
    (repo / "okrs").mkdir(parents=True)
    (repo / "okrs" / "support.md").write_text(DRAFT, encoding="utf-8")
    (repo / "README.md").write_text("Launch the thing\n", encoding="utf-8")
    local = {**hook, "language": "system"}
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_CONFIG_GLOBAL": os.devnull,
           "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True, timeout=120)

    assert run("git", "init", "-q").returncode == 0
    assert run("git", "add", "-A").returncode == 0
    failed = run("pre-commit", "run", "--all-files", "--color", "never")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "okr-coach review" in failed.stdout and "Failed" in failed.stdout
    assert "Launch the new help centre" in failed.stdout  # the draft under okrs/ was reviewed
    assert "Launch the thing" not in failed.stdout  # README.md is no OKR file
    (repo / "okrs" / "support.md").write_text(
        "Objective: Make support great\n- Raise CSAT from 82% to 92% by Q3\n"
        "- Cut median first-response time from 9 hours to 2 hours by Q3\n", encoding="utf-8")
    run("git", "add", "-A")
    passed = run("pre-commit", "run", "--all-files", "--color", "never")
    assert passed.returncode == 0, passed.stdout + passed.stderr
