"""GET /healthz: liveness for probes and scripts; open even when a token is required.

Why it says so little: without the token it answers only ``{"status": "ok"}``; whoever
presents the token (or anyone, on a loopback server with no token) also sees the version
and what the service can do (suggestions, offline or a model), never the model's address
or keys. A version and "a model is configured" tell a scanner what to try.
"""

from __future__ import annotations

import os

from fastapi import APIRouter, Request

from api.deps import get_settings, presented_token, suggest_module, token_ok
from api.errors import ApiError
from api.schemas import Health
from coach import __version__

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, response_model_exclude_none=True, summary="Liveness")
async def healthz(request: Request) -> Health:
    if not token_ok(get_settings(request), presented_token(request)):
        return Health(status="ok")
    try:
        suggest_module()
        suggestions = True
    except ApiError:
        suggestions = False
    model = "configured" if os.environ.get("OKR_COACH_MODEL") else "offline"
    return Health(status="ok", version=__version__, suggestions=suggestions, model=model)
