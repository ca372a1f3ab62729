"""Any litellm model behind the small client interface (the only module that imports litellm).

Why litellm is imported here and lazily: it takes ~3 s to import, and it must find its
price map on disk. ``LITELLM_LOCAL_MODEL_COST_MAP=True`` is set before the import (the
check is the string "true"; "1" does nothing), otherwise the import fetches the map from
the internet. litellm is pinned to 1.106.2 (design section 4).

Why our own retry loop: the OpenAI SDK under litellm retries silently (three requests per
call by default). We turn that off and retry only rate limits, server errors, timeouts and
dropped connections, with exponential backoff that honours Retry-After, so a 429 storm
costs a bounded, visible amount of time and the caller can fall back to the offline rewriter.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import Any

from coach.llm.client import (
    DEADLINE_ENV,
    MAX_REPLY_TOKENS,
    LLMConfig,
    LLMReply,
    LLMRequest,
    LLMUnavailable,
    is_loopback,
)

_IMPORT_LOCK = threading.Lock()
_LITELLM: Any = None
MAX_BACKOFF = 20.0
MIN_ATTEMPT_SECONDS = 1.0  # an attempt with less than this left before the deadline is not started


def import_litellm() -> Any:
    """Import litellm once, offline-safe and quiet; LLMUnavailable when it is not installed."""
    global _LITELLM
    with _IMPORT_LOCK:
        if _LITELLM is None:
            os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
            os.environ.setdefault("LITELLM_LOG", "ERROR")
            try:
                import litellm
            except ImportError as exc:
                raise LLMUnavailable("litellm is not installed: pip install 'okr-coach[llm]'") from exc
            litellm.suppress_debug_info = True
            litellm.telemetry = False
            _LITELLM = litellm
        return _LITELLM


def _retryable(litellm: Any) -> tuple[type[BaseException], ...]:
    ex = litellm.exceptions
    return (ex.RateLimitError, ex.InternalServerError, ex.ServiceUnavailableError, ex.BadGatewayError,
            ex.Timeout, ex.APIConnectionError)


def _retry_after(exc: BaseException) -> float | None:
    """Seconds from a Retry-After header, when the error carries the HTTP response headers."""
    for headers in (getattr(exc, "litellm_response_headers", None), getattr(exc, "headers", None),
                    getattr(getattr(exc, "response", None), "headers", None)):
        value = headers.get("retry-after") if headers else None
        if value is not None:
            try:
                return max(0.0, float(value))
            except (TypeError, ValueError):
                return None  # an HTTP date: fall back to our own backoff
    return None


_CAPS = frozenset(("maxLength", "minLength", "maxItems", "minItems", "title", "description", "default"))


def wire_schema(schema: Any) -> Any:
    """The reply schema as sent for constrained decoding: structure only. Lengths are
    validated here after the reply; a server that compiles them into a grammar can choke on
    them (llama.cpp did on 2,400), and titles and descriptions only cost prompt tokens."""
    if isinstance(schema, dict):
        return {k: wire_schema(v) for k, v in schema.items() if k not in _CAPS}
    if isinstance(schema, list):
        return [wire_schema(v) for v in schema]
    return schema


def reply_tokens(request: LLMRequest) -> int:
    """A cap on the reply's tokens that fits what was asked: a small local server cannot stop
    generating when the client gives up, so a reply that runs on delays every call after it."""
    context = request.context
    items = len(context.get("key_results", []) or []) + int(bool(context.get("rewrite_objective")))
    return min(MAX_REPLY_TOKENS, 400 + 300 * items) if items else MAX_REPLY_TOKENS


class LiteLLMClient:
    """A litellm model string (``openai/gpt-4o-mini``, ``ollama/llama3``...) as an LLMClient.

    ``attempts`` counts the first try; ``backoff`` doubles each retry (0.5 s, 1 s, 2 s...).
    """

    cacheable = True

    def __init__(self, config: LLMConfig, *, attempts: int = 3, backoff: float = 0.5,
                 sleep: Callable[[float], None] = time.sleep, json_mode: bool = True) -> None:
        if not config.model:
            raise ValueError("LiteLLMClient needs a model string")
        self.config = config
        self.model = config.model
        # The same model string on two servers is two models: the cache keys on both.
        self.cache_identity = f"{config.model}@{config.api_base or ''}"
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.sleep = sleep
        self.json_mode = json_mode
        self._key_missing: bool | None = None
        self._schema_support: bool | None = None

    def _kwargs(self, request: LLMRequest) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "model": self.model, "messages": request.messages, "timeout": self._timeout(request),
            "max_retries": 0, "temperature": 0, "drop_params": True, "max_tokens": reply_tokens(request),
        }
        if self.config.api_base:
            kwargs["api_base"] = self.config.api_base
        if self.config.api_key:
            kwargs["api_key"] = self.config.api_key
        elif self.config.api_base and self._provider_key_missing():
            kwargs["api_key"] = "no-key-needed"  # local servers ignore it; litellm insists on one
        if self.json_mode:
            kwargs["response_format"] = self._response_format(request)
        if self.config.stream:
            kwargs["stream"] = True
            kwargs["stream_options"] = {"include_usage": True}
        return kwargs

    def _timeout(self, request: LLMRequest) -> float:
        """The configured timeout, cut to what is left of the run's deadline."""
        if request.deadline is None:
            return self.config.timeout
        return max(0.1, min(self.config.timeout, request.deadline - time.monotonic()))

    def _time_left(self, request: LLMRequest, wait: float = 0.0) -> bool:
        """Whether an attempt after ``wait`` seconds would still start before the deadline."""
        return request.deadline is None or time.monotonic() + wait < request.deadline - MIN_ATTEMPT_SECONDS

    def _response_format(self, request: LLMRequest) -> dict[str, Any]:
        """The reply's JSON schema where the server takes one, else plain JSON mode.

        Why: in plain JSON mode a small local model answered ``{}``, valid JSON that says
        nothing. With the schema, servers that constrain decoding can only produce the fields
        we validate. A loopback server is tried with it first; one that refuses it (llama-cpp-
        python's server answers 500 to ``json_schema``) is asked again in plain JSON mode at
        once and from then on (``_schema_refused``). For hosted models litellm's table decides.
        The schema sent is ``wire_schema``'s: without length caps, which a grammar-constrained
        server turns into a grammar nested thousands deep (llama.cpp crashed on 2,400).
        """
        if request.schema is None or not self._takes_schema():
            return {"type": "json_object"}
        schema = wire_schema(request.schema.model_json_schema())
        return {"type": "json_schema", "json_schema": {"name": request.schema.__name__, "strict": False,
                                                       "schema": schema}}

    def _takes_schema(self) -> bool:
        if self._schema_support is None:
            supported = is_loopback(self.config.api_base)
            if not supported:
                try:
                    supported = bool(import_litellm().supports_response_schema(model=self.model))
                except Exception:
                    supported = False
            self._schema_support = supported
        return self._schema_support

    @property
    def reply_format(self) -> str:
        """How replies are asked for, as far as this client knows (for doctor)."""
        if self._schema_support is None:
            return "not asked yet"
        return "JSON schema (constrained)" if self._schema_support else "plain JSON mode (no schema)"

    def _provider_key_missing(self) -> bool:
        if self._key_missing is None:
            missing, present = provider_key_status(self.model)
            self._key_missing = bool(missing) and not present
        return self._key_missing

    def _once(self, litellm: Any, request: LLMRequest) -> LLMReply:
        response = litellm.completion(**self._kwargs(request))
        if self.config.stream:
            chunks = list(response)
            response = litellm.stream_chunk_builder(chunks, messages=request.messages)
            if response is None:
                raise LLMUnavailable(f"{self.model} streamed an empty reply")
        text = response.choices[0].message.content or ""
        usage = getattr(response, "usage", None)
        cost = 0.0
        try:
            cost = float(litellm.completion_cost(completion_response=response) or 0.0)
        except Exception:
            cost = 0.0
        return LLMReply(text=text, prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
                        completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0), cost=cost)

    def _schema_refused(self, exc: Exception) -> bool:
        """Whether an error says the server does not take ``response_format`` json_schema;
        if so, plain JSON mode is used from now on."""
        text = str(exc).lower()
        if self._schema_support and ("json_schema" in text or "response_format" in text):
            self._schema_support = False
            return True
        return False

    def complete(self, request: LLMRequest) -> LLMReply:
        litellm = import_litellm()
        retryable = _retryable(litellm)
        delay = self.backoff
        for attempt in range(1, self.attempts + 1):
            if not self._time_left(request):
                raise LLMUnavailable(f"{self.model}: the run's deadline ({DEADLINE_ENV}) has passed")
            try:
                return self._once(litellm, request)
            except Exception as exc:
                if not self._schema_refused(exc):
                    self._fail(exc, retryable, attempt)
                    delay = self._back_off(exc, request, delay)
                    continue
            try:  # the same request in plain JSON mode, not counted as a retry
                return self._once(litellm, request)
            except Exception as exc:
                self._fail(exc, retryable, attempt)
                delay = self._back_off(exc, request, delay)
        raise LLMUnavailable(f"{self.model}: no attempt made")  # pragma: no cover - attempts >= 1

    def _back_off(self, exc: Exception, request: LLMRequest, delay: float) -> float:
        """Sleep before the next attempt (Retry-After or doubling), unless that sleep would
        end past the run's deadline: then give up now rather than wait for nothing."""
        wait = _retry_after(exc)
        pause = min(MAX_BACKOFF, wait if wait is not None else delay)
        if not self._time_left(request, pause):
            raise LLMUnavailable(f"{self.model}: {type(exc).__name__}: {_short(exc)}; no time left for "
                                 f"a retry before the run's deadline ({DEADLINE_ENV})") from exc
        self.sleep(pause)
        return delay * 2

    def _fail(self, exc: Exception, retryable: tuple[type[BaseException], ...], attempt: int) -> None:
        """Raise LLMUnavailable unless ``exc`` is worth another attempt."""
        if isinstance(exc, LLMUnavailable):
            raise exc
        if not isinstance(exc, retryable):
            raise LLMUnavailable(f"{self.model}: {type(exc).__name__}: {_short(exc)}") from exc
        if attempt == self.attempts:
            raise LLMUnavailable(f"{self.model}: {type(exc).__name__} after {attempt} attempts: "
                                 f"{_short(exc)}") from exc

    def ping(self) -> tuple[bool, str, float]:
        """One tiny call for ``okr-coach doctor``: (answered, detail, seconds). It asks the way a
        rewrite does, with a reply schema, so a server that refuses schemas shows here, not
        only when every rewrite quietly falls back (``reply_format`` then says what is used)."""
        from pydantic import BaseModel

        class Ping(BaseModel):
            ok: bool

        start = time.perf_counter()
        request = LLMRequest("ping", [
            {"role": "system", "content": "Reply with the JSON object {\"ok\": true}."},
            {"role": "user", "content": "ping"}], schema=Ping)
        try:
            reply = self.complete(request)
        except LLMUnavailable as exc:
            return False, str(exc), time.perf_counter() - start
        return True, _short_text(reply.text), time.perf_counter() - start


def provider_key_status(model: str) -> tuple[list[str], bool]:
    """The provider's own key variables for a model and whether they are set (for doctor)."""
    litellm = import_litellm()
    try:
        status = litellm.validate_environment(model)
    except Exception:
        return [], False
    return list(status.get("missing_keys") or []), bool(status.get("keys_in_environment"))


def litellm_version() -> str | None:
    """The installed litellm version, read without importing it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("litellm")
    except PackageNotFoundError:
        return None


def _short(exc: BaseException) -> str:
    return _short_text(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)


def _short_text(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
