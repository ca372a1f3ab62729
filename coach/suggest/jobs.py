"""One objective's rewrite job: what to ask, how to ask it, and how its answer is judged.

Why separate from ``coach.suggest.pipeline``: the scheduling (threads, streaming, the breaker) and
the work on one objective (context, retrieval, cache, re-ask, gate, fallback) change for
different reasons; the eval runner also drives jobs directly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from coach.core.models import Finding, Objective, ObjectiveReview, OkrSet, Review, Suggestion
from coach.llm.cache import CachedReply, ReplyCache, cache_key
from coach.llm.client import (
    OFFLINE,
    LLMBadReply,
    LLMClient,
    LLMError,
    LLMRequest,
    ask_structured,
    validate_reply,
)
from coach.llm.offline import OfflineClient
from coach.llm.prompts import fence_name, render, render_reask
from coach.llm.schemas import KEY_RESULTS_PER_CALL, REPLY_SHAPE, RewriteReply
from coach.rubric.model import Rubric
from coach.suggest.gate import Gate, Verdict, numbers_in

REWRITABLE_OBJECTIVE = ("qualitative", "not-task", "business-as-usual", "clear-concise")
PASSAGE_CHARS = 500
MAX_PASSAGES = 6
EXAMPLES_PER_CRITERION = 2


@dataclass
class Rejection:
    """A rewrite the gate refused, kept so the report can say what and why."""

    item_id: str
    criterion: str
    reason: str
    detail: str
    text: str
    origin: str


@dataclass
class Job:
    objective_id: str
    task: str
    context: dict[str, Any]
    failing: dict[str, list[str]]  # item id -> failing criteria the job asks to fix


@dataclass
class JobResult:
    objective_id: str
    suggestions: list[tuple[str, Suggestion]] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    verdicts: list[tuple[str, str, Verdict]] = field(default_factory=list)  # item, origin, verdict
    proposed: int = 0
    calls: int = 0
    cache_hits: int = 0
    reasks: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    fallback: bool = False
    backfilled: int = 0
    notes: list[str] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)  # reply texts, in call order (for recording)


@dataclass
class SuggestStats:
    """Counts for one run: what was proposed, accepted, rejected (by reason) and what it cost."""

    origin: str = OFFLINE
    objectives: int = 0
    proposed: int = 0
    accepted: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    rejections: list[Rejection] = field(default_factory=list)
    model_calls: int = 0
    cache_hits: int = 0
    reasks: int = 0
    fallbacks: int = 0
    backfilled: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def merge(self, result: JobResult) -> None:
        self.proposed += result.proposed
        self.accepted += len(result.suggestions)
        self.rejected.update(r.reason for r in result.rejections)
        self.rejections += result.rejections
        self.model_calls += result.calls
        self.cache_hits += result.cache_hits
        self.reasks += result.reasks
        self.fallbacks += int(result.fallback)
        self.backfilled += result.backfilled
        self.prompt_tokens += result.prompt_tokens
        self.completion_tokens += result.completion_tokens
        self.cost += result.cost
        self.notes += result.notes

    def summary(self) -> str:
        """One line for the terminal: accepted, rejected by reason, calls, tokens, cost."""
        reasons = ", ".join(f"{r} {n}" for r, n in sorted(self.rejected.items()))
        line = f"Suggestions: {self.accepted} shown of {self.proposed} proposed"
        rejected = sum(self.rejected.values())
        line += f"; {rejected} rejected ({reasons})" if rejected else "; none rejected"
        if self.origin != OFFLINE:
            line += (f". Model {self.origin}: {self.model_calls} calls, {self.cache_hits} cached, "
                     f"{self.prompt_tokens:,} prompt + {self.completion_tokens:,} completion tokens, "
                     f"${self.cost:.4f}")
            if self.fallbacks or self.backfilled:
                line += f"; offline rewriter used for {self.fallbacks} objectives and {self.backfilled} items"
        return line + "."

    def review_stats(self) -> dict[str, int]:
        """Integer counts for ``Review.stats`` (cost in micro-dollars to stay an int)."""
        out = {"suggestions_proposed": self.proposed, "suggestions_accepted": self.accepted,
               "suggestions_rejected": sum(self.rejected.values()), "model_calls": self.model_calls,
               "cache_hits": self.cache_hits, "prompt_tokens": self.prompt_tokens,
               "completion_tokens": self.completion_tokens, "cost_micro_usd": round(self.cost * 1e6),
               "fallbacks": self.fallbacks}
        out.update({f"rejected_{reason}": n for reason, n in self.rejected.items()})
        return out

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["rejected"] = dict(self.rejected)
        data["summary"] = self.summary()
        return data


class BreakerLike(Protocol):
    @property
    def open(self) -> bool: ...

    def record(self, ok: bool) -> None: ...


# --------------------------------------------------------------------------- building jobs


def _finding(f: Finding) -> dict[str, Any]:
    return {"criterion": f.criterion, "level": f.level, "message": f.message}


def _fixes(findings: list[Finding]) -> list[dict[str, str]]:
    """Each failing criterion's fix once (ours, so outside the fence; and fewer tokens)."""
    seen: dict[str, str] = {}
    for f in findings:
        seen.setdefault(f.criterion, f.fix or "")
    return [{"criterion": c, "fix": fix} for c, fix in seen.items()]


