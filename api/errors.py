"""Every error the API answers is JSON: ``{"status": int, "reason": "one line", ...}``.

Why one shape: scripts and the web page show ``reason`` as it is, whatever went wrong
(a draft that cannot be read, a body too large, a model that timed out). FastAPI's own
``{"detail": ...}`` answers are converted here, including its validation errors.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("okr_coach.api")


class ApiError(Exception):
    """An answer other than 2xx, with the reason a person should read."""

    def __init__(self, status: int, reason: str, headers: dict[str, str] | None = None,
                 **extra: Any) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.headers = headers or {}
        self.extra = extra

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in a review process (api/review_work.py) and re-raised here: pickle would
        # otherwise call ApiError(reason) and fail on the missing status.
        return (_rebuild_api_error, (self.status, self.reason, self.headers, self.extra))


def _rebuild_api_error(status: int, reason: str, headers: dict[str, str], extra: dict[str, Any]) -> ApiError:
    return ApiError(status, reason, headers, **extra)


def error_body(status: int, reason: str, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status, "reason": reason}
    body.update({k: v for k, v in extra.items() if v is not None})
    return body


def error_response(status: int, reason: str, headers: dict[str, str] | None = None,
                   **extra: Any) -> JSONResponse:
    return JSONResponse(error_body(status, reason, **extra), status_code=status, headers=headers)


def _where(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def validation_reason(exc: RequestValidationError) -> tuple[int, str, list[dict[str, Any]]]:
    """(status, reason, errors): unreadable JSON is a 400, well-formed but wrong JSON a 422."""
    errors = list(exc.errors())
    compact = [{"field": _where(e.get("loc", ())), "message": str(e.get("msg", ""))} for e in errors]
    first = errors[0] if errors else {}
    if first.get("type") == "json_invalid":
        ctx = first.get("ctx") or {}
        return 400, f"request body is not valid JSON: {ctx.get('error', first.get('msg'))}", compact
    if not errors:
        return 422, "the request does not match the schema", compact
    msg = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    where = _where(first.get("loc", ()))
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    reason = msg if where == "body" else f"{where}: {msg}"
    return 422, f"{reason}{more}", compact


def install_error_handlers(app: FastAPI) -> None:
    """Register the JSON error shape for our errors, HTTP errors, validation and crashes."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.reason, exc.headers, **exc.extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        reason = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and reason == "Not Found":
            reason = f"no such page or route: {request.url.path}"
        elif exc.status_code == 405:
            reason = f"{request.method} is not allowed on {request.url.path}"
        return error_response(exc.status_code, reason, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        status, reason, errors = validation_reason(exc)
        return error_response(status, reason, errors=errors)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, f"internal error: {type(exc).__name__} (see the server log)")
