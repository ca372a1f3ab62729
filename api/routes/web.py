"""The web page: GET / (paste box), POST / (review without JavaScript), POST /fragments/review.

Why server-rendered: the review HTML comes from one template whether the page is used with
scripts (the fragment is swapped in, suggestions then stream from /api/v1/suggestions) or
without (the form posts to / and the whole page comes back). jinja2 escapes everything that
was pasted; a Content-Security-Policy that allows only our own scripts backs that up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException

from api.deps import (
    TOKEN_COOKIE,
    get_settings,
    limit_model_calls,
    presented_token,
    run_model_work,
    suggest_module,
    token_ok,
)
from api.drafts import api_error
from api.errors import ApiError
from api.review_work import review_off_loop
from api.views import review_context, sample_draft
from coach.core.models import OkrSet, Review
from coach.errors import UsageProblem
from coach.rubric.packs import pack_names
from coach.service.review import review_request, rubric_for

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
       "object-src 'none'")
templates = Jinja2Templates(env=jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
    undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True))
router = APIRouter(include_in_schema=False)


def _html(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    response = templates.TemplateResponse(request, name, context, status_code=status)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Cache-Control"] = "no-store"
    return response


def _page_context(text: str = "", profile: str = "default", suggest: bool = True,
                  pack: str = "okr-core") -> dict[str, Any]:
    try:
        rubric = rubric_for(pack)
    except UsageProblem:
        rubric, pack = rubric_for(None), "okr-core"
    profiles = [("default", "Balanced thresholds that suit most teams.")]
    profiles += [(name, rubric.pack.profiles[name].description) for name in rubric.profile_names()[1:]]
    packs = [(name, rubric_for(name).pack.description.strip()) for name in pack_names()]
    return {"text": text, "profile": profile, "suggest": suggest, "profiles": profiles,
            "pack": pack, "packs": packs, "sample": sample_draft(), "result": None, "error": None,
            "notice": None}


def _authorised(request: Request) -> bool:
    return token_ok(get_settings(request), presented_token(request))


def _token_page(request: Request, wrong: bool = False) -> HTMLResponse:
    return _html(request, "token.html.j2", {"wrong": wrong}, status=401)


async def _form(request: Request) -> FormData:
    try:
        return await request.form()
    except HTTPException as exc:
        if exc.status_code == 413:
            raise ApiError(413, str(exc.detail)) from None
        raise ApiError(400, f"the form cannot be read: {exc.detail}") from None


async def _review_async(request: Request, form: FormData) -> tuple[OkrSet, Review]:
    """Small drafts on the loop, large ones on a review worker (see api/review_work.py)."""
    settings = request.app.state.settings
    fields = {name: str(form.get(name) or "") for name in ("text", "input_format", "profile", "pack")}
    return await review_off_loop(request.app.state.review_work, request.headers.get("content-length", ""),
                                 settings.review_timeout, _review, fields)


def _review(form: dict[str, str]) -> tuple[OkrSet, Review]:
    """The page's review: ``form`` is the fields as text, so it can go to a review process."""
    try:
        return review_request(str(form.get("text") or ""), None, str(form.get("input_format") or "auto"),
                              str(form.get("profile") or "default"), _pack(form))
    except UsageProblem as exc:
        raise api_error(exc) from None


def _pack(form: dict[str, str]) -> str | None:
    """Only pack names reach the service from the page: a folder path is the CLI's business."""
    pack = str(form.get("pack") or "").strip()
    if pack and pack not in pack_names():
        raise ApiError(422, f"unknown rubric pack '{pack}' (choose one of: {', '.join(pack_names())})")
    return pack or None


def _suggest_state(wanted: bool, review: Review) -> tuple[str, str | None]:
    """('stream'|'off'|'none'|'unavailable', reason) for the page's rewrite status line."""
    if not wanted:
        return "off", None
    if not review.failing("suggestion"):
        return "none", None
    try:
        suggest_module()
    except ApiError as exc:
        return "unavailable", exc.reason
    return "stream", None


@router.get("/", response_class=HTMLResponse)
async def index(request: Request, sample: bool = False, token: str | None = None) -> Response:
    """The page. ``?token=`` (servers that need one) sets a same-site cookie, then redirects."""
    settings = get_settings(request)
    if token is not None and settings.token:
        if not token_ok(settings, token):
            return _token_page(request, wrong=True)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/")
        return response
    if not _authorised(request):
        return _token_page(request)
    return _html(request, "index.html.j2", _page_context(sample_draft() if sample else ""))


@router.post("/", response_class=HTMLResponse)
async def index_post(request: Request) -> Response:
    """Review without JavaScript: the form posts here and the whole page comes back."""
    if not _authorised(request):
        return _token_page(request)
    try:
        form = await _form(request)
    except ApiError as exc:
        context = _page_context()
        context["error"] = exc.reason
        return _html(request, "index.html.j2", context, status=exc.status)
    wanted = form.get("suggest") is not None
    context = _page_context(str(form.get("text") or ""), str(form.get("profile") or "default"), wanted,
                            str(form.get("pack") or "okr-core"))
    try:
        okr, review = await _review_async(request, form)
    except ApiError as exc:
        context["error"] = exc.reason
        return _html(request, "index.html.j2", context, status=exc.status)
    state, reason = _suggest_state(wanted, review)
    if state == "stream":
        try:
            limit_model_calls(request)
            await run_model_work(request, suggest_module().add_suggestions, okr, review)
            state = "done"
        except ApiError as exc:
            state, reason = "unavailable", exc.reason
    context["result"] = {**review_context(review), "suggest_state": state, "suggest_reason": reason}
    return _html(request, "index.html.j2", context)


@router.post("/fragments/review", response_class=HTMLResponse)
async def review_fragment(request: Request) -> Response:
    """The review as an HTML fragment for the page's script; rewrites then stream separately."""
    if not _authorised(request):
        return _html(request, "_error.html.j2", {"error": "this server needs a token; reload the page"},
                     status=401)
    try:
        form = await _form(request)
        _, review = await _review_async(request, form)
    except ApiError as exc:
        return _html(request, "_error.html.j2", {"error": exc.reason}, status=exc.status)
    state, reason = _suggest_state(form.get("suggest") is not None, review)
    return _html(request, "_review.html.j2",
                 {"r": {**review_context(review), "suggest_state": state, "suggest_reason": reason}})


@router.get("/batch", response_class=HTMLResponse)
async def batch_page(request: Request) -> Response:
    """The ambassador's page: drop a quarter's files, follow the batch, open the report."""
    if not _authorised(request):
        return _token_page(request)
    return _html(request, "batch.html.j2", {})


@router.get("/tutor", response_class=HTMLResponse)
async def tutor_page(request: Request, workshop: str = "") -> Response:
    """The learner's page: pick a lesson (and a workshop code), then answer exercise by exercise."""
    if not _authorised(request):
        return _token_page(request)
    from coach.tutor.curriculum import load_lessons

    lessons = [(lesson.id, lesson.title, len(lesson.exercises)) for lesson in load_lessons()]
    return _html(request, "tutor.html.j2", {"lessons": lessons, "workshop": workshop[:16].upper()})


@router.get("/workshop/{code}", response_class=HTMLResponse)
async def workshop_page(request: Request, code: str) -> Response:
    """The trainer's dashboard for a workshop, updated live."""
    if not _authorised(request):
        return _token_page(request)
    return _html(request, "workshop.html.j2", {"code": code[:16].upper()})