class Hit(Protocol):
    """What a retriever returns: a guidance passage (the rubric's own, or a search hit)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def text(self) -> str: ...


Retriever = Callable[[Finding, str], "Hit | None"]


def index_retriever(index: Any) -> Retriever:
    """Hybrid search of a built ``coach.knowledge.index.KnowledgeIndex``, limited to the criterion;
    where it finds nothing, the passage the rubric chose for the finding is used."""

    def retrieve_one(finding: Finding, query: str) -> Hit | None:
        hits = index.search(query, k=1, criteria=[finding.criterion])
        return hits[0] if hits else None

    return retrieve_one


def retrieve(findings: list[Finding], text: str, rubric: Rubric,
             retriever: Retriever | None = None) -> list[dict[str, Any]]:
    """The guidance passage that best explains each failing finding, deduplicated, with ids.

    By default the passage the compiled rubric chose for the finding's criterion and
    trigger (the same one the review shows as "why this matters").
    """
    out: dict[str, dict[str, Any]] = {}
    for f in findings:
        passage: Hit | None = retriever(f, f"{f.message} {text}") if retriever else None
        if passage is None:
            passage = rubric.why(f.criterion, f.trigger)
        if passage is None:
            continue
        body = " ".join(passage.text.split())
        body = body if len(body) <= PASSAGE_CHARS else body[: PASSAGE_CHARS - 1].rsplit(" ", 1)[0] + "…"
        heading = getattr(passage, "heading", "")
        title = f"{passage.title}: {heading}" if heading else passage.title
        entry = out.setdefault(passage.id, {"id": passage.id, "title": title, "text": body, "criteria": []})
        if f.criterion not in entry["criteria"]:
            entry["criteria"].append(f.criterion)
    return list(out.values())[:MAX_PASSAGES]


def _examples(rubric: Rubric, criteria: list[str]) -> list[dict[str, Any]]:
    out = []
    for criterion in dict.fromkeys(criteria):
        try:
            passing = rubric.get(criterion).examples.passing[:EXAMPLES_PER_CRITERION]
        except KeyError:
            continue
        if passing and "objective" not in criterion:
            out.append({"criterion": criterion, "passing": passing})
    return out


def build_job(objective: Objective, reviewed: ObjectiveReview, rubric: Rubric, period: str | None,
              given: dict[str, dict[str, str]], retriever: Retriever | None = None) -> list[Job]:
    """The jobs for one objective: none when nothing in it needs rewriting, else one call with
    every failing key result, or chunks of ``KEY_RESULTS_PER_CALL`` for a long objective (the
    objective itself is asked in the first chunk only)."""
    krs = [(kr, [f for f in r.findings if not f.passed and not f.open_point])
           for kr, r in zip(objective.key_results, reviewed.key_results)]
    failing_krs = [(kr, fs) for kr, fs in krs if fs]
    own = [f for f in reviewed.findings
           if not f.passed and any(w in f.criterion for w in REWRITABLE_OBJECTIVE)]
    if not failing_krs and not own:
        return []
    chunks = [failing_krs[i:i + KEY_RESULTS_PER_CALL]
              for i in range(0, len(failing_krs), KEY_RESULTS_PER_CALL)] or [[]]
    mine = {k: v for k, v in given.items()
            if k in ("*", objective.id) or k.startswith(objective.id + ".")}
    others = [{"id": kr.id, "text": kr.text} for kr, fs in krs if not fs]
    jobs = []
    for n, chunk in enumerate(chunks):
        ask_objective = bool(own) and n == 0
        every = (own if ask_objective else []) + [f for _kr, fs in chunk for f in fs]
        passages = retrieve(every, objective.text, rubric, retriever)
        texts = [objective.text] + [kr.text for kr in objective.key_results] + [
            v for d in mine.values() for v in d.values()]
        numbers = list(dict.fromkeys(n.text for t in texts for n in numbers_in(t)))
        data = {
            "objective": {"id": objective.id, "text": objective.text},
            "objective_findings": [_finding(f) for f in own] if ask_objective else [],
            "key_results": [{"id": kr.id, "text": kr.text, "findings": [_finding(f) for f in fs]}
                            for kr, fs in chunk],
            "other_key_results": others,
        }
        context = {
            **data, "fence": fence_name(data), "rewrite_objective": ask_objective, "period": period,
            "numbers": numbers, "given": {k: dict(v) for k, v in mine.items()}, "passages": passages,
            # the lines under a key result ("Measure: ...", "Target: ..."): the offline rewriter
            # names the outcome from them; the prompt templates do not read them
            "notes": {kr.id: list(kr.notes) for kr, _fs in chunk if kr.notes},
            # what each failing finding found ("deliverable", "counted-activity"): the offline
            # rewriter reads the engine's verdict rather than guessing it again from the words
            "triggers": {kr.id: [f.trigger for f in fs if f.trigger] for kr, fs in chunk},
            "fixes": _fixes(every),
            "examples": _examples(rubric, [f.criterion for _kr, fs in chunk for f in fs]),
            "reply_shape": REPLY_SHAPE,
        }
        failing = {kr.id: [f.criterion for f in fs] for kr, fs in chunk}
        if ask_objective:
            failing[objective.id] = [f.criterion for f in own]
        task = "rewrite_key_results" if chunk else "rewrite_objective"
        jobs.append(Job(objective.id, task, context, failing))
    return jobs


def build_jobs(okr: OkrSet, review: Review, rubric: Rubric, given: dict[str, dict[str, str]],
               retriever: Retriever | None = None) -> list[Job]:
    reviewed = {o.id: o for o in review.objectives}
    jobs = []
    for objective in okr.objectives:
        if objective.id in reviewed:
            jobs += build_job(objective, reviewed[objective.id], rubric, okr.period, given, retriever)
    return jobs


# --------------------------------------------------------------------------- asking and judging


def _full_criterion(value: str, failing: list[str]) -> str | None:
    """Accept 'kr-outcome' or 'okr-core.kr-outcome' for one of the item's failing criteria."""
    for criterion in failing:
        if value == criterion or criterion.split(".", 1)[-1] == value:
            return criterion
    return None


