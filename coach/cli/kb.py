"""Knowledge-base commands behind the CLI: ``kb build``, ``ask``, ``eval retrieval``.

Why a separate module: cli.py stays a thin argparse layer, and these functions (which
pull in chromadb and the model) are imported only when one of these commands runs.
Each returns the process exit code and writes results to ``out``, errors to stderr.
"""

from __future__ import annotations

import json
import sys
import textwrap
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from coach.evals.retrieval import (
    EvalReport,
    RetrievalEvalError,
    evaluate,
    failures,
    load_queries,
    load_thresholds,
)
from coach.knowledge.docs import KnowledgeBaseError, excerpt
from coach.knowledge.embeddings import EmbedderUnavailable
from coach.paths import data_dir

if TYPE_CHECKING:
    from coach.knowledge.index import SearchHit
    from coach.llm.answer import Answer

EVAL_PASSAGES = 20  # passages fetched per query; de-duplicated to documents before ranking


_EXPECTED = (KnowledgeBaseError, EmbedderUnavailable, RetrievalEvalError, ValueError, OSError)


def _expected(exc: Exception) -> bool:
    """Errors worth a one-line message rather than a traceback (chromadb's own included)."""
    return isinstance(exc, _EXPECTED) or type(exc).__module__.startswith("chromadb")


def _fail(message: str, code: int = 2) -> int:
    print(f"okr-coach: {message}", file=sys.stderr)
    return code


KB_EXTRA_HINT = "the knowledge-base index needs the kb extra: pip install 'okr-coach[kb]'"


def has_vector_store() -> bool:
    """Whether chromadb is installed (the core install reviews without it)."""
    import importlib.util

    return importlib.util.find_spec("chromadb") is not None


def lexical_hits(question: str, k: int) -> list[SearchHit]:
    """Word-match (BM25) search over the guidance: what ``ask`` answers without the kb extra."""
    from coach.knowledge.docs import Bm25Index, all_passages, load_documents
    from coach.knowledge.index import SearchHit

    passages = all_passages(load_documents())
    scores = Bm25Index(passages).scores(question)
    ranked = sorted((p for p in passages if p.id in scores), key=lambda p: -scores[p.id])[:k]
    return [SearchHit(p.id, p.doc_id, p.title, p.heading, p.text, scores[p.id], lexical=scores[p.id])
            for p in ranked]


def kb_build(out: TextIO) -> int:
    """(Re)build the persistent index; only changed passages are embedded."""
    if not has_vector_store():
        return _fail(KB_EXTRA_HINT)
    from coach.knowledge.index import KnowledgeIndex

    try:
        index = KnowledgeIndex()
        stats = index.build()
    except Exception as exc:
        if not _expected(exc):
            raise
        return _fail(str(exc))
    out.write(
        f"Knowledge base index: {stats.passages} passages "
        f"({stats.added} added, {stats.updated} updated, {stats.unchanged} unchanged, "
        f"{stats.deleted} deleted; {stats.embedded} embedded) in {stats.seconds:.2f} s\n"
        f"  {index.url or index.path}\n"
    )
    return 0


def _model_answer(question: str, hits: list[SearchHit]) -> Answer | None:
    """The configured model's grounded answer, or None when no model is configured.

    Why a separate step after retrieval: the passages are found (and printed) exactly as
    offline; the model only adds a summary on top, so a failing model costs the summary,
    never the passages. Its notes (why there is no answer) go to stderr.
    """
    from coach.llm.client import OFFLINE, LLMConfig, make_client

    config = LLMConfig.from_env()
    if config.model is None or config.model == OFFLINE:
        return None
    from coach.llm.answer import answer_question
    from coach.llm.cache import ReplyCache

    answer = answer_question(question, hits, make_client(config), ReplyCache() if config.cache else None)
    for note in answer.notes:
        print(f"okr-coach: {note}", file=sys.stderr)
    return answer


def ask(question: str, k: int, fmt: str, out: TextIO) -> int:
    """Print the passages that best answer ``question`` (offline), and above them a grounded
    answer citing passage ids when a model is configured (``OKR_COACH_MODEL``)."""
    if not question or not question.strip():
        return _fail('ask needs a question, e.g. okr-coach ask "how many key results?"')
    if k < 1:
        return _fail("--k must be at least 1")
    if fmt not in ("text", "json"):
        return _fail(f"unknown format {fmt!r} (choose text or json)")
    if not has_vector_store():
        print(f"okr-coach: word-match results only; {KB_EXTRA_HINT}", file=sys.stderr)
        hits = lexical_hits(question.strip(), k)
    else:
        from coach.knowledge.index import KnowledgeIndex

        try:
            hits = KnowledgeIndex().search(question.strip(), k=k)
        except Exception as exc:
            if not _expected(exc):
                raise
            return _fail(str(exc))
    answer = _model_answer(question.strip(), hits)
    if fmt == "json":
        payload: dict[str, Any] = {"question": question.strip()}
        if answer is not None:  # key present only with a model, so offline JSON is unchanged
            payload["answer"] = None if answer.text is None else {
                "text": answer.text, "sources": answer.sources, "origin": answer.origin}
        payload["hits"] = [h.summary() for h in hits]
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not hits:
        out.write("No guidance found.\n")
        return 0
    if answer is not None and answer.text is not None:
        out.write(f"Answer ({answer.origin}):\n")
        out.writelines(f"  {line}\n" for line in textwrap.wrap(answer.text, 88))
        out.write(f"  Sources: {', '.join(answer.sources) or 'none'}\n\n")
    for rank, h in enumerate(hits, start=1):
        where = f"{h.title} › {h.heading}" if h.heading else h.title
        out.write(f"{rank}. {where}  [{h.id}]  score {h.score:.3f}\n")
        out.write(f"   {excerpt(h.text)}\n\n")
    return 0


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


def eval_retrieval(out: TextIO, report_dir: Path | None) -> int:
    """Run the retrieval eval; exit 1 when below ``evals/retrieval/thresholds.yaml``."""
    if not has_vector_store():
        return _fail(KB_EXTRA_HINT)
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
        return _fail(f"eval data missing: {exc.filename}")
    except Exception as exc:
        if not _expected(exc):
            raise
        return _fail(str(exc))
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
