"""The tutor over HTTP (design section 3): lessons, sessions, answers.

- ``GET /api/v1/tutor/lessons``: ``[{"id", "title", "summary", "exercises": n}]``;
- ``POST /api/v1/tutor/sessions`` ``{"lesson", "learner"}``: ``{"session", "exercise"}``;
- ``POST /api/v1/tutor/sessions/{session}/answers`` ``{"exercise", "answer"}``: ``{"correct",
  "score", "feedback", "marked", "hint"?, "reveal"?, "next"?, "progress"}``; ``"?"`` as the answer
  asks for the next hint.

Sessions live in this process (a bounded map, oldest dropped first); a restart starts
learners afresh. Grading runs the rubric engine, so it is done off the event loop.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.deps import require_token
from api.errors import ApiError
from coach.errors import UsageProblem
from coach.tutor.curriculum import Exercise, Lesson, load_lessons
from coach.tutor.session import Session

router = APIRouter(prefix="/api/v1/tutor", tags=["tutor"], dependencies=[Depends(require_token)])
MAX_SESSIONS = 5000
_SESSIONS: OrderedDict[str, Session] = OrderedDict()
_LOCK = threading.Lock()
_LESSONS: list[Lesson] = []


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


@router.get("/lessons")
async def list_lessons() -> list[dict[str, Any]]:
    return [{"id": lesson.id, "title": lesson.title, "summary": lesson.summary,
             "exercises": len(lesson.exercises)} for lesson in lessons()]


@router.post("/sessions", status_code=201)
async def start(body: StartRequest) -> dict[str, Any]:
    try:
        session = Session(lessons(), body.lesson)
    except UsageProblem as exc:
        raise ApiError(404, str(exc)) from None
    key = secrets.token_urlsafe(12)
    with _LOCK:
        _SESSIONS[key] = session
        while len(_SESSIONS) > MAX_SESSIONS:
            _SESSIONS.popitem(last=False)
    return {"session": key, "exercise": exercise_view(session.current), "progress": session.progress()}


@router.post("/sessions/{key}/answers")
async def answer(key: str, body: AnswerRequest) -> dict[str, Any]:
    with _LOCK:
        session = _SESSIONS.get(key)
    if session is None:
        raise ApiError(404, "no such tutor session (it may have ended when the server restarted)")
    current = session.current
    if current is None:
        raise ApiError(409, "this session is over; start a new one")
    if body.exercise != current.id:
        raise ApiError(409, f"the current exercise is {current.id}, not {body.exercise}")
    if body.answer.strip() == "?":
        return {"correct": False, "score": 0.0, "feedback": "", "hint": session.ask_hint(),
                "next": exercise_view(current), "progress": session.progress()}
    step = await run_in_threadpool(session.answer, body.answer)
    out: dict[str, Any] = {"correct": step.verdict.correct, "score": step.verdict.score,
                           "feedback": step.verdict.feedback, "marked": step.verdict.marked,
                           "progress": session.progress()}
    if step.hint:
        out["hint"] = step.hint
    if step.reveal:
        out["reveal"] = step.reveal
    out["next"] = exercise_view(session.current)
    return out
