"""The tutor over HTTP: lessons, a session, answers with feedback and hints; never the answer key."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import Settings
from api.routes.tutor import reset_tutor_state
from coach.tutor.curriculum import load_lessons


@pytest.fixture()
def client() -> TestClient:
    reset_tutor_state()
    with TestClient(create_app(Settings())) as c:
        yield c  # type: ignore[misc]
    reset_tutor_state()


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


def test_a_workshop_records_every_attempt_for_the_trainers_dashboard_and_export(client: TestClient) -> None:
    created = client.post("/api/v1/workshops", json={"title": "Friday session"})
    assert created.status_code == 201
    code = created.json()["code"]
    assert len(code) == 6 and created.json()["dashboard"] == f"/workshop/{code}"
    lesson = load_lessons()[0]
    first = next(e for e in lesson.exercises if e.kind == "classify")
    wrong = next(c for c in first.choices if c != first.answer)
    for learner, answer in (("ana", first.answer), ("bo", wrong)):
        started = client.post("/api/v1/tutor/sessions",
                              json={"lesson": lesson.id, "learner": learner, "workshop": code.lower()}).json()
        url = f"/api/v1/tutor/sessions/{started['session']}/answers"
        assert client.post(url, json={"exercise": first.id, "answer": answer}).status_code == 200
    board = client.get(f"/api/v1/workshops/{code}").json()
    assert board["learners"] == 2 and board["attempts"] == 2
    assert board["exercises"][first.id] == {"attempts": 2, "success": 0.5}
    assert board["mistakes"] == [{"concept": first.concept, "count": 1}]
    export = client.get(f"/api/v1/workshops/{code}/export.csv")
    assert export.headers["content-type"].startswith("text/csv")
    rows = export.text.strip().splitlines()
    assert rows[0].startswith("learner,exercise") and len(rows) == 3 and rows[1].startswith("ana,")
    with client.stream("GET", f"/api/v1/workshops/{code}/events") as events:
        for line in events.iter_lines():
            if line.startswith("data:"):
                assert '"attempts": 2' in line
                break
    assert client.post("/api/v1/tutor/sessions", json={"workshop": "NOPE12"}).status_code == 404
    assert client.get("/api/v1/workshops/NOPE12").status_code == 404


def test_a_learner_resumes_after_the_server_restarts(client: TestClient) -> None:
    from api.routes import tutor

    lesson = load_lessons()[0]
    body = client.post("/api/v1/tutor/sessions", json={"lesson": lesson.id, "learner": "ana"}).json()
    first = lesson.exercises[0]
    good = first.answer if first.kind in ("classify", "spot", "scenario") else first.model_answer
    url = f"/api/v1/tutor/sessions/{body['session']}/answers"
    after = client.post(url, json={"exercise": first.id, "answer": good}).json()
    with tutor._LOCK:  # what a restart loses: the sessions in memory
        tutor._SESSIONS.clear()
        tutor._LEARNERS.clear()
    second = after["next"]["id"]
    again = client.post(url, json={"exercise": second, "answer": "?"})
    assert again.status_code == 200 and again.json()["next"]["id"] == second
    assert again.json()["progress"]["answered"] == 1

