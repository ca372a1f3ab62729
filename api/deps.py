"""Typed dependencies shared by the routes: settings, the token check, rate limits, model work.

Why one module: every route asks for the same few things (who may call, how long a model
may take, where suggestions and knowledge search come from), and tests replace them in
one place. Nothing here imports chromadb or litellm; those stay behind lazy imports.
"""

from __future__ import annotations

import asyncio
import hmac
import importlib
import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, TypeVar

from fastapi import Request

from api.errors import ApiError

TOKEN_ENV = "OKR_COACH_TOKEN"
TOKEN_COOKIE = "okr_coach_token"
TOKEN_HEADER = "x-okr-coach-token"
T = TypeVar("T")
log = logging.getLogger("okr_coach.api")


def env_number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {raw!r}") from None


@dataclass(frozen=True)
class Settings:
    """What one running app is allowed to do; read from the environment by ``from_env``.

    ``model_timeout`` bounds a whole suggestion request (every model call in it), so a slow
    or hung model answers 504 or an SSE ``error`` event instead of holding the request.
    ``suggest_per_minute`` limits model-backed requests per client; plain reviews are cheap
    and unlimited. ``allowed_hosts`` guards a loopback server against DNS rebinding.
    """

    token: str | None = None
    max_body_bytes: int = 2_000_000
    model_timeout: float = 60.0
    model_workers: int = 4
    suggest_per_minute: int = 30
    suggest_burst: int = 10
    allowed_hosts: tuple[str, ...] | None = None
    kb_engine: str = "auto"  # "auto" (hybrid index, lexical fallback) or "lexical"
    # Reviews off the event loop: this many worker processes, this many waiting at most (then
    # 503 with Retry-After), and this long before a request stops waiting (503 with a reason).
    review_workers: int = 2
    review_processes: bool = True  # processes, so a review does not hold the loop's GIL
    review_queue: int = 32
    review_timeout: float = 30.0
    body_timeout: float = 30.0  # the whole request body must arrive within this (408)

    @classmethod
    def from_env(cls, token: str | None = None, **overrides: Any) -> Settings:
        """Settings from OKR_COACH_* variables; explicit arguments win."""
        values: dict[str, Any] = {
            "token": (token if token is not None else (os.environ.get(TOKEN_ENV) or "")).strip() or None,
            "max_body_bytes": int(env_number("OKR_COACH_MAX_BODY", cls.max_body_bytes)),
            "model_timeout": env_number("OKR_COACH_MODEL_TIMEOUT", cls.model_timeout),
            "suggest_per_minute": int(env_number("OKR_COACH_SUGGEST_RATE", cls.suggest_per_minute)),
            "review_timeout": env_number("OKR_COACH_REVIEW_TIMEOUT", cls.review_timeout),
            "body_timeout": env_number("OKR_COACH_BODY_TIMEOUT", cls.body_timeout),
        }
        values.update(overrides)
        return cls(**values)


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


# --------------------------------------------------------------------------- token


def presented_token(request: Request) -> str | None:
    """The token a caller sent: bearer header, our own header, or the page's cookie."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.headers.get(TOKEN_HEADER) or request.cookies.get(TOKEN_COOKIE)


def token_ok(settings: Settings, given: str | None) -> bool:
    """Constant-time comparison; a server without a token lets everyone in."""
    if not settings.token:
        return True
    return given is not None and hmac.compare_digest(given.encode(), settings.token.encode())


async def require_token(request: Request) -> None:
    """API guard: 401 with a reason unless the configured token was presented.

    async so FastAPI runs it on the event loop: a sync dependency would cost every
    request a hop to the thread pool.
    """
    if not token_ok(get_settings(request), presented_token(request)):
        raise ApiError(401, "this server needs a token: send 'Authorization: Bearer <OKR_COACH_TOKEN>'",
                       headers={"WWW-Authenticate": "Bearer"})


# --------------------------------------------------------------------------- rate limit


@dataclass
class RateLimiter:
    """Token bucket per client address: ``burst`` at once, refilled at ``per_minute``.

    Only model-backed requests are limited: they cost money and minutes, a rubric
    review costs milliseconds.
    """

    per_minute: int
    burst: int
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, client: str) -> float:
        """0 when allowed, else the seconds to wait before the next request would be."""
        if self.per_minute <= 0:
            return 0.0
        rate = self.per_minute / 60.0
        now = self.clock()
        with self._lock:
            if len(self._buckets) > 10_000:  # forget idle clients rather than grow forever
                self._buckets.clear()
            tokens, last = self._buckets.get(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * rate)
            if tokens < 1.0:
                self._buckets[client] = (tokens, now)
                return (1.0 - tokens) / rate
            self._buckets[client] = (tokens - 1.0, now)
            return 0.0


def limit_model_calls(request: Request) -> None:
    """429 with Retry-After when this client asked for too many model-backed answers."""
    limiter: RateLimiter = request.app.state.rate_limiter
    wait = limiter.take(request.client.host if request.client else "unknown")
    if wait > 0:
        seconds = max(1, int(wait + 0.999))
        raise ApiError(429, f"too many suggestion requests; try again in {seconds} s",
                       headers={"Retry-After": str(seconds)})


# --------------------------------------------------------------------------- suggestions


def suggest_module() -> ModuleType:
    """coach.suggest.pipeline, or 503 with a reason when this build has no suggestion engine.

    Imported on each call (cheap once loaded) so a server started before the module
    was installed picks it up without a restart.
    """
    try:
        module = importlib.import_module("coach.suggest.pipeline")
    except ImportError as exc:
        raise ApiError(503, f"suggestions are not available: coach.suggest.pipeline cannot be "
                            f"imported ({exc})") \
            from None
    for name in ("add_suggestions", "iter_suggestions"):
        if not callable(getattr(module, name, None)):
            raise ApiError(503, f"suggestions are not available: coach.suggest.pipeline has no {name}()")
    return module


def suggest_options(offline: bool) -> dict[str, Any]:
    """Keyword options for add_/iter_suggestions: the offline client when asked for."""
    if not offline:
        return {}
    try:
        from coach.llm.offline import OfflineClient
    except ImportError as exc:
        raise ApiError(503, f"the offline rewriter is not available ({exc})") from None
    return {"client": OfflineClient()}


async def run_model_work(request: Request, fn: Callable[..., T], *args: Any) -> T:
    """Run blocking model work on the app's bounded pool, giving up after ``model_timeout``.

    The thread cannot be killed, but the request is answered (504) and the pool bounds
    how many such threads can pile up.
    """
    settings = get_settings(request)
    executor: Executor = request.app.state.model_executor
    future = asyncio.get_running_loop().run_in_executor(executor, fn, *args)
    try:
        return await asyncio.wait_for(future, timeout=settings.model_timeout)
    except TimeoutError:
        raise ApiError(504, f"the model did not answer within {settings.model_timeout:g} s; "
                            "the rubric review is unaffected, try again later") from None
    except ApiError:
        raise
    except Exception as exc:  # a model or provider failure: the service, not the request, is at fault
        log.warning("model work failed: %s: %s", type(exc).__name__, exc)
        raise ApiError(503, f"the model failed: {type(exc).__name__}: {exc}") from None
