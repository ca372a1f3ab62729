"""Explain one finding to the author, grounded in retrieved guidance (the third prompt task).

Why a model here at all: the rubric's message is generic ("No measurable target"); an
explanation that speaks about this key result, citing the passage it draws on, teaches
more. Without a model, or when it fails, the offline client composes the message, the
fix and the first sentences of the best passage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.core.models import Finding
from coach.llm.cache import CachedReply, ReplyCache, cache_key
from coach.llm.client import OFFLINE, LLMClient, LLMError, LLMRequest, ask_structured, validate_reply
from coach.llm.offline import OfflineClient
from coach.llm.prompts import fence_name, render, render_reask
from coach.llm.safety import carries_markup, looks_injected
from coach.llm.schemas import ExplanationReply
from coach.suggest.jobs import retrieve


@dataclass
class Explanation:
    text: str
    sources: list[str]
    origin: str
    notes: list[str] = field(default_factory=list)


def explain_finding(finding: Finding, item_text: str, client: LLMClient | None = None,
                    cache: ReplyCache | None = None) -> Explanation:
    """Why ``finding`` matters for ``item_text``; falls back to the offline text on any failure."""
    from coach.llm.client import make_client

    client = client or make_client()
    passages = retrieve([finding], item_text)
    data = {"item": item_text, "finding": {"criterion": finding.criterion, "message": finding.message,
                                            "fix": finding.fix or ""}}
    context = {**data, "fence": fence_name(data), "passages": passages}
    known = {p["id"] for p in passages}

    def check(reply: ExplanationReply) -> list[str]:
        problems = [f"source '{s}' is not a listed passage id" for s in reply.sources if s not in known]
        if looks_injected(reply.explanation) or carries_markup(reply.explanation):
            problems.append("the explanation contains instructions, links or markup")
        return problems

    notes: list[str] = []
    if client.model != OFFLINE:
        messages = render("explain_finding", context)
        identity = getattr(client, "cache_identity", client.model)
        key = cache_key(identity, messages, "ExplanationReply") if cache and client.cacheable else None
        hit = cache.get(key) if cache is not None and key is not None else None
        try:
            if hit is not None:
                value = validate_reply(hit.text, ExplanationReply, check)
            else:
                request = LLMRequest("explain_finding", messages, context)
                got = ask_structured(client, request, ExplanationReply, check, reask=render_reask)
                value = got.value
                if cache is not None and key is not None:
                    usage = CachedReply(got.raw, got.prompt_tokens, got.completion_tokens, got.cost)
                    cache.put(key, client.model, usage)
            return Explanation(value.explanation, list(value.sources), client.model)
        except (LLMError, ValueError) as exc:
            notes.append(f"{client.model}: {exc}; offline explanation used")
    reply = OfflineClient().complete(LLMRequest("explain_finding", [], context))
    value = validate_reply(reply.text, ExplanationReply, check)
    return Explanation(value.explanation, list(value.sources), OFFLINE, notes)
