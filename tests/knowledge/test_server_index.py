"""A server builds the guidance index at start-up in the background; no request ever builds it."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from coach.knowledge.search import Searcher, SearchHit

FIXTURES = Path(__file__).parents[1] / "fixtures" / "kb"


class SlowIndex:
    """Stands in for KnowledgeIndex: ``ensure_ready`` blocks until released (or fails)."""

    def __init__(self, fail: bool = False) -> None:
        self.release = threading.Event()
        self.fail = fail
        self.built_by: list[str] = []

    def ensure_ready(self) -> None:
        self.release.wait(30)
        self.built_by.append(threading.current_thread().name)
        if self.fail:
            raise RuntimeError("disk full")

    def search(self, query: str, k: int = 5, criteria: Sequence[str] | None = None,
               topics: Sequence[str] | None = None) -> list[SearchHit]:
        if not self.built_by:  # as KnowledgeIndex.search does: build on first use
            self.ensure_ready()
        return [SearchHit("focus#intro", "focus", "Focus", "", "Keep two to five key results.", 0.9)]


def test_a_search_during_the_build_waits_briefly_then_answers_from_bm25() -> None:
    slow = SlowIndex()
    searcher = Searcher("auto", index=slow, background=True, wait_seconds=0.05, notify=None)
    assert searcher.start_building() and searcher.building()
    assert not searcher.start_building()  # one build
    start = time.monotonic()
    engine, hits = searcher.search("how many key results", k=2)
    assert engine == "lexical" and hits and time.monotonic() - start < 5
    assert searcher.note is not None and "still being built" in searcher.note
    slow.release.set()
    assert searcher.wait_until_built(10)
    engine, hits = searcher.search("how many key results", k=2)
    assert engine == "hybrid" and hits[0].id == "focus#intro" and searcher.note is None
    assert slow.built_by == ["okr-kb-build"]  # built by the background thread, not a request


def test_a_server_whose_start_up_did_not_build_still_never_builds_in_a_request() -> None:
    slow = SlowIndex()
    searcher = Searcher("auto", index=slow, background=True, wait_seconds=0.05, notify=None)
    engine, _ = searcher.search("focus")
    assert engine == "lexical" and searcher.building()
    slow.release.set()
    searcher.wait_until_built(10)
    assert searcher.search("focus")[0] == "hybrid" and slow.built_by == ["okr-kb-build"]


def test_a_failed_build_leaves_word_match_search_with_the_reason() -> None:
    slow = SlowIndex(fail=True)
    slow.release.set()
    searcher = Searcher("auto", index=slow, background=True, notify=None)
    searcher.start_building()
    assert searcher.wait_until_built(10)
    engine, hits = searcher.search("focus")
    assert engine == "lexical" and hits
    assert searcher.note is not None and "could not be built (RuntimeError: disk full)" in searcher.note


def test_a_command_builds_in_line_as_before() -> None:
    slow = SlowIndex()
    slow.release.set()
    searcher = Searcher("auto", index=slow, notify=None)
    assert searcher.search("focus")[0] == "hybrid"
    assert slow.built_by == [threading.current_thread().name]  # in line, by the search itself
    assert searcher.wait_until_built(0)


# ---------------------------------------------------------------- the app


@pytest.fixture
def app_with_slow_index() -> Any:
    pytest.importorskip("fastapi")
    from api.app import create_app
    from api.deps import Settings

    app = create_app(Settings(), build_index=True)
    slow = SlowIndex()
    app.state.kb_searcher = Searcher("auto", index=slow, background=True, wait_seconds=0.05, notify=None)
    return app, slow


def test_the_app_starts_the_build_at_start_up_and_answers_at_once(app_with_slow_index: Any) -> None:
    from fastapi.testclient import TestClient

    app, slow = app_with_slow_index
    with TestClient(app) as client:
        searcher: Searcher = app.state.kb_searcher
        assert searcher.building()  # started by the lifespan, before any request
        start = time.monotonic()
        assert client.get("/healthz").status_code == 200
        assert time.monotonic() - start < 5
        body = client.get("/api/v1/kb/search", params={"q": "how many key results"}).json()
        assert body["engine"] == "lexical" and body["hits"] and "still being built" in body["note"]
        slow.release.set()
        assert searcher.wait_until_built(10)
        body = client.get("/api/v1/kb/search", params={"q": "how many key results"}).json()
        assert body["engine"] == "hybrid" and body["note"] is None
    assert slow.built_by == ["okr-kb-build"]


def test_test_apps_do_not_build_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.deps import Settings

    app = create_app(Settings())
    slow = SlowIndex()
    app.state.kb_searcher = Searcher("auto", index=slow, background=True, notify=None)
    with TestClient(app):
        assert not app.state.kb_searcher.building()
    slow.release.set()


def test_the_real_index_is_built_at_start_up_under_the_lock(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("chromadb")
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.deps import Settings

    monkeypatch.setenv("OKR_COACH_HOME", str(tmp_path))
    monkeypatch.setenv("OKR_COACH_EMBEDDER", "hashing")
    monkeypatch.setattr("coach.knowledge.index.data_dir", lambda name: FIXTURES)
    app = create_app(Settings(), build_index=True)
    with TestClient(app) as client:
        searcher: Searcher = app.state.kb_searcher
        assert searcher.wait_until_built(60)
        body = client.get("/api/v1/kb/search", params={"q": "NPS", "k": 1}).json()
        assert body["engine"] == "hybrid" and body["hits"][0]["id"] == "kpis#using-nps-as-a-key-result"
    assert (tmp_path / "kb" / "build.lock").is_file() and (tmp_path / "kb" / "chroma").is_dir()
