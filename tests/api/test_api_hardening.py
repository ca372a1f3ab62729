"""The server's own bounds: health says little to strangers, short tokens are refused,
reviews leave the event loop with a deadline and a cap, a trickled body is cut off."""

from __future__ import annotations

import asyncio
import os
import time

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import Settings
from api.errors import ApiError
from api.middleware import GuardMiddleware
from api.review_work import ReviewWork

DRAFT = "Objective: Delight customers\n- Raise NPS from 20 to 40 by June\n"


def test_health_without_the_token_says_only_ok() -> None:
    with TestClient(create_app(Settings(token="a-token-of-sixteen-chars"))) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        full = client.get("/healthz", headers={"Authorization": "Bearer a-token-of-sixteen-chars"}).json()
        assert full["status"] == "ok" and {"version", "model", "suggestions"} <= set(full)


def test_health_on_a_loopback_server_without_token_says_what_it_can_do() -> None:
    with TestClient(create_app(Settings())) as client:
        assert "version" in client.get("/healthz").json()


@pytest.mark.parametrize("token", ["short", "fifteen-chars!!"])
def test_a_short_token_is_refused_at_start(token: str, capsys: pytest.CaptureFixture[str]) -> None:
    from api.server import serve

    assert serve("0.0.0.0", 8124, token) == 2
    assert "at least 16" in capsys.readouterr().err


def test_a_large_review_runs_in_a_review_process_and_answers_as_on_the_loop() -> None:
    big = DRAFT + "".join(f"- Raise signups in region {i} from {i} to {i + 9} by June\n" for i in range(120))
    app = create_app(Settings())
    with TestClient(app) as client:
        off_loop = client.post("/api/v1/reviews", json={"text": big})
        work = app.state.review_work
        assert work.processes and work._pool is not None  # a large body started the processes
        pids = {p.pid for p in work._pool._processes.values()}
        assert os.getpid() not in pids
        unreadable = {"text": "objectives: [" + " " * 5000, "input_format": "yaml"}
        bad = client.post("/api/v1/reviews", json=unreadable)
        page = client.post("/", data={"text": big})
    assert off_loop.status_code == 200 and page.status_code == 200
    with TestClient(create_app(Settings(review_processes=False))) as client:
        in_thread = client.post("/api/v1/reviews", json={"text": big})
    assert off_loop.json() == in_thread.json()  # the same review, wherever it ran
    assert bad.status_code == 400 and bad.json()["reason"]  # an ApiError crosses the process boundary
    assert "Raise signups in region 119" in page.text


def test_review_processes_are_other_processes_and_start_warm() -> None:
    work = ReviewWork(workers=2, queue=0, processes=True)
    try:
        work.warm()  # what `okr-coach serve` does at start-up: both processes, each after a tiny review
        assert work._pool is not None and len(work._pool._processes) == 2  # type: ignore[attr-defined]
        assert asyncio.run(work.run(os.getpid, deadline=30)) != os.getpid()
        assert work._held == 0  # warming takes no request's slot
    finally:
        work.shutdown()


def test_a_review_past_its_deadline_answers_503_and_frees_its_slot() -> None:
    work = ReviewWork(workers=1, queue=0)

    async def scenario() -> None:
        with pytest.raises(ApiError) as slow:
            await work.run(time.sleep, 0.5, deadline=0.05)
        assert slow.value.status == 503 and "longer than" in slow.value.reason
        with pytest.raises(ApiError) as busy:  # the one worker is still busy: turned away at once
            await work.run(time.sleep, 0.0, deadline=1)
        assert busy.value.status == 503 and busy.value.headers["Retry-After"]
        await asyncio.sleep(0.6)
        assert await work.run(lambda: 7, deadline=1) == 7  # the slot came back when the work ended

    asyncio.run(scenario())
    work.shutdown()


def test_a_queued_review_that_gives_up_does_not_keep_its_slot() -> None:
    work = ReviewWork(workers=1, queue=1)

    async def scenario() -> None:
        first = asyncio.ensure_future(work.run(time.sleep, 0.4, deadline=5))
        await asyncio.sleep(0.05)
        with pytest.raises(ApiError):
            await work.run(time.sleep, 0.0, deadline=0.05)  # waits behind the first, gives up
        await first
        assert await work.run(lambda: 1, deadline=1) == 1
        assert work._held == 0

    asyncio.run(scenario())
    work.shutdown()


def test_a_body_that_trickles_in_is_cut_off_with_408() -> None:
    sent: list[dict[str, object]] = []

    async def app(scope: object, receive: object, send: object) -> None:
        while True:
            message = await receive()  # type: ignore[operator]
            if not message.get("more_body"):
                break

    async def scenario() -> None:
        guard = GuardMiddleware(app, max_body=10_000, body_timeout=0.2)
        chunks = 0

        async def receive() -> dict[str, object]:
            nonlocal chunks
            chunks += 1
            await asyncio.sleep(0.08)
            return {"type": "http.request", "body": b"x", "more_body": True}

        async def send(message: dict[str, object]) -> None:
            sent.append(message)

        started = time.monotonic()
        await guard({"type": "http", "headers": []}, receive, send)
        assert time.monotonic() - started < 1 and chunks < 6

    asyncio.run(scenario())
    assert sent[0]["status"] == 408
    assert b"did not arrive" in sent[1]["body"]  # type: ignore[operator]


def test_after_the_body_receive_waits_for_the_client_as_long_as_it_likes() -> None:
    """A stream waits on receive() for the disconnect; the read deadline must not end it."""

    async def scenario() -> str:
        calls = 0

        async def receive() -> dict[str, object]:
            nonlocal calls
            calls += 1
            if calls == 1:
                return {"type": "http.request", "body": b"{}", "more_body": False}
            await asyncio.sleep(0.3)
            return {"type": "http.disconnect"}

        got: list[str] = []

        async def app(scope: object, rcv: object, send: object) -> None:
            await rcv()  # type: ignore[operator]
            got.append((await rcv())["type"])  # type: ignore[operator]

        async def send(message: object) -> None:
            return None

        await GuardMiddleware(app, max_body=100, body_timeout=0.1)({"type": "http", "headers": []},
                                                                    receive, send)
        return got[0]

    assert asyncio.run(scenario()) == "http.disconnect"
