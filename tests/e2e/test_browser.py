"""End to end in headless Chromium: paste a draft, ask for the review, check what a person sees.

Runs Debian's chromium through Playwright (``bash .ci/install-browser.sh`` installs both).
A missing browser fails with that instruction; set OKR_COACH_SKIP_BROWSER=1 to skip on
purpose. Screenshots (desktop 1280x900, phone 390x844) go to the test's tmp folder and are
copied to benchmarks/out/ for people to look at.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "benchmarks" / "out"
DRAFT = (REPO / "examples" / "team-draft.md").read_text(encoding="utf-8")
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The server runs in a child process; "--slow-model" swaps in a scripted coach.suggest.pipeline whose
# first rewrite arrives after a pause, to show that the rubric part never waits for it.
LAUNCHER = textwrap.dedent("""
    import sys, time, types
    if "--slow-model" in sys.argv:
        from coach.core.models import Suggestion
        module = types.ModuleType("coach.suggest.pipeline")
        def iter_suggestions(okr, review):
            time.sleep(1.5)
            yield "O1.KR2", Suggestion(criterion="okr-core.kr-outcome", origin="scripted",
                                       text="Raise help-centre self-service from 20% to 45% by 30 September",
                                       rationale="Measures what the launch should change.")
        module.iter_suggestions = iter_suggestions
        module.add_suggestions = lambda okr, review: {}
        sys.modules["coach.suggest.pipeline"] = module
    from api.server import serve
    sys.exit(serve("127.0.0.1", int(sys.argv[1]), None))
""")


def chromium_path() -> str:
    """The browser binary, or a failure that says how to get one (a skip only on request)."""
    if os.environ.get("OKR_COACH_SKIP_BROWSER") == "1":
        pytest.skip("OKR_COACH_SKIP_BROWSER=1")
    path = (os.environ.get("OKR_COACH_CHROMIUM") or shutil.which("chromium")
            or shutil.which("chromium-browser"))
    if not path:
        pytest.fail("Chromium is not installed: run `bash .ci/install-browser.sh` "
                    "(or set OKR_COACH_SKIP_BROWSER=1 to skip the browser tests)", pytrace=False)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail("the playwright package is missing: run `bash .ci/install-browser.sh` "
                    "(or set OKR_COACH_SKIP_BROWSER=1 to skip the browser tests)", pytrace=False)
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(home: Path, *args: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OKR_COACH_")}
    env.update({"OKR_COACH_HOME": str(home), "OKR_COACH_LOG_LEVEL": "warning",
                "LITELLM_LOCAL_MODEL_COST_MAP": "True"})
    proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(port), *args], cwd=REPO, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:
                if response.status == 200:
                    return proc, url
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("the server did not start")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=path, headless=True, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    proc, url = _start(tmp_path_factory.mktemp("okr-home"))
    yield url
    _stop(proc)


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    proc, url = _start(tmp_path_factory.mktemp("okr-home"), "--slow-model")
    yield url
    _stop(proc)


def expect(locator: Any) -> Any:
    """Playwright's auto-waiting assertions (they poll without eval, which the page's CSP forbids)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def _page(browser: Any, url: str, width: int, height: int, **options: Any) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True,
                                  reduced_motion="reduce", **options)
    page = context.new_page()
    foreign: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(url) or r.url.startswith(("blob:", "data:"))
            else foreign.append(r.url))
    page.goto(url + "/")
    return context, page, foreign


def _review(page: Any, text: str) -> None:
    page.fill("#text", text)
    page.click("#review-btn")
    page.wait_for_selector("#review, #review-error")


def _save(page: Any, tmp_path: Path, name: str, full_page: bool = False) -> Path:
    shot = tmp_path / name
    page.screenshot(path=str(shot), full_page=full_page)
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, OUT / name)
    assert shot.stat().st_size > 10_000
    return shot


