"""GET /healthz: liveness for probes and scripts; open even when a token is required.

Why it says little: it is unauthenticated, so it reports whether the service can answer
and what it can do (suggestions, offline or a model), never the model's address or keys.
"""

from __future__ import annotations

import os

from fastapi import APIRouter

from api.deps import suggest_module
from api.errors import ApiError
from api.schemas import Health
from coach import __version__

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, summary="Liveness")
async def healthz() -> Health:
    try:
        suggest_module()
        suggestions = True
    except ApiError:
        suggestions = False
    model = "configured" if os.environ.get("OKR_COACH_MODEL") else "offline"
    return Health(status="ok", version=__version__, suggestions=suggestions, model=model)
