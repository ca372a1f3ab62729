"""``okr-coach cache clear|info``: the caches that hold OKR text go; users' own data stays."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coach.cli import main
from coach.llm.cache import CachedReply, ReplyCache, cache_key

REPO = Path(__file__).resolve().parents[2]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home with something in every place okr-coach keeps things."""
    root = tmp_path / "home"
    monkeypatch.setenv("OKR_COACH_HOME", str(root))
    cache = ReplyCache(root / "cache" / "llm")
    for n in range(3):
        key = cache_key("m", [{"role": "user", "content": f"draft {n}"}], "RewriteReply")
        cache.put(key, "m", CachedReply('{"key_results": []}', 1, 1, 0.0))
    db = sqlite3.connect(root / "batch.sqlite3")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE reviews (key TEXT PRIMARY KEY, review TEXT)")
    db.execute("INSERT INTO reviews VALUES ('k', 'Launch the new help centre')")
    db.commit()
    db.close()
    (root / "cache" / "rubrics").mkdir(parents=True)
    (root / "cache" / "rubrics" / "okr-core-1.json").write_text("{}")
    (root / "cache" / "verbs-x.marshal").write_bytes(b"x")
    (root / "kb" / "chroma").mkdir(parents=True)
    (root / "kb" / "chroma" / "chroma.sqlite3").write_bytes(b"x")
    (root / "tutor.sqlite3").write_bytes(b"x")
    (root / "recordings" / "suggestions-real").mkdir(parents=True)
    (root / "recordings" / "suggestions-real" / "a.json").write_text("{}")
    (root / "batches" / "0123456789abcdef").mkdir(parents=True)
    (root / "batches" / "0123456789abcdef" / "report.html").write_text("<p>")
    return root


def test_clear_removes_model_replies_and_batch_results_only(home: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["cache", "clear"], capsys)
    assert code == 0 and err == ""
    assert "removed model replies (cache/llm/): 3 files" in out
    assert "removed batch results (batch.sqlite3): 1 file" in out
    assert "4 files removed from " in out
    assert "kept (not caches): tutor sessions and workshop attempts (tutor.sqlite3)" in out
    assert "recorded model replies (recordings/)" in out
    assert "batches uploaded to the server (batches/)" in out
    assert not (home / "cache" / "llm").exists() and not (home / "batch.sqlite3").exists()
    assert not list(home.glob("batch.sqlite3*"))
    for kept in ("cache/rubrics/okr-core-1.json", "cache/verbs-x.marshal", "kb/chroma/chroma.sqlite3",
                 "tutor.sqlite3", "recordings/suggestions-real/a.json",
                 "batches/0123456789abcdef/report.html"):
        assert (home / kept).exists(), kept
    code, out, _ = run(["cache", "clear"], capsys)
    assert code == 0 and out.startswith("nothing to remove\n")


def test_clear_all_also_removes_the_index_and_compiled_caches(home: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["cache", "clear", "--all"], capsys)
    assert code == 0
    assert "removed guidance index (kb/): 1 file" in out
    assert "removed compiled packs, word tables, library caches (cache/*): 2 files" in out
    assert "7 files removed from " in out
    assert not (home / "kb").exists() and not (home / "cache" / "rubrics").exists()
    assert all((home / kept).exists() for kept in ("tutor.sqlite3", "recordings", "batches"))


def test_info_lists_every_place_with_its_count(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["cache", "info"], capsys)
    assert code == 0 and f"OKR_COACH_HOME {home}" in out
    lines = {line.split("  ")[1].strip(): line for line in out.splitlines() if line.startswith("  ")}
    assert "3 files" in lines["model replies"] and "cache/llm/" in lines["model replies"]
    assert "1 file" in lines["batch results"] and "1 file" in lines["guidance index"]
    assert "learners' work" in lines["tutor sessions and workshop attempts"]
    assert (home / "cache" / "llm").exists()  # info removes nothing


def test_an_index_being_built_is_left_alone(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lock = home / "kb" / "build.lock"
    code = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from coach.knowledge.buildlock import build_lock
        with build_lock(Path({str(lock)!r})):
            print("held", flush=True)
            time.sleep(30)
    """)
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        code_, out, err = run(["cache", "clear", "--all"], capsys)
    finally:
        child.kill()
        child.wait(timeout=30)
    assert code_ == 1 and "guidance index left alone: a build is running" in err
    assert (home / "kb" / "chroma" / "chroma.sqlite3").exists()
    assert "removed model replies" in out  # the rest was still cleared


def test_an_empty_home_has_nothing_to_remove(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("OKR_COACH_HOME", str(tmp_path / "new"))
    code, out, _ = run(["cache", "clear", "--all"], capsys)
    assert code == 0 and out == "nothing to remove\n"