def test_desktop_review_shows_scores_highlights_fixes_and_rewrites(browser: Any, server: str,
                                                                     tmp_path: Path) -> None:
    context, page, foreign = _page(browser, server, 1280, 900)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    assert page.title().startswith("okr-coach")
    assert page.locator("#empty-state").is_visible()
    _review(page, DRAFT)

    summary = page.locator(".summary")
    assert re.fullmatch(r"[A-E]", summary.locator(".grade-letter").inner_text())
    assert "Customer Success" in summary.inner_text() and "10 key results" in summary.inner_text()
    assert page.locator("article.objective").count() == 3

    kr2 = page.locator('li.kr[data-item="O1.KR2"]')
    mark = kr2.locator(".item-text mark.hl-error")
    assert mark.inner_text() == "Launch" and mark.is_visible()
    assert re.search(r"E\s*0\.\d\d", kr2.locator(".score-pill").first.inner_text())
    finding = kr2.locator(".finding").first
    assert "describes a task, not the change it should cause" in finding.inner_text()
    assert "FIX" in finding.locator(".fix").inner_text().upper()
    why = finding.locator("details.why")
    assert not why.locator("blockquote").is_visible()
    why.locator("summary").click()
    assert why.locator("blockquote").is_visible() and "milestone" in why.inner_text().lower()
    why.locator("summary").click()  # closed again for the screenshot

    status = page.locator("#suggest-status")
    expect(status).not_to_have_attribute("data-state", "stream", timeout=15_000)
    if status.get_attribute("data-state") == "done":  # this build has coach.suggest.pipeline: real rewrites
        assert page.locator(".suggestion").count() >= 1
        first = page.locator(".suggestion .suggestion-text").first.inner_text()
        assert first not in page.locator("#improved-text").inner_text()  # not before it is accepted
        page.locator(".suggestion .accept").first.click()
        assert first in page.locator("#improved-text").inner_text()
    else:
        assert "Rewrites unavailable" in status.inner_text()
    page.evaluate("document.getElementById('text').scrollTop = 0")
    _save(page, tmp_path, "review-page.png")
    _save(page, tmp_path, "review-page-full.png", full_page=True)

    page.click("#copy-improved")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#improved-text").inner_text().rstrip("\n") + "\n" or \
        copied.strip() == page.locator("#improved-text").inner_text().strip()
    assert copied.startswith("# OKRs — Customer Success") and "Objective 3:" in copied

    with page.expect_download() as download_json:
        page.click('button[data-export="json"]')
    exported = json.loads(Path(download_json.value.path()).read_text(encoding="utf-8"))
    assert download_json.value.suggested_filename == "okr-review.json"
    assert exported["grade"] == summary.locator(".grade-letter").inner_text()
    assert exported["objectives"][0]["key_results"][1]["id"] == "O1.KR2"
    with page.expect_download() as download_md:
        page.click('button[data-export="markdown"]')
    markdown = Path(download_md.value.path()).read_text(encoding="utf-8")
    assert markdown.startswith("# OKR review") and "O1.KR2" in markdown
    assert foreign == [], f"the page reached outside its server: {foreign}"
    context.close()


def test_phone_layout_stacks_and_fits(browser: Any, server: str, tmp_path: Path) -> None:
    context, page, _ = _page(browser, server, 390, 844, is_mobile=True, has_touch=True,
                             device_scale_factor=2)
    page.click("#sample-btn")
    assert "Objective 1" in page.input_value("#text")
    page.click("#review-btn")
    page.wait_for_selector("#review")
    # both boxes in one call: the page is smooth-scrolling to the review meanwhile
    draft_bottom, results_top = page.evaluate(
        "[document.querySelector('section.draft').getBoundingClientRect().bottom,"
        " document.querySelector('#results').getBoundingClientRect().top]")
    assert results_top >= draft_bottom, "on a phone the review sits below the draft"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "nothing scrolls sideways"
    expect(page.locator("#suggest-status")).not_to_have_attribute("data-state", "stream", timeout=15_000)
    page.evaluate("window.scrollTo(0, document.getElementById('results').offsetTop - 8)")
    _save(page, tmp_path, "review-page-phone.png")
    context.close()


def test_pasted_markup_stays_text(browser: Any, server: str) -> None:
    context, page, foreign = _page(browser, server, 1280, 900)
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    hostile = ("## Objective 1: Ship <script>alert('o')</script> faster\n"
               "- KR 1.1: Launch the <img src=x onerror=alert(1)> <b>help</b> centre\n"
               "- KR 1.2: Raise CSAT from 82% to 92% by 30 June </textarea><script>alert(2)</script>\n")
    _review(page, hostile)
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.locator("#results script:not([type='application/json'])").count() == 0
    assert page.locator("#results img, #results .item-text b, #results iframe").count() == 0
    # Pasted tags are markup, not words: the items show their words only (the draft box keeps all).
    assert page.locator("article.objective h3").inner_text().startswith("Ship faster")
    assert page.locator('li.kr[data-item="O1.KR1"] .item-text').inner_text() == "Launch the help centre"
    assert foreign == []
    context.close()


