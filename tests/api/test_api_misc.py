"""Health, rubrics, knowledge search, docs, the token, the Host guard and response headers."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import TOKEN_COOKIE, Settings
from coach.knowledge.docs import KnowledgeBaseError
from coach.knowledge.search import SearchHit as Hit


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(kb_engine="lexical"))) as c:
        yield c


def test_healthz_says_what_the_service_can_do(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["version"] and body["model"] == "offline"
    monkeypatch.setitem(sys.modules, "coach.suggest.pipeline", None)
    assert client.get("/healthz").json()["suggestions"] is False
    monkeypatch.setenv("OKR_COACH_MODEL", "openai/secret-model")
    body = client.get("/healthz").json()
    assert body["model"] == "configured" and "secret" not in str(body)


def test_rubrics_list_criteria_profiles_and_grades(client: TestClient) -> None:
    pack = client.get("/api/v1/rubrics").json()["rubrics"][0]
    assert pack["name"] == "okr-core"
    assert [p["name"] for p in pack["profiles"]][:1] == ["default"]
    assert {"startup", "scaleup", "corporate"} <= {p["name"] for p in pack["profiles"]}
    ids = {c["id"] for c in pack["criteria"]}
    for word in ("outcome", "measurable", "ambition", "alignment"):
        assert any(word in i for i in ids), word
    assert pack["grades"][0] == [0.9, "A"]


def test_lexical_search_finds_the_passage_and_filters(client: TestClient) -> None:
    body = client.get("/api/v1/kb/search", params={"q": "how many key results per objective", "k": 3}).json()
    assert body["engine"] == "lexical" and "configuration" in body["note"]
    assert 1 <= len(body["hits"]) <= 3
    scores = [h["score"] for h in body["hits"]]
    assert 0 < scores[-1] <= scores[0] < 1 and body["hits"][0]["doc_id"] == "focus"
    assert all(len(h["excerpt"]) <= 282 for h in body["hits"])
    only = client.get("/api/v1/kb/search", params={"q": "target", "criteria": "kr-ambition"}).json()
    assert only["hits"] and all(h["doc_id"] in ("ambition", "okrs-vs-kpis") for h in only["hits"])
    none = client.get("/api/v1/kb/search", params={"q": "target", "topics": "no-such-topic"}).json()
    assert none["hits"] == []


def test_hybrid_search_answers_when_the_index_can_run(client: TestClient,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, int, list[str], list[str]]] = []

    def fake_search(query: str, k: int, criteria: list[str], topics: list[str]) -> tuple[str, list[Hit]]:
        seen.append((query, k, criteria, topics))
        return "hybrid", [Hit("focus#intro", "focus", "Focus", "", "Keep two to five key results.", 0.91234)]

    monkeypatch.setattr(client.app.state.kb_searcher, "search", fake_search)  # type: ignore[attr-defined]
    body = client.get("/api/v1/kb/search?q=+focus+&k=2&criteria=a,b&criteria=x.c").json()
    assert seen == [("focus", 2, ["okr-core.a", "okr-core.b", "x.c"], [])]
    assert body["engine"] == "hybrid" and body["hits"][0]["score"] == 0.9123


def test_search_errors(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    assert client.get("/api/v1/kb/search").status_code == 422
    blank = client.get("/api/v1/kb/search?q=%20%20")
    assert blank.status_code == 422 and "blank" in blank.json()["reason"]
    assert client.get("/api/v1/kb/search?q=x&k=0").json()["reason"].startswith("k:")
    assert client.get("/api/v1/kb/search?q=x&k=99").status_code == 422

    def broken(*args: object) -> tuple[str, list[Hit]]:
        raise KnowledgeBaseError("focus.md: front matter has no id")

    monkeypatch.setattr(client.app.state.kb_searcher, "search", broken)  # type: ignore[attr-defined]
    response = client.get("/api/v1/kb/search?q=focus")
    assert response.status_code == 503 and "focus.md" in response.json()["reason"]


def test_docs_work_offline_and_describe_every_route(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    if importlib.util.find_spec("fastapi_offline") is not None:  # the 'web' extra ships it: no CDN
        assert "/docs-assets/swagger-ui-bundle.js" in docs.text and "cdn." not in docs.text
        assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
    else:
        assert "swagger-ui-bundle.js" in docs.text
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/v1/reviews", "/api/v1/suggestions", "/api/v1/kb/search", "/api/v1/rubrics",
                 "/api/v1/reports", "/healthz"):
        assert path in paths, path
    assert "/" not in paths and "/fragments/review" not in paths  # pages are not API
    assert "413" in paths["/api/v1/reviews"]["post"]["responses"]


def test_token_guards_the_api_but_not_health() -> None:
    with TestClient(create_app(Settings(token="s3cret"))) as client:
        draft = {"text": "Objective: Delight customers\n- Raise NPS from 20 to 40 by June"}
        denied = client.post("/api/v1/reviews", json=draft)
        assert denied.status_code == 401 and "token" in denied.json()["reason"]
        assert denied.headers["www-authenticate"] == "Bearer"
        assert client.get("/api/v1/rubrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.get("/api/v1/kb/search?q=x").status_code == 401
        assert client.post("/api/v1/suggestions", json=draft).status_code == 401
        assert client.post("/api/v1/reviews", json=draft,
                           headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert client.post("/api/v1/reviews", json=draft,
                           headers={"X-OKR-Coach-Token": "s3cret"}).status_code == 200
        client.cookies.set(TOKEN_COOKIE, "s3cret")
        assert client.post("/api/v1/reviews", json=draft).status_code == 200
        assert client.get("/healthz").status_code == 200


def test_token_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKR_COACH_TOKEN", "from-env")
    assert Settings.from_env().token == "from-env"
    assert Settings.from_env(token="given").token == "given"
    monkeypatch.setenv("OKR_COACH_MODEL_TIMEOUT", "soon")
    with pytest.raises(ValueError, match="OKR_COACH_MODEL_TIMEOUT"):
        Settings.from_env()


def test_host_guard_refuses_foreign_host_names() -> None:
    with TestClient(create_app(Settings(allowed_hosts=("127.0.0.1", "localhost"))),
                    base_url="http://127.0.0.1:8000") as client:
        assert client.get("/healthz").status_code == 200
        evil = client.get("/healthz", headers={"Host": "attacker.example:8000"})
        assert evil.status_code == 400 and "Host" in evil.json()["reason"]


def test_every_answer_carries_safe_headers(client: TestClient) -> None:
    for response in (client.get("/healthz"), client.get("/nope"), client.get("/static/app.css")):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"


def test_unexpected_errors_are_json_500(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(name: str | None = None) -> None:
        raise ZeroDivisionError("oops")

    monkeypatch.setattr("api.routes.rubrics.rubric_for", boom)
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        response = client.get("/api/v1/rubrics")
    assert response.status_code == 500 and "ZeroDivisionError" in response.json()["reason"]


def test_openapi_document_validates_against_the_openapi_schema() -> None:
    from openapi_spec_validator import validate

    with TestClient(create_app()) as client:
        spec = client.get("/openapi.json").json()
    validate(spec)  # raises with the offending path when the document is not valid OpenAPI
    review = spec["paths"]["/api/v1/reviews"]["post"]
    assert {"400", "413", "422"} <= set(review["responses"])
