"""Index builds take turns under a file lock, report progress, and say when they build unasked."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from coach.knowledge import index as index_module
from coach.knowledge.buildlock import BuildLockTimeout, build_lock, holder, is_locked
from coach.knowledge.embeddings import HashingEmbedder
from coach.knowledge.index import BuildProgress, KnowledgeIndex, estimate_seconds

FIXTURES = Path(__file__).parents[1] / "fixtures" / "kb"
REPO = Path(__file__).resolve().parents[2]


def hold_lock_in_a_child(lock: Path, seconds: float) -> subprocess.Popen[str]:
    """A separate process that holds the build lock for ``seconds`` (it prints 'held' first)."""
    code = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from coach.knowledge.buildlock import build_lock
        with build_lock(Path({str(lock)!r})):
            print("held", flush=True)
            time.sleep({seconds})
    """)
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=REPO)
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    return child


def test_the_lock_file_is_private_and_names_its_holder(tmp_path: Path) -> None:
    lock = tmp_path / "home" / "kb" / "build.lock"
    assert not is_locked(lock)
    with build_lock(lock):
        assert is_locked(lock) and holder(lock) == os.getpid()
        assert stat.S_IMODE(lock.stat().st_mode) == 0o600
        assert stat.S_IMODE(lock.parent.stat().st_mode) == 0o700
    assert not is_locked(lock)


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path: Path) -> None:
    lock = tmp_path / "build.lock"
    child = hold_lock_in_a_child(lock, 1.0)
    waited_for: list[int | None] = []
    start = time.monotonic()
    with build_lock(lock, on_wait=waited_for.append):
        waited = time.monotonic() - start
    child.wait(timeout=30)
    assert waited_for == [child.pid] and waited >= 0.5


def test_a_bounded_wait_gives_up_with_a_reason(tmp_path: Path) -> None:
    lock = tmp_path / "build.lock"
    child = hold_lock_in_a_child(lock, 5.0)
    try:
        with pytest.raises(BuildLockTimeout, match=f"pid {child.pid}"), build_lock(lock, timeout=0.3):
            pass
    finally:
        child.kill()
        child.wait(timeout=30)
    with build_lock(lock, timeout=5):  # the kernel released a killed holder's lock
        pass


def test_threads_of_one_process_take_turns(tmp_path: Path) -> None:
    lock = tmp_path / "build.lock"
    inside: list[int] = []
    overlaps: list[int] = []

    def work() -> None:
        with build_lock(lock):
            inside.append(1)
            if len(inside) > 1:
                overlaps.append(1)
            time.sleep(0.05)
            inside.pop()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not overlaps


def test_build_reports_documents_passages_and_every_few_embedded(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "PROGRESS_EVERY", 4)
    idx = KnowledgeIndex(home=tmp_path, embedder=HashingEmbedder(), docs_root=FIXTURES)
    steps: list[BuildProgress] = []
    stats = idx.build(progress=steps.append)
    assert [s.stage for s in steps] == ["planned", "embedding", "embedding", "embedding", "done"]
    assert steps[0].documents == 4 and steps[0].passages == 9 and steps[0].to_embed == 9
    assert [s.embedded for s in steps[1:4]] == [4, 8, 9]
    assert steps[-1].seconds == stats.seconds and stats.embedded == 9
    assert "read 4 documents: 9 passages, 9 to embed" in steps[0].message()
    assert steps[1].message().startswith("embedded 4/9 passages (")
    steps.clear()
    idx.build(progress=steps.append)
    assert [s.stage for s in steps] == ["planned", "done"] and "nothing to embed" in steps[0].message()
    assert (tmp_path / "kb" / "build.lock").is_file()


def test_a_build_waiting_for_another_reports_it(tmp_path: Path) -> None:
    idx = KnowledgeIndex(home=tmp_path, embedder=HashingEmbedder(), docs_root=FIXTURES)
    child = hold_lock_in_a_child(idx.lock_path, 0.8)
    steps: list[BuildProgress] = []
    idx.build(progress=steps.append)
    child.wait(timeout=30)
    assert steps[0].stage == "waiting" and steps[0].holder == child.pid
    assert f"(pid {child.pid}); waiting for it to finish" in steps[0].message()


def test_kb_build_prints_progress_on_stderr_and_the_summary_on_stdout(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coach.cli import kb as kb_commands

    monkeypatch.setenv("OKR_COACH_HOME", str(tmp_path))
    monkeypatch.setenv("OKR_COACH_EMBEDDER", "hashing")
    monkeypatch.setattr("coach.knowledge.index.data_dir", lambda name: FIXTURES)
    monkeypatch.setattr(index_module, "PROGRESS_EVERY", 4)
    out, err = io.StringIO(), io.StringIO()
    assert kb_commands.kb_build(out, err) == 0
    lines = err.getvalue().splitlines()
    about = estimate_seconds(9)
    assert lines[0] == f"okr-coach: kb build: read 4 documents: 9 passages, 9 to embed, about {about} s"
    assert lines[1].startswith("okr-coach: kb build: embedded 4/9 passages (")
    assert lines[-1].startswith("okr-coach: kb build: index ready: 9 passages, 9 embedded, in ")
    assert "9 passages (9 added" in out.getvalue() and "okr-coach:" not in out.getvalue()


def test_the_first_search_says_it_builds_the_index_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from coach.cli.ask import ask

    monkeypatch.setenv("OKR_COACH_HOME", str(tmp_path))
    monkeypatch.setenv("OKR_COACH_EMBEDDER", "hashing")
    monkeypatch.setattr("coach.knowledge.index.data_dir", lambda name: FIXTURES)
    monkeypatch.setattr(index_module, "ANNOUNCE_FROM", 5)
    assert ask("NPS", 1, "json", io.StringIO()) == 0
    err = capsys.readouterr().err
    assert err == (f"okr-coach: building the guidance index once (9 passages, ~{estimate_seconds(9)} s); "
                   "later searches reuse it\n")
    out = io.StringIO()
    assert ask("NPS", 1, "json", out) == 0
    assert capsys.readouterr().err == ""  # built: nothing to say
    assert json.loads(out.getvalue())["engine"] == "hybrid"


def test_small_rebuilds_say_nothing(tmp_path: Path) -> None:
    notes: list[str] = []
    idx = KnowledgeIndex(home=tmp_path, embedder=HashingEmbedder(), docs_root=FIXTURES, notify=notes.append)
    idx.ensure_ready()
    assert notes == [] and idx.ready  # 9 passages: under the announcement threshold


def test_estimates_are_round_figures() -> None:
    assert 1 <= estimate_seconds(9) <= 4
    assert estimate_seconds(161) % 5 == 0 and 15 <= estimate_seconds(161) <= 40