def test_rubric_shows_at_once_and_rewrites_stream_in(browser: Any, slow_server: str) -> None:
    context, page, _ = _page(browser, slow_server, 1280, 900)
    started = time.monotonic()
    _review(page, DRAFT)
    assert page.locator("article.objective").count() == 3
    assert page.locator("#suggest-status").inner_text().startswith("Writing rewrites")
    assert page.locator(".suggestion").count() == 0 and time.monotonic() - started < 1.4
    page.wait_for_selector('[data-suggestions-for="O1.KR2"] .suggestion', timeout=10_000)
    rewrite = page.locator('[data-suggestions-for="O1.KR2"] .suggestion')
    assert "self-service from 20% to 45%" in rewrite.locator(".suggestion-text").inner_text()
    assert rewrite.locator(".origin").inner_text() == "scripted"
    expect(page.locator("#suggest-status")).to_have_attribute("data-state", "done")
    assert page.locator("#suggest-status").inner_text() == "1 rewrite ready."
    rewrite.locator(".accept").click()
    improved = page.locator("#improved-text").inner_text()
    assert "- KR 1.2: Raise help-centre self-service from 20% to 45% by 30 September" in improved
    assert "Launch the new help centre" not in improved
    context.close()


def test_accept_two_rewrites_reject_one_and_take_only_the_accepted(browser: Any, server: str) -> None:
    """The author decides per rewrite; the copied and downloaded improved set has exactly the
    accepted ones in place, the rejected one's line stays as written."""
    context, page, foreign = _page(browser, server, 1280, 900)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    _review(page, DRAFT)
    expect(page.locator("#suggest-status")).to_have_attribute("data-state", "done", timeout=15_000)
    holders = page.locator("li.kr [data-suggestions-for]:has(.suggestion)")
    assert holders.count() >= 3, "the bundled example needs at least three rewritten items"
    picked = [holders.nth(i) for i in range(3)]
    texts = [h.locator(".suggestion-text").first.inner_text() for h in picked]
    ids = [h.get_attribute("data-suggestions-for") for h in picked]
    rejected_line = picked[2].locator("xpath=ancestor::li[contains(@class,'kr')]").locator(".item-text") \
        .inner_text()
    picked[0].locator(".accept").first.click()
    picked[1].locator(".accept").first.click()
    picked[2].locator(".reject").first.click()
    assert picked[2].locator(".suggestion").first.get_attribute("data-decision") == "rejected"
    assert picked[0].locator(".accept").first.get_attribute("aria-pressed") == "true"
    assert page.locator("#accepted-count").inner_text() == "2"

    page.click("#copy-improved")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert texts[0] in copied and texts[1] in copied and texts[2] not in copied
    assert rejected_line in copied  # the rejected rewrite's line stays as the author wrote it
    with page.expect_download() as as_json:
        page.click('button[data-improved="json"]')
    data = json.loads(Path(as_json.value.path()).read_text(encoding="utf-8"))
    items = {i["id"]: i for o in data["objectives"] for i in (o, *o["key_results"])}
    assert items[ids[0]]["text"] == texts[0] and "rewritten_from" in items[ids[0]]
    assert items[ids[1]]["text"] == texts[1]
    assert items[ids[2]]["text"] != texts[2] and "rewritten_from" not in items[ids[2]]
    assert sum("rewritten_from" in i for i in items.values()) == 2
    with page.expect_download() as as_md:
        page.click('button[data-improved="markdown"]')
    markdown = Path(as_md.value.path()).read_text(encoding="utf-8")
    assert markdown.strip() == copied.strip()

    picked[0].locator(".accept").first.click()  # a second click undoes the decision
    assert page.locator("#accepted-count").inner_text() == "1"
    assert texts[0] not in page.locator("#improved-text").inner_text()
    assert foreign == []
    context.close()


# Teams of our own for the batch report: a mix of sound and flawed drafts.
BATCH_TEAMS = {
    "payments": ["Make paying us effortless", "Raise checkout conversion from 61% to 70% by 30 September",
                 "Cut failed card payments from 4% to 2% by 30 September", "Launch the new invoice page"],
    "support": ["Answer every customer fast", "Cut first reply time from 9 hours to 2 hours by Q3",
                "Keep CSAT above 90%", "Hire 2 support agents"],
    "growth": ["Grow sign-ups 40%", "Publish 12 blog posts", "Run 3 webinars", "Improve SEO"],
    "platform": ["Keep the platform boring and fast", "Cut p95 page load from 2.4 s to 1.2 s by Q3",
                 "Migrate the queue to the new cluster", "Write the on-call handbook"],
    "people": ["Make this the place engineers want to stay", "Run an engagement survey",
               "Raise the share of engineers who would recommend us from 55% to 70% by Q3"],
    "data": ["Give every team answers in minutes", "Build the metrics dashboard", "Track all events",
             "Document the warehouse"],
}


