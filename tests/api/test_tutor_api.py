"""The tutor over HTTP: lessons, a session, answers with feedback and hints; never the answer key."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import Settings
from coach.tutor.curriculum import load_lessons


@pytest.fixture()
def client() -> TestClient:
    with TestClient(create_app(Settings())) as c:
        yield c  # type: ignore[misc]


def test_a_learner_works_through_exercises_with_feedback_and_hints(client: TestClient) -> None:
    listed = client.get("/api/v1/tutor/lessons").json()
    lesson = load_lessons()[0]
    assert listed[0]["id"] == lesson.id and listed[0]["exercises"] == len(lesson.exercises)
    started = client.post("/api/v1/tutor/sessions", json={"lesson": lesson.id, "learner": "ana"})
    assert started.status_code == 201
    body = started.json()
    shown = body["exercise"]
    assert shown["id"] == lesson.exercises[0].id and "answer" not in shown and "model_answer" not in shown
    url = f"/api/v1/tutor/sessions/{body['session']}/answers"
    hint = client.post(url, json={"exercise": shown["id"], "answer": "?"}).json()
    assert hint["hint"] and hint["next"]["id"] == shown["id"]
    first = lesson.exercises[0]
    good = first.answer if first.kind in ("classify", "spot", "scenario") else first.model_answer
    done = client.post(url, json={"exercise": shown["id"], "answer": good}).json()
    assert done["correct"] and done["score"] > 0 and done["progress"]["answered"] == 1
    assert done["next"]["id"] != shown["id"]
    stale = client.post(url, json={"exercise": shown["id"], "answer": good})
    assert stale.status_code == 409 and "current exercise" in stale.json()["reason"]


def test_unknown_lessons_and_sessions_get_a_reason(client: TestClient) -> None:
    assert client.post("/api/v1/tutor/sessions", json={"lesson": "nope"}).status_code == 404
    missing = client.post("/api/v1/tutor/sessions/xyz/answers", json={"exercise": "a", "answer": "b"})
    assert missing.status_code == 404 and "no such tutor session" in missing.json()["reason"]
