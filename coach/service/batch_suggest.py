"""Rewrites from a model for a whole batch: an estimate first, a cap on calls, one call per
objective, resumable like the reviews.

Why an estimate: a quarter of 300 teams is about a thousand model calls; an ambassador
must know the bill (calls, tokens and, where litellm knows the price, dollars) before it
runs, and ``--max-calls`` stops it there: once the budget is spent, the objectives left get
the offline rewriter, each with a note. Reviews with a model's rewrites are stored under the
plain review's key plus the model's name, so a killed run resumes without paying twice.
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any

from coach.llm.client import LLMClient, LLMReply, LLMRequest, LLMUnavailable
from coach.service.batch import BatchResult, Store

COMPLETION_TOKENS_PER_ITEM = 120  # a rewrite, its rationale and sources, in JSON


def _jobs(result: BatchResult) -> list[tuple[int, Any]]:
    """(team index, job) for every objective that has something to rewrite."""
    from coach.report.json import from_dict
    from coach.rubric.packs import get_rubric
    from coach.suggest.jobs import build_jobs

    out = []
    for n, (team, review) in enumerate(result.teams):
        parsed = from_dict(review)
        rubric = get_rubric(parsed.rubric)
        out += [(n, job) for job in build_jobs(team.okr, parsed, rubric, {})]
    return out


def estimate(result: BatchResult, model: str) -> dict[str, Any]:
    """Calls, prompt and completion tokens (about 4 characters a token) and the cost where
    litellm's price table has the model; nothing is sent anywhere."""
    from coach.llm.prompts import render

    jobs = _jobs(result)
    prompt_chars = sum(len("".join(m["content"] for m in render(job.task, job.context))) for _n, job in jobs)
    prompt = prompt_chars // 4
    completion = sum(len(job.failing) for _n, job in jobs) * COMPLETION_TOKENS_PER_ITEM
    cost = None
    try:
        from coach.llm.litellm_client import import_litellm

        table = import_litellm().model_cost
        price = table.get(model.split("/", 1)[-1]) or table.get(model)
        if price:
            cost = round(prompt * float(price.get("input_cost_per_token") or 0)
                         + completion * float(price.get("output_cost_per_token") or 0), 4)
    except Exception:
        cost = None
    return {"calls": len(jobs), "prompt_tokens": prompt, "completion_tokens": completion, "cost_usd": cost}


class BudgetClient:
    """A client that stops after ``limit`` calls: the calls after it fail like an unreachable
    server, so the pipeline's fallback gives those objectives the offline rewriter."""

    def __init__(self, inner: LLMClient, limit: int | None) -> None:
        self.inner, self.limit = inner, limit
        self.model = inner.model
        self.cacheable = getattr(inner, "cacheable", True)
        self.cache_identity = getattr(inner, "cache_identity", inner.model)
        self.calls = 0
        self._lock = threading.Lock()

    def complete(self, request: LLMRequest) -> LLMReply:
        with self._lock:
            if self.limit is not None and self.calls >= self.limit:
                raise LLMUnavailable(f"the batch's call budget (--max-calls {self.limit}) is spent")
            self.calls += 1
        return self.inner.complete(request)


def add_model_suggestions(result: BatchResult, client: LLMClient, store: Store,
                          max_calls: int | None = None) -> dict[str, int]:
    """Each team's review with the model's rewrites (gated as always), stored and reused."""
    from coach.report.json import from_dict, to_dict
    from coach.suggest.pipeline import add_suggestions

    budget = BudgetClient(client, max_calls)
    keys = [hashlib.sha256(f"{team.key}|suggest:{client.model}".encode()).hexdigest()
            for team, _r in result.teams]
    done = store.get_many(keys)
    counts = {"teams": 0, "from_store": 0, "accepted": 0, "fallbacks": 0}
    for n, ((team, review), key) in enumerate(zip(result.teams, keys)):
        if key in done:
            result.teams[n] = (team, done[key])
            counts["from_store"] += 1
            continue
        parsed = from_dict(review)
        stats = add_suggestions(team.okr, parsed, client=budget)
        suggested = to_dict(parsed)
        store.put(key, suggested)
        result.teams[n] = (team, suggested)
        counts["teams"] += 1
        counts["accepted"] += stats.accepted
        counts["fallbacks"] += stats.fallbacks
    counts["model_calls"] = budget.calls
    return counts
