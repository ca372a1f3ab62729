"""The batch on the web: upload a quarter's files (or a zip), follow progress, open the report.

- ``POST /api/v1/batches`` (multipart ``files``): 202 with the batch id and where to look;
- ``GET /api/v1/batches/{id}``: its state (``running`` / ``done`` / ``failed``, teams done
  of total, the summary when done);
- ``GET /api/v1/batches/{id}/events``: the same as server-sent events (``progress``, then
  ``done`` or ``error``);
- ``GET /batches/{id}/report.html`` and ``/batches/{id}/teams/<page>.html``: the report and
  the team pages, served with a policy that allows no script at all.

Why a thread and files under OKR_COACH_HOME: a batch takes seconds to minutes; the request
returns at once, the work runs beside the server (the reviews themselves in the batch's
worker processes), and the outputs are the same files ``okr-coach batch --out`` writes.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import shutil
import threading
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path, PurePosixPath
from typing import Any

from fastapi import APIRouter, Depends, UploadFile
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse

from api.deps import require_token
from api.errors import ApiError
from coach.paths import home_dir
from coach.service.batch import SUFFIXES

api = APIRouter(prefix="/api/v1", tags=["batches"], dependencies=[Depends(require_token)])
pages = APIRouter(include_in_schema=False, dependencies=[Depends(require_token)])
MAX_RUNNING = 2
MAX_FILES = 2000
MAX_UNZIPPED = 20_000_000
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
              "form-action 'none'; frame-ancestors 'none'")
_ID = re.compile(r"^[0-9a-f]{16}$")
_PAGE = re.compile(r"^\d{4}-[a-z0-9-]{0,40}\.html$")
_STATES: dict[str, dict[str, Any]] = {}
_LOCK = threading.Lock()


def batches_dir() -> Path:
    return home_dir() / "batches"


def _safe_name(name: str) -> str | None:
    """The base name of an upload or zip member when it is a draft file, else None."""
    base = PurePosixPath(name.replace("\\", "/")).name
    if not base or base.startswith(".") or not base.lower().endswith(SUFFIXES):
        return None
    return re.sub(r"[^\w.\- ]+", "_", base)[:120]


def _unzip(data: bytes, into: Path, skipped: list[str]) -> int:
    import io

    count = total = 0
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ApiError(422, "the .zip file cannot be opened") from None
    for member in archive.infolist():
        if member.is_dir():
            continue
        name = _safe_name(member.filename)
        total += member.file_size
        if name is None:
            skipped.append(member.filename)
            continue
        if total > MAX_UNZIPPED or count >= MAX_FILES:
            raise ApiError(413, f"the .zip holds more than {MAX_UNZIPPED:,} bytes or {MAX_FILES} files")
        target = into / f"{count:04d}-{name}"
        target.write_bytes(archive.read(member))
        count += 1
    return count


def _run(batch_id: str, folder: Path) -> None:
    """The batch itself, on its own thread: progress into the shared state, files into out/."""
    from coach.service.batch import run_batch
    from coach.service.batch_report import summary, write_outputs

    state = _STATES[batch_id]

    def progress(done: int, total: int) -> None:
        with _LOCK:
            state.update(done=done, total=total)

    try:
        result = run_batch([str(folder / "in")], jobs=1, on_progress=progress)
        data = summary(result)
        for team in data["teams"]:  # the server's folders are not the user's business
            team["source"] = re.sub(r"^\d{4}-", "", Path(team["source"].split("#", 1)[0]).name)
        write_outputs(result, data, folder / "out")
        with _LOCK:
            state.update(status="done", totals=data["totals"], unreadable=data["unreadable"])
    except Exception as exc:  # reported to the page; the server goes on
        with _LOCK:
            state.update(status="failed", reason=f"{type(exc).__name__}: {exc}")


@api.post("/batches", status_code=202)
async def create_batch(files: list[UploadFile]) -> JSONResponse:
    """Start a batch over the uploaded drafts (md, txt, json, yaml, csv, xlsx, or a zip of them)."""
    with _LOCK:
        if sum(s["status"] == "running" for s in _STATES.values()) >= MAX_RUNNING:
            raise ApiError(429, f"{MAX_RUNNING} batches are running; try again when one is done")
    batch_id = secrets.token_hex(8)
    folder = batches_dir() / batch_id
    (folder / "in").mkdir(parents=True)
    skipped: list[str] = []
    count = 0
    for upload in files[:MAX_FILES]:
        data = await upload.read()
        raw = upload.filename or ""
        if raw.lower().endswith(".zip"):
            count += _unzip(data, folder / "in", skipped)
            continue
        name = _safe_name(raw)
        if name is None:
            skipped.append(raw)
            continue
        (folder / "in" / f"{count:04d}-{name}").write_bytes(data)
        count += 1
    if not count:
        shutil.rmtree(folder, ignore_errors=True)
        raise ApiError(422, "no draft files: send md, txt, json, yaml, csv or xlsx files, or a zip of them",
                       skipped=skipped)
    with _LOCK:
        _STATES[batch_id] = {"id": batch_id, "status": "running", "done": 0, "total": None, "files": count,
                             "skipped": skipped}
    threading.Thread(target=_run, args=(batch_id, folder), name=f"okr-batch-{batch_id}", daemon=True).start()
    base = f"/api/v1/batches/{batch_id}"
    return JSONResponse({"id": batch_id, "files": count, "skipped": skipped, "state": base,
                         "events": f"{base}/events", "report": f"/batches/{batch_id}/report.html"},
                        status_code=202)


def _state(batch_id: str) -> dict[str, Any]:
    with _LOCK:
        state = _STATES.get(batch_id) if _ID.match(batch_id) else None
        if state is None:
            raise ApiError(404, f"no batch {batch_id!r} on this server")
        return dict(state)


@api.get("/batches/{batch_id}")
async def batch_state(batch_id: str) -> dict[str, Any]:
    return _state(batch_id)


@api.get("/batches/{batch_id}/events")
async def batch_events(batch_id: str) -> StreamingResponse:
    """``progress`` whenever the count moves, then ``done`` (with totals) or ``error``."""
    _state(batch_id)

    async def events() -> AsyncIterator[str]:
        last = None
        while True:
            state = _state(batch_id)
            now = (state["done"], state["total"])
            if now != last:
                last = now
                yield f"event: progress\ndata: {json.dumps({'done': now[0], 'total': now[1]})}\n\n"
            if state["status"] == "done":
                body = {"totals": state["totals"], "report": f"/batches/{batch_id}/report.html",
                        "unreadable": state["unreadable"]}
                yield f"event: done\ndata: {json.dumps(body, ensure_ascii=False)}\n\n"
                return
            if state["status"] == "failed":
                yield f"event: error\ndata: {json.dumps({'reason': state['reason']})}\n\n"
                return
            await asyncio.sleep(0.2)

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})


def _report_file(batch_id: str, relative: str) -> FileResponse:
    if _state(batch_id)["status"] != "done":
        raise ApiError(409, "the batch is still running")
    path = batches_dir() / batch_id / "out" / relative
    if not path.is_file():
        raise ApiError(404, "no such page in this batch")
    return FileResponse(path, media_type="text/html; charset=utf-8",
                        headers={"Content-Security-Policy": REPORT_CSP, "Cache-Control": "no-store"})


@pages.get("/batches/{batch_id}/report.html")
async def batch_report(batch_id: str) -> FileResponse:
    return _report_file(batch_id, "report.html")


@pages.get("/batches/{batch_id}/teams/{page}")
async def batch_team_page(batch_id: str, page: str) -> FileResponse:
    if not _PAGE.match(page):
        raise ApiError(404, "no such page in this batch")
    return _report_file(batch_id, f"teams/{page}")


def forget_batches() -> None:
    """Tests: start from no batches."""
    with _LOCK:
        _STATES.clear()
