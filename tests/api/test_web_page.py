"""The web page: the paste box, the server-rendered review, escaping, highlights, the token flow."""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import TOKEN_COOKIE, Settings
from api.views import improved_draft
from coach.core.models import OkrSet, Review, Suggestion
from coach.core.parsing import parse
from coach.service.review import review_text

REPO = Path(__file__).resolve().parents[2]
SAMPLE = (REPO / "examples" / "team-draft.md").read_text(encoding="utf-8")
HOSTILE = ("# Q3 <img src=x onerror=alert(1)> OKRs\n\n"
           "## Objective 1: Ship <script>alert('o')</script> faster\n"
           "- KR 1.1: Launch the <b>new</b> \"help\" centre & <iframe src=//evil>\n"
           "- KR 1.2: Raise CSAT from 82% to 92% by 30 June </textarea><script>alert(2)</script>\n")


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings())) as c:
        yield c


def test_page_has_the_paste_box_sample_and_profiles(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<textarea id="text" name="text"' in html
    assert 'id="sample-btn"' in html and "Make support the reason customers stay with us" in html
    options = re.findall(r'<option value="([a-z]+)"', html)
    assert options == ["default", "corporate", "scaleup", "startup"]
    assert 'name="suggest"' in html and 'id="review-btn"' in html


def test_page_uses_only_its_own_assets(client: TestClient) -> None:
    html = client.get("/").text
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert refs and all(r.startswith("/") for r in refs), refs
    assert not re.search(r"<script>[^<]", html), "no inline scripts (the CSP forbids them)"
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    for asset in ("/static/app.js", "/static/app.css", "/static/favicon.svg"):
        assert client.get(asset).status_code == 200, asset


def test_sample_link_prefills_without_javascript(client: TestClient) -> None:
    html = client.get("/?sample=1").text
    textarea = html.split('<textarea id="text"', 1)[1].split("</textarea>", 1)[0]
    assert "KR 1.2: Launch the new help centre" in textarea


def test_form_post_renders_the_review_per_item(client: TestClient) -> None:
    html = client.post("/", data={"text": SAMPLE, "profile": "default"}).text
    assert 'id="review"' in html and "Customer Success" in html
    assert re.search(r'class="grade-letter">[A-E]<', html)
    assert html.count('class="card objective"') == 3
    assert html.count('class="kr status-') == 10
    kr2 = html.split('data-item="O1.KR2"', 1)[1].split("</li>\n", 1)[0]
    assert '<mark class="hl hl-error"' in kr2 and ">Launch</mark>" in kr2
    assert "Key result is an outcome, not a task" in kr2
    assert 'class="fix"' in kr2 and "Why this matters" in kr2 and "milestones#" in kr2
    assert "Export Markdown" in html and "Copy improved OKRs" in html
    assert "KR 1.2: Launch the new help centre" in html  # kept in the paste box


def test_pasted_markup_is_always_escaped(client: TestClient) -> None:
    for html in (client.post("/", data={"text": HOSTILE}).text,
                 client.post("/fragments/review", data={"text": HOSTILE}).text):
        for raw in ("<script>alert", "<img src=x", "<iframe", "<b>new</b>", "</textarea><script>"):
            assert raw not in html, raw
        # Tags are markup, dropped from the items (script content too); what stays is escaped.
        assert re.search(r"Launch the new &(?:#34|quot);help&(?:#34|quot); centre &amp;", html)
        assert "Ship faster" in html  # the objective without its pasted script
    data = client.post("/fragments/review", data={"text": HOSTILE}).text
    embedded = data.split('<script type="application/json" id="review-data">', 1)[1].split("</script>")[0]
    assert "<" not in embedded, "review JSON inside the page must not be able to close its script tag"


def test_fragment_answers_errors_with_status_and_reason(client: TestClient) -> None:
    empty = client.post("/fragments/review", data={"text": "  "})
    assert empty.status_code == 400 and "input is empty" in empty.text and 'role="alert"' in empty.text
    profile = client.post("/fragments/review", data={"text": SAMPLE, "profile": "galactic"})
    assert profile.status_code == 422 and "unknown profile" in profile.text
    page = client.post("/", data={"text": ""})
    assert page.status_code == 400 and "input is empty" in page.text and 'id="review-form"' in page.text


def test_oversized_form_is_413() -> None:
    with TestClient(create_app(Settings(max_body_bytes=5_000))) as client:
        page = client.post("/", data={"text": "Objective: a\n" + "- KR: b\n" * 2_000})
        assert page.status_code == 413
        fragment = client.post("/fragments/review", data={"text": "x" * 10_000})
        assert fragment.status_code == 413 and "limit" in fragment.text


def test_rewrites_stream_unless_unavailable(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "coach.suggest.pipeline", None)
    off = client.post("/fragments/review", data={"text": SAMPLE, "suggest": "1"}).text
    assert 'data-suggest="unavailable"' in off
    assert "Rewrites unavailable: suggestions are not available" in off
    monkeypatch.setitem(sys.modules, "coach.suggest.pipeline", _fake_suggest())
    on = client.post("/fragments/review", data={"text": SAMPLE, "suggest": "1"}).text
    assert 'data-suggest="stream"' in on and "Writing rewrites" in on
    assert 'data-suggest="off"' in client.post("/fragments/review", data={"text": SAMPLE}).text
    good = ("Objective: Make onboarding effortless for new customers\n"
            "- Raise week-1 onboarding completion by new customers from 35% to 60% by 30 June\n"
            "- Cut onboarding time for new customers from 3 days to 1 hour by 30 June\n")
    assert 'data-suggest="none"' in client.post("/fragments/review", data={"text": good, "suggest": "1"}).text


def _fake_suggest() -> types.ModuleType:
    module = types.ModuleType("coach.suggest.pipeline")

    def add_suggestions(okr: OkrSet, review: Review) -> dict[str, int]:
        kr = review.objectives[0].key_results[1]
        kr.suggestions.append(Suggestion(criterion="okr-core.kr-outcome", rationale="measure the effect",
                                         text="Raise self-service answers from [baseline] to <60%>"))
        return {"accepted": 1}

    module.add_suggestions = add_suggestions  # type: ignore[attr-defined]
    module.iter_suggestions = lambda okr, review: iter(())  # type: ignore[attr-defined]
    return module


def test_form_post_with_suggest_shows_rewrites_without_javascript(client: TestClient,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "coach.suggest.pipeline", _fake_suggest())
    html = client.post("/", data={"text": SAMPLE, "suggest": "1"}).text
    assert "Rewrites ready." in html
    holder = html.split('data-suggestions-for="O1.KR2"', 1)[1].split("</li>", 1)[0]
    assert "Raise self-service answers from [baseline] to &lt;60%&gt;" in holder
    improved = html.split('<pre id="improved-text">', 1)[1].split("</pre>", 1)[0]
    assert "KR 1.2: Raise self-service answers" in improved and "Launch the new help centre" not in improved


def test_improved_draft_parses_back_to_the_same_shape() -> None:
    review = review_text(SAMPLE)
    review.objectives[1].suggestions.append(Suggestion(criterion="x", text="Make mid-market our engine",
                                                       rationale=""))
    text = improved_draft(review)
    again = parse(text)
    assert again.team == "Customer Success" and again.period == "Q3 2026"
    assert [len(o.key_results) for o in again.objectives] == [len(o.key_results) for o in review.objectives]
    assert again.objectives[1].text == "Make mid-market our engine"


def test_token_page_sets_a_same_site_cookie() -> None:
    with TestClient(create_app(Settings(token="s3cret")), follow_redirects=False) as client:
        locked = client.get("/")
        assert locked.status_code == 401 and 'name="token"' in locked.text
        assert 'id="review-form"' not in locked.text
        assert client.post("/", data={"text": SAMPLE}).status_code == 401
        assert client.post("/fragments/review", data={"text": SAMPLE}).status_code == 401
        wrong = client.get("/?token=nope")
        assert wrong.status_code == 401 and "not the one" in wrong.text
        opened = client.get("/?token=s3cret")
        assert opened.status_code == 303 and opened.headers["location"] == "/"
        cookie = opened.headers["set-cookie"]
        assert f"{TOKEN_COOKIE}=s3cret" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
        client.cookies.set(TOKEN_COOKIE, "s3cret")
        assert client.get("/").status_code == 200
        assert client.post("/fragments/review", data={"text": SAMPLE}).status_code == 200


def test_the_page_offers_the_packs_and_reviews_under_the_chosen_one(client: TestClient) -> None:
    html = client.get("/").text
    assert re.findall(r'<option value="([a-z-]+)" title=', html) == ["okr-core", "radical-focus"]
    two = ("Objective: Make clinics love the app\n- Raise weekly active clinics from 40 to 70\n"
           "- Cut setup time from 5 days to 1 day\n- Raise NPS from 20 to 40\n"
           "Objective: Win our first hospital\n- Raise signed hospitals from 0 to 1\n"
           "- Raise pilots from 1 to 3\n- Raise pilot NPS from 10 to 30\n")
    core = client.post("/", data={"text": two}).text
    rf = client.post("/", data={"text": two, "pack": "radical-focus"}).text
    assert "one objective per quarter" not in core and "one objective per quarter" in rf
    assert '<option value="radical-focus" title=' in rf and 'value="radical-focus" title="' in rf
    bad = client.post("/fragments/review", data={"text": two, "pack": "../etc"})
    assert bad.status_code == 422 and "unknown rubric pack" in bad.text
