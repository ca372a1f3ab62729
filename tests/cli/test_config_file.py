"""The linter's settings file: found up to the repository root, flags win over it, and a
typo in it is an exit 2 that names the file (issue 14: a config file for OKRs in git)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.cli import main

DRAFT = "Objective: Delight customers\n- Keep churn under 2% by June\n- Launch the referral page\n"


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "okrs").mkdir()
    (tmp_path / "okrs" / "team.md").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "okrs" / "other.md").write_text(DRAFT, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "okrs")  # the file is found from a sub-folder
    return tmp_path


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["review", *argv, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def _criteria(review: dict) -> set[str]:  # type: ignore[type-arg]
    return {f["criterion"].split(".", 1)[1] for o in review["objectives"] for k in o["key_results"]
            for f in k["findings"]}


def test_settings_come_from_the_file_and_flags_win(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".okr-coach.toml").write_text('profile = "startup"\nfail-on = "never"\n'
                                          'disable = ["kr-ambition", "okr-core.kr-alignment"]\n')
    code, review = _json(capsys, "team.md")
    assert code == 0 and review["profile"] == "startup"
    assert not {"kr-ambition", "kr-alignment"} & _criteria(review) and "kr-outcome" in _criteria(review)
    code, review = _json(capsys, "team.md", "--fail-on", "error", "--profile", "default")
    assert code == 1 and review["profile"] == "default"  # the command line wins
    code, review = _json(capsys, "team.md", "--no-config")
    assert code == 1 and "kr-ambition" in _criteria(review)


def test_pyproject_tool_table_is_read(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.okr-coach]\nfail-on = "never"\n')
    assert _json(capsys, "team.md")[0] == 0


def test_a_file_above_the_repository_is_not_read(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inner = repo / "okrs"
    (inner / ".git").mkdir()  # okrs is its own repository: the settings above it do not apply
    (repo / ".okr-coach.toml").write_text('fail-on = "never"\n')
    assert _json(capsys, "team.md")[0] == 1


@pytest.mark.parametrize(("content", "says"), [
    ('fail_on = "never"\n', "unknown setting 'fail_on'"),
    ('fail-on = "sometimes"\n', "choose one of"),
    ('disable = ["kr-nope"]\n', "does not have"),
    ('disable = "kr-ambition"\n', "list of criterion ids"),
    ('profile = \n', "not valid TOML"),
])
def test_a_wrong_setting_is_exit_2_naming_the_file(repo: Path, capsys: pytest.CaptureFixture[str],
                                                  content: str, says: str) -> None:
    (repo / ".okr-coach.toml").write_text(content)
    assert main(["review", "team.md"]) == 2
    err = capsys.readouterr().err
    assert says in err and ".okr-coach.toml" in err and "Traceback" not in err


def test_quoted_globs_expand_to_the_files_they_match(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = _json(capsys, "*.md")
    assert [f["path"] for f in out["files"]] == ["other.md", "team.md"]
    assert main(["review", "nothing-*.md"]) == 2


def test_batch_reviews_under_the_same_settings_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An ambassador's batch over the repository judges with the rubric the linter uses there."""
    (repo / ".okr-coach.toml").write_text('disable = ["kr-ambition"]\nfail-on = "never"\n')

    def criteria(*argv: str) -> set[str]:
        assert main(["batch", ".", "--format", "json", *argv]) == 0  # fail-on stays the batch's own
        return set(json.loads(capsys.readouterr().out)["criteria"])

    assert "okr-core.kr-ambition" not in criteria() and "okr-core.kr-outcome" in criteria()
    assert "okr-core.kr-ambition" in criteria("--no-config")  # and the store keeps the two apart
    (repo / ".okr-coach.toml").write_text('disable = ["kr-ambitoin"]\n')
    assert main(["batch", "."]) == 2
    assert ".okr-coach.toml" in capsys.readouterr().err
