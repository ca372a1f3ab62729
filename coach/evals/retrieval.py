"""Retrieval evaluation: hit@3, MRR and nDCG@5 at document level.

Why document level: the queries file names the *documents* that answer a question, since
which section of a document answers best is a matter of taste, and section ids move when
headings are edited. Retrieved passages are therefore mapped to their document and
de-duplicated (first occurrence wins) before ranking metrics are computed.

The metric functions are pure so they can be checked against hand-computed values; the
search function is injected so the same code evaluates any index or weighting.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml

from coach.errors import UsageProblem
from coach.paths import data_dir

METRICS = ("hit_at_3", "mrr", "ndcg_at_5")
MRR_DEPTH = 10


class RetrievalEvalError(ValueError):
    """The queries or thresholds file is malformed; the message says where."""


@dataclass(frozen=True)
class RetrievalQuery:
    id: str
    query: str
    relevant: tuple[str, ...]
    kind: str = "question"


@dataclass(frozen=True)
class QueryResult:
    id: str
    kind: str
    query: str
    relevant: tuple[str, ...]
    ranked: tuple[str, ...]
    hit_at_3: float
    rr: float
    ndcg_at_5: float


@dataclass
class EvalReport:
    overall: dict[str, float]
    by_kind: dict[str, dict[str, float]]
    results: list[QueryResult] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_queries(path: Path) -> list[RetrievalQuery]:
    """Read ``- {id, query, relevant: [doc ids], kind}`` entries, validating each one."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and "queries" in data:
        data = data["queries"]
    if not isinstance(data, list):
        raise RetrievalEvalError(f"{path}: expected a list of queries")
    out: list[RetrievalQuery] = []
    seen: set[str] = set()
    for n, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise RetrievalEvalError(f"{path}: entry {n} is not a mapping")
        qid, query, relevant = item.get("id", f"q{n}"), item.get("query"), item.get("relevant")
        if not isinstance(query, str) or not query.strip():
            raise RetrievalEvalError(f"{path}: entry {qid} has no query text")
        if isinstance(relevant, str):
            relevant = [relevant]
        if not isinstance(relevant, list) or not relevant:
            raise RetrievalEvalError(f"{path}: entry {qid} needs a non-empty 'relevant' list")
        if str(qid) in seen:
            raise RetrievalEvalError(f"{path}: duplicate id {qid}")
        seen.add(str(qid))
        kind = str(item.get("kind") or "question")
        out.append(RetrievalQuery(str(qid), query.strip(), tuple(map(str, relevant)), kind))
    return out


def dedupe_docs(doc_ids: Iterable[str]) -> list[str]:
    """Document ids in order of first appearance."""
    seen: set[str] = set()
    out = []
    for d in doc_ids:
        if d not in seen:
            seen.add(d)
            out.append(d)
    return out


def hit_at(ranked: Sequence[str], relevant: Iterable[str], n: int) -> float:
    """1.0 if any relevant document is among the first ``n``."""
    rel = set(relevant)
    return 1.0 if any(d in rel for d in ranked[:n]) else 0.0


def reciprocal_rank(
    ranked: Sequence[str], relevant: Iterable[str], depth: int = MRR_DEPTH
) -> float:
    """1 / rank of the first relevant document within ``depth``, else 0."""
    rel = set(relevant)
    for i, d in enumerate(ranked[:depth]):
        if d in rel:
            return 1.0 / (i + 1)
    return 0.0


def ndcg_at(ranked: Sequence[str], relevant: Iterable[str], n: int) -> float:
    """Binary-relevance nDCG@n: DCG of the ranking over DCG of the ideal ranking."""
    rel = set(relevant)
    dcg = sum(1.0 / math.log2(i + 2) for i, d in enumerate(ranked[:n]) if d in rel)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(rel), n)))
    return dcg / ideal if ideal else 0.0


def _mean(results: Sequence[QueryResult]) -> dict[str, float]:
    if not results:
        return {m: 0.0 for m in METRICS} | {"queries": 0}
    n = len(results)
    return {
        "hit_at_3": round(sum(r.hit_at_3 for r in results) / n, 4),
        "mrr": round(sum(r.rr for r in results) / n, 4),
        "ndcg_at_5": round(sum(r.ndcg_at_5 for r in results) / n, 4),
        "queries": n,
    }


