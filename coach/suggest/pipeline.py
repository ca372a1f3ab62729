"""Failing findings -> retrieval -> prompt -> model -> validate -> gate -> Suggestion.

Why one call per objective: the key results of an objective are read together (they must
not duplicate each other, and the objective gives them their meaning), and it keeps cost
linear in objectives. Calls run in a bounded thread pool, replies are cached on disk by
model and rendered prompt, and a model that fails is replaced by the offline rewriter for
that objective with a visible note. Every rewrite, from any origin, passes the gate in
``coach.suggest.gate``; rejections are counted by reason and returned, never silently dropped.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any

from coach.core.models import OkrSet, Review, Suggestion
from coach.knowledge.similarity import Similarity
from coach.llm.cache import ReplyCache
from coach.llm.client import OFFLINE, LLMClient, LLMConfig, make_client
from coach.rubric.model import Rubric
from coach.suggest.gate import Gate
from coach.suggest.jobs import (
    Job,
    JobResult,
    Rejection,
    Retriever,
    SuggestStats,
    build_jobs,
    run_job,
)

BREAKER_LIMIT = 3  # consecutive objectives whose model call failed before we stop calling it

__all__ = ["Rejection", "SuggestStats", "add_suggestions", "iter_suggestions"]


class _Breaker:
    """Stops calling a model that keeps failing, so 200 objectives do not wait 200 timeouts,
    and stops starting calls once the run's deadline has passed."""

    def __init__(self, limit: int, deadline: float | None = None) -> None:
        self.limit = limit
        self.failures = 0
        self.deadline = deadline  # time.monotonic() after which no model call starts
        self.lock = threading.Lock()

    def record(self, ok: bool) -> None:
        with self.lock:
            self.failures = 0 if ok else self.failures + 1

    @property
    def open(self) -> bool:
        with self.lock:
            return self.failures >= self.limit or self.expired

    @property
    def expired(self) -> bool:
        return self.deadline is not None and time.monotonic() > self.deadline


def _resolve_similarity(option: Similarity | str | None, client: LLMClient) -> Similarity | None:
    """'auto': embeddings check model rewrites only (offline rules keep the words by design)."""
    if option == "auto":
        if client.model == OFFLINE:
            return None
        from coach.knowledge.similarity import minilm_similarity

        return minilm_similarity()
    if isinstance(option, str):
        raise ValueError(f"similarity must be a function, None or 'auto', not {option!r}")
    return option


def iter_suggestions(okr: OkrSet, review: Review, *, client: LLMClient | None = None,
                     stats: SuggestStats | None = None, given: dict[str, dict[str, str]] | None = None,
                     rubric: Rubric | None = None, concurrency: int | None = None,
                     cache: ReplyCache | bool | None = True, backfill: bool = True,
                     similarity: Similarity | str | None = "auto",
                     on_result: Callable[[JobResult], None] | None = None,
                     retriever: Retriever | None = None,
                     ) -> Iterator[tuple[str, Suggestion]]:
    """Yield (item id, Suggestion) as each objective finishes, fastest first.

    ``client`` defaults to the configured one (``OKR_COACH_MODEL``, else offline). ``given``
    maps item ids ("O1.KR3", or "*" for all) to numbers the user supplied, by role
    ("baseline", "target"...). ``stats`` is filled as results arrive. ``backfill`` lets the
    offline rewriter fill in where a model's rewrite was rejected or missing. ``retriever``
    picks the guidance passage per finding (default: kb_docs BM25 over the criterion's own
    documents; ``coach.suggest.jobs.index_retriever(KnowledgeIndex())`` uses the vector index).
    """
    config = LLMConfig.from_env()
    client = client or make_client(config)
    stats = stats if stats is not None else SuggestStats()
    stats.origin = client.model
    started = time.perf_counter()
    if rubric is None:
        from coach.rubric.packs import get_rubric

        rubric = get_rubric(review.rubric)
    if cache is True:
        reply_cache: ReplyCache | None = ReplyCache() if config.cache else None
    else:
        reply_cache = cache or None
    gate = Gate(okr, rubric, review.profile, similarity=_resolve_similarity(similarity, client), given=given)
    jobs = build_jobs(okr, review, rubric, given or {}, retriever)
    stats.objectives += len({job.objective_id for job in jobs})
    breaker = _Breaker(BREAKER_LIMIT, time.monotonic() + config.deadline)

    def work(job: Job) -> JobResult:
        return run_job(job, client, gate, reply_cache, breaker=breaker, backfill=backfill)

    def deliver(result: JobResult) -> Iterator[tuple[str, Suggestion]]:
        stats.merge(result)
        stats.seconds = round(time.perf_counter() - started, 3)
        if on_result is not None:
            on_result(result)
        yield from result.suggestions

    workers = 1 if client.model == OFFLINE else max(1, min(concurrency or config.concurrency, len(jobs)))
    if workers == 1:
        for job in jobs:
            yield from deliver(work(job))
        return
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="okr-llm")
    pending: set[Future[JobResult]] = {pool.submit(work, job) for job in jobs}
    try:
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield from deliver(future.result())
    finally:
        # A consumer that stops early (a closed SSE stream) neither waits for the calls in
        # flight nor starts the queued ones.
        pool.shutdown(wait=False, cancel_futures=True)


def add_suggestions(okr: OkrSet, review: Review, **options: Any) -> SuggestStats:
    """Fill ``suggestions`` of the review's key results and objectives in place; return the stats.

    Options are those of :func:`iter_suggestions`. The review's ``stats`` also gets the
    counts (``suggestions_accepted``, ``suggestions_rejected``, ``model_calls``...) so the JSON
    report shows rejected rewrites too.
    """
    stats: SuggestStats = options.pop("stats", None) or SuggestStats()
    items: dict[str, list[Suggestion]] = {}
    for objective in review.objectives:
        objective.suggestions = []
        items[objective.id] = objective.suggestions
        for kr in objective.key_results:
            kr.suggestions = []
            items[kr.id] = kr.suggestions
    for item_id, suggestion in iter_suggestions(okr, review, stats=stats, **options):
        if item_id in items:
            items[item_id].append(suggestion)
    review.stats.update(stats.review_stats())
    return stats
