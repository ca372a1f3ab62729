"""Suggestions over HTTP: JSON, server-sent events, timeouts, model failures, 503 and 429.

A scripted ``coach.suggest.pipeline`` stands in for the real one so each case is exact and fast;
the last tests use the real module when this build has it and otherwise check the 503.
"""

from __future__ import annotations

import importlib
import json
import sys
import threading
import time
import types
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import RateLimiter, Settings
from coach.core.models import KeyResultReview, ObjectiveReview, OkrSet, Review, Suggestion

DRAFT = ("Objective: Make support the reason customers stay\n"
         "- Launch the new help centre\n- Raise CSAT from 82% to 92% by 30 June\n\n"
         "Objective: Grow revenue 30%\n- Hire 3 account managers\n")


class FakeSuggest:
    """A scripted coach.suggest.pipeline: one rewrite per failing item, optionally slow or failing."""

    def __init__(self, release: threading.Event | None = None, fail: Exception | None = None) -> None:
        self.release = release
        self.fail = fail
        self.calls = 0
        self.options: list[dict[str, Any]] = []

    def _pairs(self, review: Review) -> Iterator[tuple[str, Suggestion]]:
        for objective in review.objectives:
            items: list[ObjectiveReview | KeyResultReview] = [objective, *objective.key_results]
            for item in items:
                failing = [f for f in item.findings if not f.passed]
                if failing:
                    yield item.id, Suggestion(
                        criterion=failing[0].criterion, text=f"Better {item.id}: <b>x</b>", rationale="so",
                        sources=["kr-measurable#intro"], placeholders=["[baseline]"], origin="scripted")

    def iter_suggestions(self, okr: OkrSet, review: Review,
                         **options: Any) -> Iterator[tuple[str, Suggestion]]:
        self.calls += 1
        self.options.append(options)
        for n, (item_id, suggestion) in enumerate(self._pairs(review)):
            if self.fail is not None and n == 1:
                raise self.fail
            if self.release is not None and n == 1:
                self.release.wait(10)
            yield item_id, suggestion

    def add_suggestions(self, okr: OkrSet, review: Review, **options: Any) -> dict[str, int]:
        self.calls += 1
        self.options.append(options)
        if self.fail is not None:
            raise self.fail
        if self.release is not None:
            self.release.wait(10)
        by_id: dict[str, ObjectiveReview | KeyResultReview] = {o.id: o for o in review.objectives}
        by_id.update({kr.id: kr for o in review.objectives for kr in o.key_results})
        count = 0
        for item_id, suggestion in self._pairs(review):
            by_id[item_id].suggestions.append(suggestion)
            count += 1
        return {"suggested": count, "model_calls": 0}


def install(monkeypatch: pytest.MonkeyPatch, fake: FakeSuggest | None) -> None:
    """Put a fake coach.suggest.pipeline in place, or make the import fail (None)."""
    if fake is None:
        monkeypatch.setitem(sys.modules, "coach.suggest.pipeline", None)  # import raises ImportError
        return
    module = types.ModuleType("coach.suggest.pipeline")
    module.iter_suggestions = fake.iter_suggestions  # type: ignore[attr-defined]
    module.add_suggestions = fake.add_suggestions  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "coach.suggest.pipeline", module)


def events(text: str) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for block in text.split("\n\n"):
        lines = [ln for ln in block.splitlines() if not ln.startswith(":")]
        name = next((ln[6:].strip() for ln in lines if ln.startswith("event:")), None)
        data = "".join(ln[5:].strip() for ln in lines if ln.startswith("data:"))
        if name:
            out.append((name, json.loads(data)))
    return out


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(model_timeout=5))) as c:
        yield c


def stream(client: TestClient, body: dict[str, Any]) -> tuple[int, str, str]:
    with client.stream("POST", "/api/v1/suggestions", json=body,
                       headers={"Accept": "text/event-stream"}) as response:
        return response.status_code, response.headers.get("content-type", ""), response.read().decode()


def test_missing_suggest_module_is_503_everywhere(client: TestClient,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, None)
    for response in (client.post("/api/v1/suggestions", json={"text": DRAFT}),
                     client.post("/api/v1/reviews", json={"text": DRAFT, "suggest": True})):
        assert response.status_code == 503
        assert response.json()["reason"].startswith("suggestions are not available")
    assert client.post("/api/v1/reviews", json={"text": DRAFT}).status_code == 200  # rubric still works


def test_module_without_the_interface_is_503(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "coach.suggest.pipeline", types.ModuleType("coach.suggest.pipeline"))
    response = client.post("/api/v1/suggestions", json={"text": DRAFT})
    assert response.status_code == 503 and "add_suggestions" in response.json()["reason"]


def test_json_suggestions_name_their_items(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, FakeSuggest())
    response = client.post("/api/v1/suggestions", json={"text": DRAFT})
    assert response.status_code == 200
    body = response.json()
    items = [s["item"] for s in body["suggestions"]]
    assert "O1.KR1" in items and "O2" in items and "O1.KR2" not in items  # KR2 passes everything
    assert body["stats"] == {"suggested": len(items), "model_calls": 0}
    assert body["suggestions"][0]["origin"] == "scripted"


def test_review_with_suggest_carries_rewrites(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, FakeSuggest())
    body = client.post("/api/v1/reviews", json={"text": DRAFT, "suggest": True}).json()
    kr = body["objectives"][0]["key_results"][0]
    assert kr["suggestions"][0]["text"] == "Better O1.KR1: <b>x</b>"
    plain = client.post("/api/v1/reviews", json={"text": DRAFT}).json()
    assert plain["objectives"][0]["key_results"][0]["suggestions"] == []