def evaluate(
    queries: Sequence[RetrievalQuery],
    search_docs: Callable[[str], Sequence[str]],
    params: dict[str, Any] | None = None,
) -> EvalReport:
    """Run every query through ``search_docs`` (query -> doc ids, best first, may repeat)."""
    results = []
    for q in queries:
        ranked = dedupe_docs(search_docs(q.query))
        results.append(
            QueryResult(
                id=q.id,
                kind=q.kind,
                query=q.query,
                relevant=q.relevant,
                ranked=tuple(ranked[:MRR_DEPTH]),
                hit_at_3=hit_at(ranked, q.relevant, 3),
                rr=reciprocal_rank(ranked, q.relevant),
                ndcg_at_5=ndcg_at(ranked, q.relevant, 5),
            )
        )
    kinds = sorted({r.kind for r in results})
    return EvalReport(
        overall=_mean(results),
        by_kind={k: _mean([r for r in results if r.kind == k]) for k in kinds},
        results=results,
        params=dict(params or {}),
    )


def load_thresholds(path: Path) -> dict[str, float]:
    """Minimum overall figures, e.g. ``{hit_at_3: 0.9, mrr: 0.75}``; unknown keys rejected."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise RetrievalEvalError(f"{path}: expected a mapping of metric: minimum")
    out: dict[str, float] = {}
    for key, value in data.items():
        if key not in METRICS or not isinstance(value, int | float):
            raise RetrievalEvalError(f"{path}: '{key}' must be one of {METRICS} with a number")
        out[key] = float(value)
    return out


def failures(report: EvalReport, thresholds: dict[str, float]) -> list[str]:
    """Human-readable reasons the report misses its thresholds (empty when it passes)."""
    return [
        f"{metric} {report.overall[metric]:.3f} < {minimum:.3f}"
        for metric, minimum in thresholds.items()
        if report.overall[metric] < minimum
    ]


# --------------------------------------------------------------------------- the command

EVAL_PASSAGES = 20  # passages fetched per query; de-duplicated to documents before ranking


def _print_metrics(report: EvalReport, out: TextIO) -> None:
    def line(label: str, m: dict[str, float]) -> str:
        return (
            f"  {label:<10} hit@3 {m['hit_at_3']:.3f}  MRR {m['mrr']:.3f}  "
            f"nDCG@5 {m['ndcg_at_5']:.3f}  ({int(m['queries'])} queries)\n"
        )

    out.write("Retrieval eval (document level)\n")
    out.write(line("overall", report.overall))
    out.writelines(line(kind, metrics) for kind, metrics in report.by_kind.items())
    out.writelines(
        f"  miss {r.id}: wanted {', '.join(r.relevant)}; got {', '.join(r.ranked[:3])}\n"
        for r in report.results
        if not r.hit_at_3
    )


def run_retrieval_eval(out: TextIO, report_dir: Path | None) -> int:
    """``okr-coach eval retrieval``: exit 1 when below ``evals/retrieval/thresholds.yaml``.

    Unusable data or a missing index raise UsageProblem (one line, exit 2).
    """
    from coach.knowledge.search import KB_EXTRA_HINT, has_vector_store, is_expected_error

    if not has_vector_store():
        raise UsageProblem(KB_EXTRA_HINT)
    from coach.knowledge.index import KnowledgeIndex

    folder = data_dir("evals") / "retrieval"
    try:
        queries = load_queries(folder / "queries.yaml")
        thresholds = load_thresholds(folder / "thresholds.yaml")
        index = KnowledgeIndex()
        index.ensure_ready()
        start = time.perf_counter()
        params: dict[str, Any] = {
            "embedder": index.embedder.name,
            "semantic_weight": index.semantic_weight,
            "lexical_weight": index.lexical_weight,
            "passages_per_query": EVAL_PASSAGES,
        }
        report = evaluate(
            queries,
            lambda q: [h.doc_id for h in index.search(q, k=EVAL_PASSAGES)],
            params,
        )
        params["seconds"] = round(time.perf_counter() - start, 3)
        report.params = params
    except FileNotFoundError as exc:
        raise UsageProblem(f"eval data missing: {exc.filename}") from None
    except Exception as exc:
        if not is_expected_error(exc):
            raise
        raise UsageProblem(str(exc)) from None
    _print_metrics(report, out)
    known = {h.doc_id for h in index.passages()}
    unknown = sorted({d for q in queries for d in q.relevant} - known)
    if unknown:  # a typo in the queries file would otherwise count as a silent miss
        out.write(f"  warning: queries name unknown documents: {', '.join(unknown)}\n")
    problems = failures(report, thresholds)
    if report_dir is not None:
        report_dir.mkdir(parents=True, exist_ok=True)
        data = report.to_dict() | {"thresholds": thresholds, "passed": not problems}
        path = report_dir / "retrieval.json"
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        out.write(f"  report: {path}\n")
    if problems:
        out.write("FAIL: " + "; ".join(problems) + "\n")
        return 1
    out.write("PASS\n")
    return 0
