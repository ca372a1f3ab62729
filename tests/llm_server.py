"""A loopback OpenAI-compatible chat server for tests and benchmarks (stdlib only).

Why a real HTTP server rather than patching litellm: the tests should exercise the
path a user's configuration takes (litellm -> httpx -> HTTP -> JSON or SSE), including
status codes, Retry-After, slow replies and streaming. It binds 127.0.0.1 on port 0,
so parallel test runs never collide and the socket guard in conftest lets it through.

Usage::

    with FakeLLMServer(lambda req: Reply(content='{"key_results": []}')) as server:
        os.environ["OKR_COACH_API_BASE"] = server.base_url
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """What the server answers to one request."""

    content: str = ""
    status: int = 200
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    raw_body: str | None = None  # sent verbatim instead of a chat completion


Responder = Callable[[dict[str, Any]], Reply]


def _user_text(request: dict[str, Any]) -> str:
    return "\n".join(str(m.get("content", "")) for m in request.get("messages", []))


def _usage(request: dict[str, Any], content: str) -> dict[str, int]:
    """A rough token count (4 characters a token) so cost and token reports have figures."""
    prompt = max(1, len(_user_text(request)) // 4)
    completion = max(1, len(content) // 4)
    return {"prompt_tokens": prompt, "completion_tokens": completion,
            "total_tokens": prompt + completion}


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # /v1/models, for clients that probe
        body = json.dumps({"object": "list", "data": [{"id": "fake", "object": "model"}]}).encode()
        self._send(200, body, "application/json", {})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        request = json.loads(self.rfile.read(length) or b"{}")
        owner = self.server.owner
        with owner.lock:
            owner.requests.append(request)
        reply = owner.responder(request)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.raw_body is not None or reply.status != 200:
            body = reply.raw_body if reply.raw_body is not None else json.dumps(
                {"error": {"message": f"fake error {reply.status}", "type": "server_error",
                           "code": reply.status}})
            self._send(reply.status, body.encode(), "application/json", reply.headers)
            return
        model = str(request.get("model", "fake"))
        if request.get("stream"):
            self._send(200, _sse(model, reply.content, request), "text/event-stream", reply.headers)
            return
        payload = {
            "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": reply.content}}],
            "usage": _usage(request, reply.content),
        }
        self._send(200, json.dumps(payload).encode(), "application/json", reply.headers)


def _sse(model: str, content: str, request: dict[str, Any]) -> bytes:
    """The reply as server-sent events, a few characters per chunk, then usage and [DONE]."""
    base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()),
            "model": model}
    events = [{**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                    "finish_reason": None}]}]
    for i in range(0, len(content), 16):
        events.append({**base, "choices": [{"index": 0, "delta": {"content": content[i:i + 16]},
                                            "finish_reason": None}]})
    events.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    events.append({**base, "choices": [], "usage": _usage(request, content)})
    text = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
    return text.encode()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: FakeLLMServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # a client that timed out and hung up is part of the tests, not an error


class FakeLLMServer:
    """Start on enter, stop on exit; ``requests`` keeps every request body received."""

    def __init__(self, responder: Responder | None = None) -> None:
        self.responder: Responder = responder or (lambda _req: Reply(content="{}"))
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> FakeLLMServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def scripted(*replies: Reply) -> Responder:
    """Answer with these replies in order, repeating the last one when they run out."""
    queue = list(replies)
    lock = threading.Lock()

    def respond(_request: dict[str, Any]) -> Reply:
        with lock:
            return queue.pop(0) if len(queue) > 1 else queue[0]

    return respond


def prompt_text(request: dict[str, Any]) -> str:
    """Every message's text of a request, for responders that answer by content."""
    return _user_text(request)


# --------------------------------------------------------------------------- a model-like responder

_FENCE_RE = re.compile(r"<<<(DRAFT-[0-9A-F]+)\n(.*?)\n\1>>>", re.DOTALL)
_PASSAGE_RE = re.compile(r"^\[([a-z0-9-]+#[a-z0-9-]+)\] ", re.MULTILINE)


def fenced_data(request: dict[str, Any]) -> dict[str, Any]:
    """The JSON the prompt fenced as the user's draft."""
    m = _FENCE_RE.search(_user_text(request))
    return json.loads(m.group(2)) if m else {}


def passage_ids(request: dict[str, Any]) -> list[str]:
    return _PASSAGE_RE.findall(_user_text(request))


def _bucket(*parts: str) -> int:
    return int(hashlib.sha256("|".join(parts).encode()).hexdigest(), 16) % 20


def faithful(request: dict[str, Any]) -> Reply:
    """Answers every request with good rewrites (the offline rewriter's, reworded)."""
    return model_like(request, fallible=False)


def model_like(request: dict[str, Any], fallible: bool = True) -> Reply:
    """Answers like a decent but fallible model, deterministically (for recordings and tests).

    Most rewrites are the offline rewriter's, reworded; some invent numbers, drop the key
    terms or leave the failure in place; on drafts with pasted instructions it follows them
    half the time. First replies are sometimes malformed or cite an unknown passage, and a
    re-ask is answered correctly. The gate must let the good through and stop the rest.
    """
    from coach.llm.safety import split_instructions
    from coach.suggest.offline_rules import rewrite_key_result, rewrite_objective

    data = fenced_data(request)
    sources = passage_ids(request)
    reask = len(request.get("messages", [])) > 2 or not fallible
    objective = data.get("objective", {"id": "O1", "text": ""})
    entries = []
    for kr in data.get("rewrite", []):
        failing = [f["criterion"] for f in kr.get("findings", [])]
        given = data.get("numbers_the_user_gave", {}).get(kr["id"])
        out = rewrite_key_result(kr["text"], failing, objective["text"], given)
        if out is None:
            continue
        text = out.text.replace("Raise ", "Increase ", 1)
        bucket = _bucket(objective["text"], kr["text"])
        _clean, injected = split_instructions(kr["text"])
        if not reask:
            if injected and bucket % 2 == 0:
                text = f"{text}. {injected[0]}"
            elif bucket in (0, 1) and "[baseline]" in text:
                text = text.replace("[baseline]", "20%").replace("[target]", "35%")
            elif bucket == 2:
                text = "Raise customer happiness from [baseline] to [target]"
            elif bucket == 3:
                text = kr["text"]
        entries.append({"id": kr["id"], "criterion": out.criterion, "text": text,
                        "rationale": out.rationale, "sources": sources[:1], "initiative": out.initiative})
    reply: dict[str, Any] = {"key_results": entries, "objective": None}
    if data.get("objective_findings"):
        failing = [f["criterion"] for f in data["objective_findings"]]
        out = rewrite_objective(objective["text"], failing, [])
        if out is not None:
            reply["objective"] = {"criterion": out.criterion, "text": out.text, "rationale": out.rationale,
                                  "sources": sources[:1], "new_key_result": out.new_key_result}
    text = json.dumps(reply)
    bucket = _bucket(objective["text"])
    if not reask and bucket in (4, 5):
        return Reply(content="Here is my answer:\n" + text[:-1] + ",}")  # malformed: re-asked
    if not reask and bucket == 6 and entries:
        entries[0]["sources"] = ["okr-handbook#chapter-3"]  # not a listed passage: re-asked
        return Reply(content=json.dumps(reply))
    return Reply(content=text)