def test_the_batch_report_opens_offline_with_its_charts(browser: Any, tmp_path: Path) -> None:
    from coach.service.batch import Store, run_batch
    from coach.service.batch_report import summary, write_outputs

    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for name, (objective, *krs) in BATCH_TEAMS.items():
        body = "\n".join(f"- {kr}" for kr in krs)
        text = f"# {name.title()} team\nPeriod: Q3 2026\n\nObjective: {objective}\n{body}\n"
        (drafts / f"{name}.md").write_text(text, encoding="utf-8")
    result = run_batch([str(drafts)], store=Store(tmp_path / "store.sqlite3"), jobs=1)
    out = tmp_path / "report"
    write_outputs(result, summary(result), out)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((out / "report.html").as_uri())
    charts = page.locator(".chart svg")
    assert charts.count() == 3
    for i in range(3):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 100
    assert page.locator("text=Most common mistakes").count() >= 1
    _save(page, tmp_path, "batch-report.png", full_page=True)
    page.locator("table a").first.click()
    page.wait_for_load_state()
    assert "OKR review" in page.title() or page.locator("h2").count() >= 1
    assert all(url.startswith("file://") for url in requests), requests
    context.close()


def test_batch_page_uploads_five_files_and_opens_the_report(browser: Any, server: str) -> None:
    context, page, foreign = _page(browser, server, 1280, 900)
    page.goto(server + "/batch")
    payloads = []
    for name, (objective, *krs) in list(BATCH_TEAMS.items())[:5]:
        body = "\n".join(f"- {kr}" for kr in krs)
        payloads.append({"name": f"{name}.md", "mimeType": "text/markdown",
                         "buffer": f"# {name.title()} team\nObjective: {objective}\n{body}\n".encode()})
    page.set_input_files("#batch-files", payloads)
    assert "5 files" in page.locator("#batch-chosen").inner_text()
    page.click("#batch-start")
    expect(page.locator("#batch-done")).to_be_visible(timeout=60_000)
    assert "5 teams from 5 documents" in page.locator("#batch-totals").inner_text()
    with context.expect_page() as opened:
        page.click("#batch-report")
    report = opened.value
    report.wait_for_load_state()
    assert report.locator(".chart svg").count() == 3
    assert report.locator("table a").count() == 5
    assert foreign == [], f"the page reached outside its server: {foreign}"
    context.close()


def test_a_learner_finishes_a_lesson_while_the_trainers_dashboard_updates(browser: Any, server: str,
                                                                          tmp_path: Path) -> None:
    from coach.tutor.curriculum import load_lessons

    lesson = load_lessons()[0]
    answers = {e.id: (e.answer if e.kind in ("classify", "spot", "scenario") else e.model_answer)
               for e in lesson.exercises}
    kinds = {e.id: e.kind for e in lesson.exercises}
    context, trainer, foreign = _page(browser, server, 1280, 900)
    code = trainer.evaluate("fetch('/api/v1/workshops', {method: 'POST'})"
                            ".then(r => r.json()).then(d => d.code)")
    trainer.goto(f"{server}/workshop/{code}")
    assert trainer.locator("#workshop-code").inner_text() == code
    learner = context.new_page()
    learner.goto(f"{server}/tutor?workshop={code}")
    learner.fill("#tutor-name", "ana")
    learner.select_option("#tutor-lesson", lesson.id)
    learner.click("#tutor-go")
    for n in range(len(lesson.exercises)):
        if n == 2:
            _save(learner, tmp_path, "tutor-page.png")  # mid-lesson: an exercise and the last feedback
        box = learner.locator("#tutor-exercise")
        expect(box).to_be_visible()
        current = box.get_attribute("data-exercise")
        assert current in answers
        if kinds[current] in ("classify", "spot", "scenario"):
            learner.locator(f"#tutor-choices input[value='{answers[current]}']").check()
        else:
            learner.fill("#tutor-answer", answers[current] or "")
        learner.click("#tutor-submit")
        learner.wait_for_selector("#tutor-feedback .right", state="attached", timeout=10_000)
    expect(learner.locator("#tutor-finished")).to_be_visible()
    assert f"Answered {len(lesson.exercises)}" in learner.locator("#tutor-summary").inner_text()
    expect(trainer.locator("#workshop-counts")).to_have_text(
        f"1 learner, {len(lesson.exercises)} attempts", timeout=10_000)
    assert trainer.locator("#workshop-exercises tr").count() == len(lesson.exercises)
    _save(trainer, tmp_path, "workshop-dashboard.png")
    assert foreign == []
    context.close()
