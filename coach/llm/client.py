"""The one small model interface, its configuration from the environment, and typed errors.

Why one interface for three very different things (litellm, the offline rewriter and a
scripted test double): every reply, whoever wrote it, then goes through the same JSON
parsing, pydantic validation and rubric gate. The offline rewriter answers in the same
JSON shape a model would, so "offline" is not a separate code path that could drift.

A request carries both the rendered chat messages (what a model reads) and the
structured context they were rendered from (what the offline rewriter reads).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

MODEL_ENV = "OKR_COACH_MODEL"
API_BASE_ENV = "OKR_COACH_API_BASE"
API_KEY_ENV = "OKR_COACH_API_KEY"
# Extras beyond design section 3 (all optional): request timeout in seconds, parallel
# model calls, streamed replies, and "off" to bypass the reply cache.
TIMEOUT_ENV = "OKR_COACH_TIMEOUT"
CONCURRENCY_ENV = "OKR_COACH_CONCURRENCY"
STREAM_ENV = "OKR_COACH_STREAM"
CACHE_ENV = "OKR_COACH_CACHE"
DEADLINE_ENV = "OKR_COACH_SUGGEST_DEADLINE"

DEFAULT_TIMEOUT = 60.0
DEFAULT_CONCURRENCY = 16  # 200 objectives at 1 s latency finish in ~13 s on two cores
# One model server on this machine (llama.cpp, Ollama) answers one request at a time and
# slowly: 16 parallel calls with 60 s each make the third objective time out and retries
# pile up. A loopback OKR_COACH_API_BASE gets these defaults unless the env sets its own.
LOCAL_TIMEOUT = 180.0
LOCAL_CONCURRENCY = 1
# The whole --suggest run: after this many seconds no new model call starts, and the objectives
# left get the offline rewriter (with a note), so a model that never answers cannot hold a
# review for minutes per objective.
DEFAULT_DEADLINE = 90.0
LOCAL_DEADLINE = 1200.0
MAX_REPLY_TOKENS = 2048  # a JSON-mode model with no cap can run on until the timeout
OFFLINE = "offline"

Message = dict[str, str]
T = TypeVar("T", bound=BaseModel)


class LLMError(RuntimeError):
    """Base of the model-layer errors; the suggestion engine falls back on any of them."""


class LLMUnavailable(LLMError):
    """The model could not be reached or kept failing (after retries, or not installed)."""


class LLMBadReply(LLMError):
    """The reply did not validate, even after one re-ask; keeps the raw text and the reason."""

    def __init__(self, message: str, raw: str, error: str,
                 usage: tuple[int, int, float] = (0, 0, 0.0)) -> None:
        super().__init__(message)
        self.raw = raw
        self.error = error
        self.usage = usage  # prompt tokens, completion tokens, cost of both attempts


def is_loopback(api_base: str | None) -> bool:
    """Whether the model server runs on this machine (localhost, 127.x, ::1)."""
    if not api_base:
        return False
    from urllib.parse import urlparse

    host = (urlparse(api_base if "//" in api_base else f"//{api_base}").hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


@dataclass(frozen=True)
class LLMConfig:
    """What the environment configures. ``model`` None means the offline rewriter."""

    model: str | None = None
    api_base: str | None = None
    api_key: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    concurrency: int = DEFAULT_CONCURRENCY
    stream: bool = False
    cache: bool = True
    deadline: float = DEFAULT_DEADLINE

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> LLMConfig:
        env = os.environ if env is None else env

        def number(name: str, default: float, low: float) -> float:
            try:
                return max(low, float(env.get(name, "") or default))
            except ValueError:
                return default

        api_base = (env.get(API_BASE_ENV) or "").strip() or None
        local = is_loopback(api_base)
        return cls(
            model=(env.get(MODEL_ENV) or "").strip() or None,
            api_base=api_base,
            api_key=(env.get(API_KEY_ENV) or "").strip() or None,
            timeout=number(TIMEOUT_ENV, LOCAL_TIMEOUT if local else DEFAULT_TIMEOUT, 0.1),
            concurrency=int(number(CONCURRENCY_ENV, LOCAL_CONCURRENCY if local else DEFAULT_CONCURRENCY, 1)),
            stream=(env.get(STREAM_ENV) or "").strip().lower() in ("1", "true", "yes", "on"),
            cache=(env.get(CACHE_ENV) or "").strip().lower() not in ("0", "off", "false", "no"),
            deadline=number(DEADLINE_ENV, LOCAL_DEADLINE if local else DEFAULT_DEADLINE, 1),
        )


@dataclass(frozen=True)
class LLMRequest:
    """One task for a model: ``messages`` to send, ``context`` they came from, reply ``schema``."""

    task: str
    messages: list[Message]
    context: dict[str, Any] = field(default_factory=dict)
    schema: type[BaseModel] | None = None  # set by ask_structured; sent where the provider takes it
    # time.monotonic() of the run's deadline: no attempt starts after it and none is given a
    # timeout that runs past it, so retries back off only inside the --suggest deadline.
    deadline: float | None = None


@dataclass
class LLMReply:
    """The raw text a client returned and what it cost."""

    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0


class LLMClient(Protocol):
    """Anything that answers a request with text: a litellm model, the offline rewriter, a script.

    ``model`` names the origin of suggestions ("offline" or the litellm model string) and
    is part of the cache key; ``cacheable`` is False for clients whose answers are free.
    """

    model: str
    cacheable: bool

    def complete(self, request: LLMRequest) -> LLMReply: ...


def make_client(config: LLMConfig | None = None) -> LLMClient:
    """The configured client: litellm when ``OKR_COACH_MODEL`` is set, else the offline rewriter."""
    config = config or LLMConfig.from_env()
    if config.model is None or config.model == OFFLINE:
        from coach.llm.offline import OfflineClient

        return OfflineClient()
    from coach.llm.litellm_client import LiteLLMClient

    return LiteLLMClient(config)


# --------------------------------------------------------------------------- structured replies

_FENCED_JSON = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL | re.IGNORECASE)


def extract_json(text: str) -> Any:
    """The JSON object in a reply: bare, inside a ```json fence, or amid a little prose."""
    text = text.strip()
    candidates = [text]
    candidates += [m.group(1).strip() for m in _FENCED_JSON.finditer(text)]
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        candidates.append(text[start:end + 1])
    last: json.JSONDecodeError | None = None
    for candidate in candidates:
        try:
            return json.loads(candidate)
        except json.JSONDecodeError as exc:
            last = exc
    assert last is not None
    raise ValueError(f"the reply is not valid JSON ({last.msg} at line {last.lineno} column {last.colno})")


def validate_reply(text: str, schema: type[T], check: Callable[[T], list[str]] | None = None) -> T:
    """Parse and validate a reply; ``check`` adds semantic problems (unknown ids, sources).

    Raises ValueError with a short, model-readable description of what is wrong.
    """
    data = extract_json(text)
    try:
        parsed = schema.model_validate(data)
    except ValidationError as exc:
        problems = [f"{'.'.join(str(p) for p in e['loc']) or '(root)'}: {e['msg']}" for e in exc.errors()]
        raise ValueError("the reply does not match the schema: " + "; ".join(problems[:6])) from None
    extra = check(parsed) if check else []
    if extra:
        raise ValueError("; ".join(extra[:6]))
    return parsed


@dataclass
class Structured:
    """A validated reply with the raw text that produced it and the calls it took."""

    value: Any
    raw: str
    calls: int
    reasked: bool
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0


def ask_structured(client: LLMClient, request: LLMRequest, schema: type[T],
                   check: Callable[[T], list[str]] | None = None,
                   reask: Callable[[str], str] | None = None) -> Structured:
    """Ask, validate, and on failure re-ask once with the validation error; then LLMBadReply.

    Transport errors (LLMUnavailable) propagate unchanged: retrying them is the client's job.
    """
    if request.schema is None:
        request = replace(request, schema=schema)
    reply = client.complete(request)
    totals = [reply.prompt_tokens, reply.completion_tokens]
    cost = reply.cost
    try:
        value = validate_reply(reply.text, schema, check)
        return Structured(value, reply.text, 1, False, totals[0], totals[1], cost)
    except ValueError as exc:
        error = str(exc)
    note = reask(error) if reask else (
        f"Your reply could not be used: {error}. Reply again with only the corrected JSON object.")
    second = LLMRequest(request.task, [*request.messages, {"role": "assistant", "content": reply.text},
                                       {"role": "user", "content": note}], request.context, request.schema,
                          request.deadline)
    again = client.complete(second)
    totals = [totals[0] + again.prompt_tokens, totals[1] + again.completion_tokens]
    cost += again.cost
    try:
        value = validate_reply(again.text, schema, check)
    except ValueError as exc:
        raise LLMBadReply(f"{client.model} gave no valid reply after one re-ask: {exc}", again.text,
                          str(exc), (totals[0], totals[1], cost)) from None
    return Structured(value, again.text, 2, True, totals[0], totals[1], cost)
