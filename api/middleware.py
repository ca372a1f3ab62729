"""Pure ASGI guard in front of every route: Host check, request body cap, safe headers.

Why pure ASGI and not a route dependency: the body cap must hold before anything reads
the body (a chunked upload has no Content-Length to check up front), and the 413 must
come back even when the body arrives in pieces. A ``BaseHTTPMiddleware`` would also
buffer streamed responses, which would hold back server-sent suggestions.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_body

_BASE_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when the body grows past the cap.

    An HTTPException so that FastAPI's body reader passes it on untouched (it turns any
    other exception into a 400) and the JSON error handler answers 413 with the reason.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, _too_large(limit)["reason"])


async def _send_json(send: Send, status: int, body: dict[str, Any],
                     headers: list[tuple[bytes, bytes]] | None = None) -> None:
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(payload)).encode()),
                            (b"connection", b"close"), *_BASE_HEADERS, *(headers or [])]})
    await send({"type": "http.response.body", "body": payload})


class BodyTooSlow(HTTPException):
    """Raised from ``receive`` when the body has not arrived within the read deadline: a
    client that trickles a body byte by byte would otherwise hold a connection and a
    request task for as long as it likes."""

    def __init__(self, seconds: float) -> None:
        super().__init__(408, _too_slow(seconds)["reason"])


def _too_slow(seconds: float) -> dict[str, Any]:
    return error_body(408, f"the request body did not arrive within {seconds:g} s; send it in one go")


def _too_large(limit: int) -> dict[str, Any]:
    return error_body(413, f"request body is over the {limit:,}-byte limit; review one team's OKRs "
                           "at a time", limit=limit)


class GuardMiddleware:
    """Reject wrong Host headers (DNS rebinding) and bodies over ``max_body`` bytes; add headers."""

    def __init__(self, app: ASGIApp, max_body: int, allowed_hosts: tuple[str, ...] | None = None,
                 body_timeout: float = 30.0) -> None:
        self.app = app
        self.max_body = max_body
        self.body_timeout = body_timeout
        self.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if self.allowed_hosts is not None:
            host = headers.get(b"host", b"").decode("latin-1").lower()
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name.strip("[]") not in self.allowed_hosts:
                await _send_json(send, 400, error_body(400, f"unexpected Host header {host!r}; "
                                                            "open the page by its loopback address"))
                return
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await _send_json(send, 413, _too_large(self.max_body))
            return
        received = 0
        started = False
        body_done = False
        read_by = time.monotonic() + self.body_timeout

        async def limited_receive() -> Message:
            """The body within the size cap and the read deadline; once it is complete,
            ``receive`` is passed through untouched (a stream waits on it for the client's
            disconnect for as long as the stream lasts)."""
            nonlocal received, body_done
            if body_done:
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), max(0.0, read_by - time.monotonic()))
            except TimeoutError:
                raise BodyTooSlow(self.body_timeout) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                body_done = not message.get("more_body", False)
                if received > self.max_body:
                    raise BodyTooLarge(self.max_body)
            else:
                body_done = True
            return message

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in _BASE_HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except BodyTooLarge:
            if not started:
                await _send_json(send, 413, _too_large(self.max_body))
        except BodyTooSlow:
            if not started:
                await _send_json(send, 408, _too_slow(self.body_timeout))
