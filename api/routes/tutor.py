"""The tutor over HTTP (design section 3): lessons, sessions, answers.

- ``GET /api/v1/tutor/lessons``: ``[{"id", "title", "summary", "exercises": n}]``;
- ``POST /api/v1/tutor/sessions`` ``{"lesson", "learner"}``: ``{"session", "exercise"}``;
- ``POST /api/v1/tutor/sessions/{session}/answers`` ``{"exercise", "answer"}``: ``{"correct",
  "score", "feedback", "marked", "hint"?, "reveal"?, "next"?, "progress"}``; ``"?"`` as the answer
  asks for the next hint.

Workshops (``POST /api/v1/workshops`` gives a short join code; a session started with it is
recorded) keep every attempt in SQLite under OKR_COACH_HOME; ``GET /api/v1/workshops/{code}``
is the trainer's dashboard, ``/events`` the same live (server-sent events), ``/export.csv``
the results. Learner sessions are kept in this process (a bounded map) and saved after every step
to the same store, so a learner resumes where they were after a restart. Grading runs the
rubric engine, so it is done off the event loop.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import secrets
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Depends, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.deps import require_token
from api.errors import ApiError
from coach.errors import UsageProblem
from coach.tutor.curriculum import Exercise, Lesson, load_lessons
from coach.tutor.session import Session
from coach.tutor.store import TutorStore

router = APIRouter(prefix="/api/v1", tags=["tutor"], dependencies=[Depends(require_token)])
MAX_SESSIONS = 5000
_SESSIONS: OrderedDict[str, Session] = OrderedDict()
_LOCK = threading.Lock()
_LESSONS: list[Lesson] = []
_LEARNERS: dict[str, tuple[str | None, str]] = {}  # session key -> (workshop code, learner)
_STORE: list[TutorStore] = []


def store() -> TutorStore:
    if not _STORE:
        _STORE.append(TutorStore())
    return _STORE[0]


def reset_tutor_state() -> None:
    """Tests: a fresh store under the current OKR_COACH_HOME and no sessions."""
    with _LOCK:
        _SESSIONS.clear()
        _LEARNERS.clear()
        for s in _STORE:
            s.close()
        _STORE.clear()


def lessons() -> list[Lesson]:
    if not _LESSONS:
        _LESSONS.extend(load_lessons())
    return _LESSONS


def exercise_view(exercise: Exercise | None) -> dict[str, Any] | None:
    """What a learner sees of an exercise: never its answer."""
    if exercise is None:
        return None
    return {"id": exercise.id, "kind": exercise.kind, "prompt": exercise.prompt, "text": exercise.text,
            "draft": exercise.draft, "target": exercise.target, "choices": exercise.shown_choices,
            "concept": exercise.concept}


class StartRequest(BaseModel):
    lesson: str | None = Field(default=None, description="a lesson id; none for the whole course")
    learner: str = Field(default="learner", max_length=80)
    workshop: str | None = Field(default=None, max_length=16)


class AnswerRequest(BaseModel):
    exercise: str = Field(max_length=80)
    answer: str = Field(max_length=4000)


def _save(key: str) -> None:
    with _LOCK:
        session = _SESSIONS.get(key)
        workshop, learner = _LEARNERS.get(key, (None, "learner"))
    if session is not None:
        store().save_session(key, learner, workshop, session.to_state())


def _session(key: str) -> Session | None:
    """The session from memory, else from the store (after a restart)."""
    with _LOCK:
        session = _SESSIONS.get(key)
    if session is not None:
        return session
    saved = store().load_session(key)
    if saved is None:
        return None
    learner, workshop, state = saved
    session = Session.from_state(lessons(), state)
    with _LOCK:
        _SESSIONS[key] = session
        _LEARNERS[key] = (workshop, learner)
    return session


@router.get("/tutor/lessons")
async def list_lessons() -> list[dict[str, Any]]:
    return [{"id": lesson.id, "title": lesson.title, "summary": lesson.summary,
             "exercises": len(lesson.exercises)} for lesson in lessons()]


@router.post("/tutor/sessions", status_code=201)
async def start(body: StartRequest) -> dict[str, Any]:
    workshop = body.workshop.strip().upper() if body.workshop else None
    if workshop is not None and not store().has_workshop(workshop):
        raise ApiError(404, f"no workshop {workshop!r}: check the code on the trainer's screen")
    try:
        session = Session(lessons(), body.lesson)
    except UsageProblem as exc:
        raise ApiError(404, str(exc)) from None
    key = secrets.token_urlsafe(12)
    with _LOCK:
        _SESSIONS[key] = session
        _LEARNERS[key] = (workshop, body.learner.strip() or "learner")
        while len(_SESSIONS) > MAX_SESSIONS:
            dropped, _ = _SESSIONS.popitem(last=False)
            _LEARNERS.pop(dropped, None)
    await run_in_threadpool(_save, key)
    return {"session": key, "exercise": exercise_view(session.current), "progress": session.progress()}


@router.post("/tutor/sessions/{key}/answers")
async def answer(key: str, body: AnswerRequest) -> dict[str, Any]:
    session = _session(key)
    if session is None:
        raise ApiError(404, "no such tutor session")
    current = session.current
    if current is None:
        raise ApiError(409, "this session is over; start a new one")
    if body.exercise != current.id:
        raise ApiError(409, f"the current exercise is {current.id}, not {body.exercise}")
    if body.answer.strip() == "?":
        hint_text = session.ask_hint()
        await run_in_threadpool(_save, key)
        return {"correct": False, "score": 0.0, "feedback": "", "hint": hint_text,
                "next": exercise_view(current), "progress": session.progress()}
    def grade_and_keep() -> Any:
        """Off the event loop: the engine grades, then the attempt and the session are written."""
        done = session.answer(body.answer)
        workshop, learner = _LEARNERS.get(key, (None, "learner"))
        store().save_step(key, learner, workshop, session.to_state(),
                          (current.id, current.concept, done.verdict.correct, done.verdict.score))
        return done

    step = await run_in_threadpool(grade_and_keep)
    out: dict[str, Any] = {"correct": step.verdict.correct, "score": step.verdict.score,
                           "feedback": step.verdict.feedback, "marked": step.verdict.marked,
                           "progress": session.progress()}
    if step.hint:
        out["hint"] = step.hint
    if not step.verdict.correct:
        from coach.tutor.coach_reply import coach_reply

        reply = await run_in_threadpool(coach_reply, current, body.answer, step.verdict.feedback)
        if reply:
            out["coach"] = reply
    if step.reveal:
        out["reveal"] = step.reveal
    out["next"] = exercise_view(session.current)
    return out


class WorkshopRequest(BaseModel):
    title: str = Field(default="", max_length=120)


@router.post("/workshops", status_code=201)
async def create_workshop(body: WorkshopRequest | None = None) -> dict[str, Any]:
    code = store().new_workshop(body.title if body else "")
    return {"code": code, "dashboard": f"/workshop/{code}", "join": f"/tutor?workshop={code}"}


def _known(code: str) -> str:
    code = code.strip().upper()
    if not store().has_workshop(code):
        raise ApiError(404, f"no workshop {code!r}")
    return code


@router.get("/workshops/{code}")
async def workshop(code: str) -> dict[str, Any]:
    return store().dashboard(_known(code))


@router.get("/workshops/{code}/events")
async def workshop_events(code: str) -> StreamingResponse:
    """The dashboard, again whenever the number of attempts changes (and a ping every 10 s)."""
    code = _known(code)

    async def events() -> AsyncIterator[str]:
        last = -1
        quiet = 0.0
        while True:
            board = store().dashboard(code)
            if board["attempts"] != last:
                last, quiet = board["attempts"], 0.0
                yield f"event: dashboard\ndata: {json.dumps(board, ensure_ascii=False)}\n\n"
            elif quiet >= 10:
                quiet = 0.0
                yield ": ping\n\n"
            await asyncio.sleep(0.5)
            quiet += 0.5

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})


@router.get("/workshops/{code}/export.csv")
async def workshop_export(code: str) -> Response:
    code = _known(code)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["learner", "exercise", "concept", "correct", "score", "at"])
    for row in store().attempts(code):
        writer.writerow([row["learner"], row["exercise"], row["concept"], int(row["correct"]), row["score"],
                         round(row["at"], 3)])
    return Response(buffer.getvalue(), media_type="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="workshop-{code}.csv"'})