def reply_checker(job: Job, require_any: bool = False) -> Any:
    """Semantic checks a schema cannot express: known ids, failing criteria, retrieved sources,
    and with ``require_any`` (a model, not the offline rules) at least one requested item
    answered: a small model in JSON mode answered ``{}``, valid and empty, which must not pass
    as "no rewrites" but be re-asked and then replaced by the offline rewriter. A reply that
    answers some items is used, and the offline rewriter fills in the rest (backfill)."""
    known_sources = {p["id"] for p in job.context["passages"]}

    def check(reply: RewriteReply) -> list[str]:
        problems = []
        if require_any and not reply.key_results and reply.objective is None:
            problems.append("the reply rewrites nothing; answer each id asked for: "
                            + ", ".join(job.failing))
        seen = set()
        for item in reply.key_results:
            if item.id not in job.failing or item.id == job.objective_id:
                problems.append(f"key_results: '{item.id}' is not one of the ids to rewrite "
                                f"({', '.join(k for k in job.failing if k != job.objective_id)})")
            elif _full_criterion(item.criterion, job.failing[item.id]) is None:
                problems.append(f"{item.id}: criterion '{item.criterion}' is not one of its failing criteria "
                                f"({', '.join(job.failing[item.id])})")
            if item.id in seen:
                problems.append(f"key_results: '{item.id}' appears twice")
            seen.add(item.id)
            problems += [f"{item.id}: source '{s}' is not a listed passage id" for s in item.sources
                         if s not in known_sources]
        if reply.objective is not None and job.objective_id in job.failing:
            if _full_criterion(reply.objective.criterion, job.failing[job.objective_id]) is None:
                problems.append(f"objective: criterion '{reply.objective.criterion}' is not failing")
            problems += [f"objective: source '{s}' is not a listed passage id"
                         for s in reply.objective.sources if s not in known_sources]
        return problems

    return check


