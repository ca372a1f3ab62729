"""A scripted test double: replies given in advance, every request recorded.

Why: unit tests of validation, re-asks, the gate and fallbacks need exact control over
what "the model" says, including failures, without a server or litellm's import time.
The eval runner also uses it to replay recorded model replies.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from coach.llm.client import LLMReply, LLMRequest, LLMUnavailable

Script = str | LLMReply | BaseException | Callable[[LLMRequest], str | LLMReply]


class ScriptedClient:
    """Answers requests from a queue of scripted items, in order.

    An item is reply text, an LLMReply, an exception to raise, or a function of the request.
    When the queue runs out the ``default`` answers (by default an LLMUnavailable), so a
    test that makes more calls than it scripted fails loudly rather than hanging.
    """

    cacheable = True

    def __init__(self, replies: Iterable[Script] = (), model: str = "scripted",
                 default: Script | None = None, expected: list[str] | None = None) -> None:
        self.model = model
        self.expected = expected or []  # prompt hashes a replay expects (staleness report)
        self.queue: list[Script] = list(replies)
        self.default = default
        self.requests: list[LLMRequest] = []
        self._lock = threading.Lock()

    def complete(self, request: LLMRequest) -> LLMReply:
        with self._lock:
            self.requests.append(request)
            item = self.queue.pop(0) if self.queue else self.default
        if item is None:
            raise LLMUnavailable(f"{self.model}: script exhausted after {len(self.requests) - 1} replies")
        if callable(item) and not isinstance(item, BaseException):
            item = item(request)
        if isinstance(item, BaseException):
            raise item
        if isinstance(item, LLMReply):
            return item
        return LLMReply(text=str(item), prompt_tokens=len(str(request.messages)) // 4,
                        completion_tokens=len(str(item)) // 4)