def test_stream_sends_each_suggestion_then_done(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, FakeSuggest())
    status, media, text = stream(client, {"text": DRAFT, "profile": "startup"})
    assert status == 200 and media.startswith("text/event-stream")
    got = events(text)
    names = [name for name, _ in got]
    assert names[-1] == "done" and set(names[:-1]) == {"suggestion"}
    assert got[-1][1] == {"count": len(names) - 1, "stats": {}}  # the fake keeps no stats
    first = got[0][1]
    assert first["item"] == "O1" or first["item"].startswith("O1.")
    assert first["text"].startswith("Better ") and first["sources"] == ["kr-measurable#intro"]


def test_offline_flag_hands_the_offline_client_to_the_engine(client: TestClient,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeSuggest()
    install(monkeypatch, fake)
    client.post("/api/v1/suggestions", json={"text": DRAFT, "offline": True})
    client.post("/api/v1/reviews", json={"text": DRAFT, "suggest": True, "offline": True})
    stream(client, {"text": DRAFT, "offline": True})
    client.post("/api/v1/suggestions", json={"text": DRAFT})
    names = [type(o.get("client")).__name__ for o in fake.options]
    assert names == ["OfflineClient", "OfflineClient", "OfflineClient", "NoneType"]


def test_stream_reports_a_model_failure(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, FakeSuggest(fail=RuntimeError("provider said no")))
    _, _, text = stream(client, {"text": DRAFT})
    got = events(text)
    assert [name for name, _ in got] == ["suggestion", "error"]
    assert got[-1][1]["status"] == 503 and "provider said no" in got[-1][1]["reason"]


def test_json_model_failure_is_503(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, FakeSuggest(fail=ConnectionError("model host unreachable")))
    response = client.post("/api/v1/suggestions", json={"text": DRAFT})
    assert response.status_code == 503
    assert "ConnectionError: model host unreachable" in response.json()["reason"]


def test_slow_model_times_out_instead_of_hanging(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    install(monkeypatch, FakeSuggest(release=release))
    try:
        with TestClient(create_app(Settings(model_timeout=0.3))) as client:
            started = time.monotonic()
            response = client.post("/api/v1/suggestions", json={"text": DRAFT})
            assert response.status_code == 504 and "0.3 s" in response.json()["reason"]
            review = client.post("/api/v1/reviews", json={"text": DRAFT, "suggest": True})
            assert review.status_code == 504
            _, _, text = stream(client, {"text": DRAFT})
            elapsed = time.monotonic() - started
    finally:
        release.set()
    got = events(text)
    assert [name for name, _ in got] == ["suggestion", "error"]
    assert got[-1][1]["status"] == 504 and "1 rewrites arrived" in got[-1][1]["reason"]
    assert elapsed < 3.0


def test_suggestions_are_rate_limited_per_client(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, FakeSuggest())
    client.app.state.rate_limiter = RateLimiter(per_minute=2, burst=2)  # type: ignore[attr-defined]
    assert client.post("/api/v1/suggestions", json={"text": DRAFT}).status_code == 200
    assert client.post("/api/v1/reviews", json={"text": DRAFT, "suggest": True}).status_code == 200
    limited = client.post("/api/v1/suggestions", json={"text": DRAFT})
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1 and "too many" in limited.json()["reason"]
    assert client.post("/api/v1/reviews", json={"text": DRAFT}).status_code == 200  # plain reviews are free


def test_rate_limiter_refills_with_time() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=1, clock=lambda: now[0])
    assert limiter.take("a") == 0.0
    assert limiter.take("a") == pytest.approx(1.0)
    assert limiter.take("b") == 0.0  # other clients are unaffected
    now[0] += 1.0
    assert limiter.take("a") == 0.0


def test_bad_drafts_fail_before_any_model_call(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeSuggest()
    install(monkeypatch, fake)
    response = client.post("/api/v1/suggestions", json={"text": ""})
    assert response.status_code == 400 and fake.calls == 0


def test_real_offline_flag_makes_no_model_call(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """A configured but unreachable model is not called when the request says offline."""
    problem = _real_suggest_problem()
    monkeypatch.setenv("OKR_COACH_MODEL", "openai/never-called")
    monkeypatch.setenv("OKR_COACH_API_BASE", "http://127.0.0.1:9/v1")
    response = client.post("/api/v1/suggestions", json={"text": DRAFT, "offline": True})
    if problem is not None:
        assert response.status_code == 503
        return
    assert response.status_code == 200, response.text
    stats = response.json()["stats"]
    assert stats["origin"] == "offline" and stats["model_calls"] == 0
    origins = {s["origin"] for s in response.json()["suggestions"]}
    assert origins == {"offline"}


def _real_suggest_problem() -> str | None:
    try:
        importlib.import_module("coach.suggest.pipeline")
    except ImportError as exc:
        return str(exc)
    return None


def test_real_suggestions_stream_or_say_why_not(client: TestClient) -> None:
    """With this build's coach.suggest.pipeline (offline: no model configured) rewrites stream and
    match the JSON answer; a build whose module cannot be imported answers 503 with the reason."""
    problem = _real_suggest_problem()
    status, _, text = stream(client, {"text": DRAFT})
    if problem is not None:
        assert status == 503 and problem in json.loads(text)["reason"]
        return
    got = events(text)
    assert status == 200 and got[-1][0] == "done", text
    rewrites = [data for name, data in got if name == "suggestion"]
    assert rewrites and all(r["item"].startswith("O") and r["text"] for r in rewrites)
    body = client.post("/api/v1/suggestions", json={"text": DRAFT}).json()
    assert {s["item"] for s in body["suggestions"]} == {r["item"] for r in rewrites}