def ask(job: Job, client: LLMClient, cache: ReplyCache | None, result: JobResult,
        deadline: float | None = None) -> RewriteReply:
    """Rendered prompt -> cache or model (one re-ask) -> validated reply; usage into ``result``.
    ``deadline`` (time.monotonic) bounds every attempt of the call, retries included."""
    messages = render(job.task, job.context)
    check = reply_checker(job, require_any=client.model != OFFLINE)
    identity = getattr(client, "cache_identity", client.model)
    key = cache_key(identity, messages, RewriteReply.__name__) if cache and client.cacheable else None
    if key is not None and cache is not None:
        hit = cache.get(key)
        if hit is not None:
            try:
                value = validate_reply(hit.text, RewriteReply, check)
                result.cache_hits += 1
                result.raw.append(hit.text)
                return value
            except ValueError:
                pass  # stale entry: ask again and overwrite it
    structured = ask_structured(client, LLMRequest(job.task, messages, job.context, deadline=deadline),
                                RewriteReply, check,
                                reask=render_reask)
    if client.model != OFFLINE:
        result.calls += structured.calls
    result.reasks += int(structured.reasked)
    result.prompt_tokens += structured.prompt_tokens
    result.completion_tokens += structured.completion_tokens
    result.cost += structured.cost
    result.raw.append(structured.raw)
    if key is not None and cache is not None:
        cache.put(key, client.model, CachedReply(structured.raw, structured.prompt_tokens,
                                                 structured.completion_tokens, structured.cost))
    answer: RewriteReply = structured.value
    return answer


