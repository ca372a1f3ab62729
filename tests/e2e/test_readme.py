"""The README's two commands stay true: CI runs the documented test command on the bundled example."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_commands_match_ci_and_files() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "bash scripts/test.sh" in readme and "bash scripts/test.sh" in ci
    assert ".venv/bin/okr-coach review examples/team-draft.md" in readme
    assert (ROOT / "examples" / "team-draft.md").is_file()
    script = (ROOT / "scripts" / "test.sh").read_text()
    for step in ("ruff check", "mypy", "pytest", "eval rubric", "eval retrieval"):
        assert step in script
