"""The offline rewriter as an LLMClient: the default when no model is configured.

Why it answers in the model's JSON: the suggestion engine then parses, validates and gates
its replies exactly as it does a model's, so the offline path is the same path, and a
model that fails can be replaced mid-run by this client without special cases.
It reads the structured ``context`` of the request, never the rendered prompt text.
"""

from __future__ import annotations

import json
from typing import Any

from coach.llm.client import OFFLINE, LLMReply, LLMRequest
from coach.suggest.offline_rules import rewrite_key_result, rewrite_objective
from coach.suggest.rewrite_basics import OfflineRewrite


def _sources(passages: list[dict[str, Any]], criterion: str) -> list[str]:
    """The first passage retrieved for the criterion the rewrite fixes (what the rule applies)."""
    for passage in passages:
        if criterion in passage.get("criteria", []):
            return [str(passage["id"])]
    return []


def _kr_entry(kr_id: str, rewrite: OfflineRewrite, passages: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": kr_id, "criterion": rewrite.criterion, "text": rewrite.text,
            "rationale": rewrite.rationale, "sources": _sources(passages, rewrite.criterion),
            "initiative": rewrite.initiative}


class OfflineClient:
    """Deterministic rule-based rewrites (see coach/rewrite_offline.py); free, so never cached."""

    model = OFFLINE
    cacheable = False

    def complete(self, request: LLMRequest) -> LLMReply:
        ctx = request.context
        passages: list[dict[str, Any]] = ctx.get("passages", [])
        given: dict[str, dict[str, str]] = ctx.get("given", {})
        notes: dict[str, list[str]] = ctx.get("notes", {})
        triggers: dict[str, list[str]] = ctx.get("triggers", {})
        objective = ctx["objective"]
        entries = []
        for kr in ctx.get("key_results", []):
            failing = [f["criterion"] for f in kr.get("findings", [])]
            rewrite = rewrite_key_result(kr["text"], failing, objective["text"], given.get(kr["id"]),
                                         notes.get(kr["id"]), triggers.get(kr["id"]))
            if rewrite is not None:
                entries.append(_kr_entry(kr["id"], rewrite, passages))
        reply: dict[str, Any] = {"key_results": entries, "objective": None}
        if ctx.get("rewrite_objective"):
            failing = [f["criterion"] for f in ctx.get("objective_findings", [])]
            others = [k["text"] for k in ctx.get("other_key_results", [])]
            out = rewrite_objective(objective["text"], failing, others)
            if out is not None:
                reply["objective"] = {"criterion": out.criterion, "text": out.text,
                                      "rationale": out.rationale,
                                      "sources": _sources(passages, out.criterion),
                                      "new_key_result": out.new_key_result}
        return LLMReply(json.dumps(reply, ensure_ascii=False))
