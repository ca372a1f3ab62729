"""Answer a knowledge-base question from the passages ``ask`` retrieved (``okr-coach ask``).

Why a model here, and why so fenced in: the passages ``ask`` prints are the evidence; a
model turns them into two to five sentences that speak to the question. Such a sentence
is only worth printing if a reader can check it, so the reply must cite passage ids from
the list it was given, must not carry links, markup or an instruction someone typed into
the question, and gets one re-ask to fix either. There is no offline answer: a summary
the rules cannot write would be invented, so without a model (or when it fails) the
answer is None and the caller prints the passages alone, with a note saying why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from coach.llm.cache import CachedReply, ReplyCache, cache_key
from coach.llm.client import OFFLINE, LLMClient, LLMError, LLMRequest, ask_structured, validate_reply
from coach.llm.prompts import fence_name, render, render_reask
from coach.llm.safety import carries_markup, looks_injected
from coach.llm.schemas import AnswerReply
from coach.suggest.jobs import Hit

TASK = "answer_question"
# Longer than the suggestion jobs' passages: here the passage *is* the answer's material,
# and ``ask -k`` keeps the count small.
PASSAGE_CHARS = 1500
# Something shaped like a passage id ("kpis#using-nps") written into the answer text.
_ID_LIKE = re.compile(r"\b[a-z0-9][a-z0-9-]*#[a-z0-9][a-z0-9-]*\b")


@dataclass
class Answer:
    """The model's answer, or ``text`` None when there is none (see ``notes`` for why).

    ``origin`` names who wrote ``text``: the model string, or "offline" when nobody did.
    """

    text: str | None
    sources: list[str]
    origin: str
    notes: list[str] = field(default_factory=list)


def _passages(hits: Sequence[Hit]) -> list[dict[str, Any]]:
    """The hits as the prompt lists them: id, a title with its heading, whitespace-flat text."""
    out = []
    for h in hits:
        body = " ".join(h.text.split())
        if len(body) > PASSAGE_CHARS:
            body = body[: PASSAGE_CHARS - 1].rsplit(" ", 1)[0] + "…"
        heading = getattr(h, "heading", "")
        out.append({"id": h.id, "title": f"{h.title}: {heading}" if heading else h.title,
                    "text": body})
    return out


def check_answer(reply: AnswerReply, known: set[str]) -> list[str]:
    """Problems that make a schema-valid reply unusable, worded for the re-ask.

    Why also look for ids inside the answer text: a model that cites "handbook#ch3" in
    prose makes the same ungrounded claim as one that lists it in ``sources``.
    """
    problems = [f"source '{s}' is not a listed passage id" for s in reply.sources if s not in known]
    problems += [f"the answer cites '{m}', which is not a listed passage id"
                 for m in dict.fromkeys(_ID_LIKE.findall(reply.answer)) if m not in known]
    if looks_injected(reply.answer) or carries_markup(reply.answer):
        problems.append("the answer contains instructions, links or markup")
    return problems


def answer_question(question: str, hits: Sequence[Hit], client: LLMClient | None = None,
                    cache: ReplyCache | None = None) -> Answer:
    """The configured model's answer to ``question`` from ``hits``; text None on any failure.

    No model configured, or no passages to ground an answer in, is not a failure: the
    answer is None without a note. A transport error or a reply that stays invalid after
    one re-ask gives None with a note for stderr. Only validated replies are cached.
    """
    from coach.llm.client import make_client

    client = client or make_client()
    if client.model == OFFLINE:
        return Answer(None, [], OFFLINE)
    if not hits:
        return Answer(None, [], OFFLINE)
    data = {"question": question.strip()}
    passages = _passages(hits)
    context = {"question": data["question"], "fence": fence_name(data), "passages": passages}
    known = {p["id"] for p in passages}

    def check(reply: AnswerReply) -> list[str]:
        return check_answer(reply, known)

    messages = render(TASK, context)
    identity = getattr(client, "cache_identity", client.model)
    key = cache_key(identity, messages, "AnswerReply") if cache is not None and client.cacheable else None
    hit = cache.get(key) if cache is not None and key is not None else None
    try:
        if hit is not None:
            value = validate_reply(hit.text, AnswerReply, check)
        else:
            got = ask_structured(client, LLMRequest(TASK, messages, context), AnswerReply, check,
                                 reask=render_reask)
            value = got.value
            if cache is not None and key is not None:
                cache.put(key, client.model,
                          CachedReply(got.raw, got.prompt_tokens, got.completion_tokens, got.cost))
    except (LLMError, ValueError) as exc:
        return Answer(None, [], OFFLINE, [f"{client.model}: {exc}; showing the passages only"])
    return Answer(value.answer.strip(), list(dict.fromkeys(value.sources)), client.model)