def judge(job: Job, reply: RewriteReply, gate: Gate, origin: str, result: JobResult,
          only: set[str] | None = None) -> set[str]:
    """Gate every rewrite of a reply; accepted ones become Suggestions. Returns item ids served."""
    served: set[str] = set()
    for item in reply.key_results:
        if only is not None and item.id not in only:
            continue
        criterion = _full_criterion(item.criterion, job.failing.get(item.id, [])) or item.criterion
        verdict = gate.check_key_result(item.id, item.text, criterion, item.rationale)
        extra = f" Initiative: {item.initiative}." if item.initiative else ""
        if _record(result, item.id, criterion, item.text, item.rationale + extra, item.sources, origin,
                   verdict):
            served.add(item.id)
    objective = reply.objective
    wanted = only is None or job.objective_id in only
    if objective is not None and job.objective_id in job.failing and wanted:
        criterion = _full_criterion(objective.criterion, job.failing[job.objective_id]) or objective.criterion
        verdict = gate.check_objective(job.objective_id, objective.text, criterion, objective.rationale,
                                       objective.new_key_result)
        rationale = objective.rationale
        if objective.new_key_result and objective.new_key_result not in rationale:
            rationale += f" New key result: {objective.new_key_result}."
        if _record(result, job.objective_id, criterion, objective.text, rationale, objective.sources, origin,
                   verdict):
            served.add(job.objective_id)
    return served


def _record(result: JobResult, item_id: str, criterion: str, text: str, rationale: str, sources: list[str],
            origin: str, verdict: Verdict) -> bool:
    result.proposed += 1
    result.verdicts.append((item_id, origin, verdict))
    if not verdict.accepted:
        result.rejections.append(Rejection(item_id, criterion, verdict.reason or "rejected", verdict.detail,
                                           text, origin))
        return False
    also = [c for c in verdict.fixed if c != criterion]
    if also:
        rationale += f" Also fixes: {', '.join(also)}."
    suggestion = Suggestion(criterion=criterion, text=text, rationale=rationale.strip(),
                            sources=list(sources), placeholders=verdict.placeholders, origin=origin)
    result.suggestions.append((item_id, suggestion))
    return True


def run_job(job: Job, client: LLMClient, gate: Gate, cache: ReplyCache | None,
            breaker: BreakerLike | None = None, backfill: bool = True) -> JobResult:
    """Ask the client (or the offline rewriter when it fails), gate the answers, backfill gaps."""
    result = JobResult(job.objective_id)
    served: set[str] = set()
    offline = OfflineClient()
    use_model = client.model != OFFLINE and not (breaker is not None and breaker.open)
    if client.model != OFFLINE and not use_model:
        result.fallback = True
        why = ("the run's deadline (OKR_COACH_SUGGEST_DEADLINE) has passed"
               if getattr(breaker, "expired", False) else "repeated failures")
        result.notes.append(f"{job.objective_id}: model skipped after {why}; offline rewriter used")
    if use_model:
        # The cache keeps only what the gate let through (issue 14: rejected rewrites of
        # someone's OKRs are not kept on disk), so the reply is staged until judged.
        staged = cache.staged() if cache is not None else None
        try:
            reply = ask(job, client, staged, result, getattr(breaker, "deadline", None))
            if breaker is not None:
                breaker.record(True)
            served = judge(job, reply, gate, client.model, result)
            if staged is not None:
                staged.commit(served, job.objective_id)
        except LLMError as exc:
            if breaker is not None:
                breaker.record(False)
            if isinstance(exc, LLMBadReply):  # both attempts were answered and paid for
                result.prompt_tokens += exc.usage[0]
                result.completion_tokens += exc.usage[1]
                result.cost += exc.usage[2]
            result.calls += 2 if isinstance(exc, LLMBadReply) else 1
            result.fallback = True
            result.notes.append(f"{job.objective_id}: {exc}; offline rewriter used instead")
        if not result.fallback and not backfill:
            return result
    missing = set(job.failing) - served
    if not missing:
        return result
    before = len(result.suggestions)
    try:
        judge(job, ask(job, offline, None, result), gate, OFFLINE, result, only=missing)
    except LLMBadReply as exc:
        # A rule that writes something the schema refuses is our bug, but it must cost the
        # author one objective's rewrites, not the review: say so and go on.
        result.notes.append(f"{job.objective_id}: no offline rewrite ({exc})")
        return result
    if use_model and not result.fallback:
        result.backfilled += len(result.suggestions) - before
    return result
