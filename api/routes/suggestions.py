"""POST /api/v1/suggestions: rewrites for a draft's failing items, as JSON or streamed (SSE).

Why a stream: the rubric review is instant, a model's rewrites are not. The page shows the
review at once and asks here with ``Accept: text/event-stream``; each objective's rewrites
arrive as ``suggestion`` events while the model works, then ``done`` (or ``error`` with a
reason: a model that times out ends the stream, it never hangs it).

The generator from coach.suggest.pipeline is blocking, so it is driven on the app's bounded model
pool and handed over through a queue; the stream waits on that queue with the request's
deadline. When the client goes away the worker is told to stop after its current call.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import Executor
from types import ModuleType
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse

from api.deps import (
    get_settings,
    limit_model_calls,
    require_token,
    run_model_work,
    suggest_module,
    suggest_options,
)
from api.drafts import collected_suggestions, stats_dict
from api.routes.reviews import reviewed
from api.schemas import ERROR_RESPONSES, ErrorResponse, SuggestionsResponse, SuggestRequest
from coach.report.json import suggestion_dict

router = APIRouter(prefix="/api/v1", tags=["suggestions"], dependencies=[Depends(require_token)])
log = logging.getLogger("okr_coach.api")
PING_SECONDS = 10.0
_END = object()


def sse(event: str, data: Any) -> str:
    """One server-sent event; JSON data on one line so no payload can break the framing."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _pump(make_items: Callable[[], Iterator[Any]], loop: asyncio.AbstractEventLoop,
          queue: asyncio.Queue[Any], stop: threading.Event) -> None:
    """Worker thread: pull from the blocking generator, hand each item to the event loop."""

    def hand_over(item: Any) -> None:
        try:
            loop.call_soon_threadsafe(queue.put_nowait, item)
        except RuntimeError:  # the loop has closed: nobody is listening any more
            stop.set()

    try:
        items = make_items()
        for item in items:
            hand_over(item)
            if stop.is_set():
                break
        close = getattr(items, "close", None)
        if close is not None:
            close()
        hand_over(_END)
    except Exception as exc:  # reported to the client as an ``error`` event
        log.warning("suggestion stream failed: %s: %s", type(exc).__name__, exc)
        hand_over(exc)


async def stream_suggestions(make_items: Callable[[], Iterator[Any]], executor: Executor,
                             timeout: float, stats: Any = None) -> AsyncIterator[str]:
    """SSE text for each (item_id, Suggestion); ``done`` with the engine's stats at the end,
    ``error`` on a model failure or the deadline."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Any] = asyncio.Queue()
    stop = threading.Event()
    deadline = time.monotonic() + timeout
    count = 0
    loop.run_in_executor(executor, _pump, make_items, loop, queue, stop)
    try:
        yield ": suggestions follow\n\n"
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                yield sse("error", {"status": 504, "reason": f"the model did not finish within "
                                                             f"{timeout:g} s; {count} rewrites arrived"})
                return
            try:
                item = await asyncio.wait_for(queue.get(), timeout=min(left, PING_SECONDS))
            except TimeoutError:
                yield ": ping\n\n"
                continue
            if item is _END:
                yield sse("done", {"count": count, "stats": stats_dict(stats)})
                return
            if isinstance(item, Exception):
                yield sse("error", {"status": 503, "reason": f"the model failed: {type(item).__name__}: "
                                                             f"{item}"})
                return
            item_id, suggestion = item
            count += 1
            yield sse("suggestion", {"item": item_id, **suggestion_dict(suggestion)})
    finally:
        stop.set()


def _stats_holder(module: ModuleType) -> Any:
    """A SuggestStats for iter_suggestions to fill, when the engine offers one (else None)."""
    factory = getattr(module, "SuggestStats", None)
    try:
        accepts = "stats" in inspect.signature(module.iter_suggestions).parameters
    except (TypeError, ValueError):
        accepts = False
    return factory() if callable(factory) and accepts else None


@router.post("/suggestions", response_model=SuggestionsResponse, summary="Rewrites for failing items",
             responses={**ERROR_RESPONSES,
                        200: {"content": {"text/event-stream": {}},
                              "description": "JSON, or with `Accept: text/event-stream` the events "
                                             "`suggestion` {item, ...}, `done` {count, stats}, "
                                             "`error` {status, reason}"},
                        429: {"model": ErrorResponse, "description": "Too many suggestion requests"},
                        503: {"model": ErrorResponse, "description": "Suggestions unavailable"},
                        504: {"model": ErrorResponse, "description": "The model did not answer in time"}})
async def create_suggestions(body: SuggestRequest, request: Request) -> Response:
    """Rewrites (with rationale, sources and placeholders) for the draft's failing items.

    Send `Accept: text/event-stream` to receive them objective by objective as they are
    written. Model calls are bounded by the server's timeout and rate limited per client.
    """
    module = suggest_module()
    options = suggest_options(body.offline)
    limit_model_calls(request)
    okr, review = await reviewed(request, body)
    settings = get_settings(request)
    if "text/event-stream" in request.headers.get("accept", ""):
        stats = _stats_holder(module)

        def make_items() -> Iterator[Any]:
            kwargs = {**options, "stats": stats} if stats is not None else options
            return iter(module.iter_suggestions(okr, review, **kwargs))

        return StreamingResponse(
            stream_suggestions(make_items, request.app.state.model_executor, settings.model_timeout,
                               stats),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
    stats = await run_model_work(request, functools.partial(module.add_suggestions, **options), okr, review)
    return JSONResponse({"suggestions": collected_suggestions(review), "stats": stats_dict(stats)})
