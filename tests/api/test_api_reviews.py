"""POST /api/v1/reviews and /api/v1/reports: the CLI's JSON over HTTP, and every error as JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import Settings
from coach.cli import main as cli_main
from coach.core.parsing import MAX_INPUT_CHARS, MAX_ITEM_CHARS
from coach.report.json import to_dict
from coach.service.review import review_request

REPO = Path(__file__).resolve().parents[2]
DRAFT = REPO / "examples" / "team-draft.md"
STRUCTURED = {"team": "Growth", "objectives": [
    {"title": "Make onboarding effortless", "key_results": [
        "Raise week-1 activation from 35% to 60% by 30 June", {"text": "Launch the new onboarding flow"}]},
]}


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(max_body_bytes=200_000))) as c:
        yield c


def test_text_review_is_the_cli_json(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["review", str(DRAFT), "--format", "json", "--fail-on", "never"]) == 0
    cli = json.loads(capsys.readouterr().out)
    response = client.post("/api/v1/reviews", json={"text": DRAFT.read_text(encoding="utf-8")})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == cli
    kr = response.json()["objectives"][0]["key_results"][1]
    assert kr["id"] == "O1.KR2" and kr["score"] < 0.5
    assert {f["criterion"] for f in kr["findings"] if not f["passed"]} >= {"okr-core.kr-outcome",
                                                                           "okr-core.kr-measurable"}


def test_json_is_the_same_without_orjson(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = client.post("/api/v1/reviews", json={"okrs": STRUCTURED})
    monkeypatch.setattr("api.routes.reviews._orjson", None)
    plain = client.post("/api/v1/reviews", json={"okrs": STRUCTURED})
    assert plain.json() == fast.json() == to_dict(review_request(None, STRUCTURED)[1])


def test_structured_review_matches_the_service(client: TestClient) -> None:
    response = client.post("/api/v1/reviews", json={"okrs": STRUCTURED})
    assert response.status_code == 200
    assert response.json() == to_dict(review_request(None, STRUCTURED)[1])
    assert response.json()["team"] == "Growth"
    assert [kr["id"] for kr in response.json()["objectives"][0]["key_results"]] == ["O1.KR1", "O1.KR2"]


def test_structured_list_and_json_text_give_the_same_review(client: TestClient) -> None:
    as_okrs = client.post("/api/v1/reviews", json={"okrs": STRUCTURED["objectives"]}).json()
    as_text = client.post("/api/v1/reviews", json={"text": json.dumps(STRUCTURED["objectives"]),
                                                   "input_format": "json"}).json()
    assert as_okrs["score"] == as_text["score"]
    assert as_okrs["objectives"] == as_text["objectives"]


def test_profile_changes_the_verdict(client: TestClient) -> None:
    draft = "Objective: Delight new customers\n- Raise week-1 activation from 40% to 46% by 30 June\n"

    def ambition(profile: str) -> bool:
        body = client.post("/api/v1/reviews", json={"text": draft, "profile": profile}).json()
        assert body["profile"] == profile
        kr = body["objectives"][0]["key_results"][0]
        return next(f["passed"] for f in kr["findings"] if "ambition" in f["criterion"])

    assert ambition("default") is True
    assert ambition("startup") is False


def test_markdown_and_html_formats(client: TestClient) -> None:
    draft = "Objective: Ship <b>bold</b> things\n- Launch the <script>alert(1)</script> page\n"
    md = client.post("/api/v1/reviews?format=markdown", json={"text": draft})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# OKR review") and "O1.KR1" in md.text
    html = client.post("/api/v1/reviews?format=html", json={"text": draft})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "<script>alert(1)</script>" not in html.text and "<b>bold</b>" not in html.text
    assert "Launch the page" in html.text and "alert(1)" not in html.text  # a pasted script is not words
    assert client.post("/api/v1/reviews?format=pdf", json={"text": draft}).status_code == 422


def test_report_renders_a_review_with_added_suggestions(client: TestClient) -> None:
    review = client.post("/api/v1/reviews", json={"okrs": STRUCTURED}).json()
    review["objectives"][0]["key_results"][1]["suggestions"].append(
        {"criterion": "okr-core.kr-outcome", "text": "Raise onboarding completion from 40% to 70%",
         "rationale": "measure the effect", "sources": [], "placeholders": [], "origin": "offline"})
    md = client.post("/api/v1/reports?format=markdown", json=review)
    assert md.status_code == 200
    assert "Suggested:* Raise onboarding completion from 40% to 70%" in md.text
    bad = client.post("/api/v1/reports", json={"score": "high"})
    assert bad.status_code == 422 and bad.json()["reason"]


@pytest.mark.parametrize(("body", "status", "words"), [
    ({"text": "   \n"}, 400, "empty"),
    ({"okrs": {"objectives": []}}, 400, "non-empty 'objectives'"),
    ({"okrs": {"objectives": [{"key_results": ["x"]}]}}, 400, "objectives[0] has no 'title'"),
    ({"text": "hello world, notes from the meeting\n"}, 400, "no objectives or key results found"),
    ({}, 422, "exactly one of 'text'"),
    ({"text": "Objective: a", "okrs": {"objectives": ["a"]}}, 422, "exactly one of 'text'"),
    ({"text": 42}, 422, "text"),
    ({"text": "Objective: a", "profle": "startup"}, 422, "profle"),
    ({"text": "Objective: a\n- KR: b", "profile": "enterprise"}, 422, "unknown profile 'enterprise'"),
    ({"text": "Objective: a", "input_format": "docx"}, 422, "input_format"),
    ({"text": "Objective: " + "x" * (MAX_ITEM_CHARS + 1)}, 400, "limit"),
])
def test_bad_drafts_answer_json_with_a_reason(client: TestClient, body: dict[str, object], status: int,
                                               words: str) -> None:
    response = client.post("/api/v1/reviews", json=body)
    assert response.status_code == status, response.text
    assert response.json()["status"] == status
    assert words in response.json()["reason"]


def test_unreadable_json_is_a_400(client: TestClient) -> None:
    response = client.post("/api/v1/reviews", content=b'{"text": "Objective',
                           headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["reason"].startswith("request body is not valid JSON")


def test_parse_error_names_the_line(client: TestClient) -> None:
    response = client.post("/api/v1/reviews", json={"text": '{"objectives": [\n  {"title": }\n]}'})
    assert response.status_code == 400
    assert response.json()["line"] == 2 and "line 2" in response.json()["reason"]


def test_body_over_the_cap_is_413_before_reading(client: TestClient) -> None:
    response = client.post("/api/v1/reviews", json={"text": "Objective: a\n" + "- KR: b\n" * 30_000})
    assert response.status_code == 413
    assert response.json()["limit"] == 200_000 and "200,000-byte limit" in response.json()["reason"]


def test_chunked_body_over_the_cap_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "Objective: a\\n'
        for _ in range(300):
            yield b"- KR: raise things from 1 to 2\\n" * 40
        yield b'"}'

    response = client.post("/api/v1/reviews", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "limit" in response.json()["reason"]


def test_draft_over_the_character_limit_is_413() -> None:
    text = "Objective: grow\n" + ("- KR: raise signups from 1 to 2\n" * (MAX_INPUT_CHARS // 32 + 10))
    with TestClient(create_app(Settings(max_body_bytes=3 * MAX_INPUT_CHARS))) as client:
        response = client.post("/api/v1/reviews", json={"text": text})
    assert response.status_code == 413
    assert f"{MAX_INPUT_CHARS:,}" in response.json()["reason"]


def test_large_drafts_are_reviewed_off_the_event_loop(client: TestClient) -> None:
    text = "".join(f"Objective: Grow region {i}\n- KR: Raise signups in region {i} from 10 to 20 by June\n"
                   for i in range(400))
    assert len(text.encode()) > 32_000
    response = client.post("/api/v1/reviews", json={"text": text})
    assert response.status_code == 200
    assert response.json()["stats"] == {"objectives": 400, "key_results": 400}


def test_unknown_route_and_wrong_method_are_json(client: TestClient) -> None:
    missing = client.get("/api/v1/nothing")
    assert missing.status_code == 404 and missing.json()["reason"] == "no such page or route: /api/v1/nothing"
    wrong = client.get("/api/v1/reviews")
    assert wrong.status_code == 405 and "GET is not allowed" in wrong.json()["reason"]


def test_a_pack_by_name_judges_the_draft(client: TestClient) -> None:
    core = client.post("/api/v1/reviews", json={"text": DRAFT.read_text()}).json()
    rf = client.post("/api/v1/reviews", json={"text": DRAFT.read_text(), "pack": "radical-focus"}).json()
    assert core["rubric"] == "okr-core" and rf["rubric"] == "radical-focus"
    focus = {r["rubric"]: next(f for f in r["findings"] if f["criterion"] == "okr-core.set-focus")
             for r in (core, rf)}
    assert focus["okr-core"]["passed"] and not focus["radical-focus"]["passed"]
    unknown = client.post("/api/v1/reviews",
                          json={"text": "Objective: x\n- Raise a from 1 to 2\n", "pack": "nope"})
    assert unknown.status_code == 422 and "known: okr-core, radical-focus" in unknown.json()["reason"]
    path = client.post("/api/v1/reviews", json={"text": "Objective: x\n", "pack": "../rubrics/okr-core"})
    assert path.status_code == 422  # names only: a folder path is the CLI's business
    packs = client.get("/api/v1/rubrics").json()["rubrics"]
    assert [p["name"] for p in packs] == ["okr-core", "radical-focus"] and packs[1]["extends"] == "okr-core"
