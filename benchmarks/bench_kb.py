"""Benchmark the knowledge base: build, cold open, warm query latency, embedding throughput.

Usage (from the repository root):
    .venv/bin/python benchmarks/bench_kb.py [--queries 200] [--json out.json]

Everything runs in a fresh temporary OKR_COACH_HOME, offline. Figures are for this machine;
the design target is a warm query p50 under 20 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from coach.evals.retrieval import load_queries  # noqa: E402
from coach.knowledge.docs import all_passages, clear_cache, guidance_passage, load_documents  # noqa: E402
from coach.paths import data_dir  # noqa: E402

COLD_SCRIPT = """
import sys, time, json
start = time.perf_counter()
from pathlib import Path
from coach.knowledge.index import KnowledgeIndex
imported = time.perf_counter()
index = KnowledgeIndex(home=Path(sys.argv[1]))
hits = index.search(sys.argv[2], k=5)
done = time.perf_counter()
print(json.dumps({"import_s": imported - start, "open_and_first_query_s": done - imported,
                  "top": hits[0].id if hits else None}))
"""


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))
    return ordered[rank]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=200, help="warm queries to time")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    figures: dict[str, Any] = {}

    clear_cache()
    start = time.perf_counter()
    docs = load_documents()
    items = all_passages(docs)
    figures["docs_load_ms"] = (time.perf_counter() - start) * 1000
    guidance_passage([docs[0].id], "warm up")
    start = time.perf_counter()
    for doc in docs:
        guidance_passage([doc.id], "no measurable target or baseline")
    figures["guidance_passage_warm_ms"] = (time.perf_counter() - start) * 1000 / len(docs)

    queries = [q.query for q in load_queries(data_dir("evals") / "retrieval" / "queries.yaml")]
    with tempfile.TemporaryDirectory(prefix="bench-kb-") as tmp:
        home = Path(tmp)
        start = time.perf_counter()
        import chromadb  # noqa: F401  (timed here so the build figure is the build alone)

        from coach.knowledge.index import KnowledgeIndex

        figures["import_chromadb_s"] = time.perf_counter() - start
        index = KnowledgeIndex(home=home)
        start = time.perf_counter()
        stats = index.build()
        figures["build_s"] = time.perf_counter() - start
        figures["passages"] = stats.passages
        figures["documents"] = len(docs)
        start = time.perf_counter()
        index.build()
        figures["rebuild_unchanged_s"] = time.perf_counter() - start

        env = dict(os.environ, OKR_COACH_HOME=str(home))
        cold = subprocess.run(
            [sys.executable, "-c", COLD_SCRIPT, str(home), queries[0]],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=env,
            check=True,
        )
        figures["cold"] = json.loads(cold.stdout.strip().splitlines()[-1])

        index.search(queries[0])  # warm
        timings = []
        for i in range(args.queries):
            q = queries[i % len(queries)]
            start = time.perf_counter()
            index.search(q, k=5)
            timings.append((time.perf_counter() - start) * 1000)
        figures["warm_query_ms"] = {
            "n": len(timings),
            "distinct_queries": min(len(queries), args.queries),
            "p50": statistics.median(timings),
            "p95": percentile(timings, 95),
            "max": max(timings),
        }

        embedder = index.embedder
        texts = [p.embed_text() for p in items]
        start = time.perf_counter()
        embedder.embed(texts)
        passage_s = time.perf_counter() - start
        start = time.perf_counter()
        embedder.embed(queries)
        query_s = time.perf_counter() - start
        figures["embed_passages_per_s"] = len(texts) / passage_s
        figures["embed_queries_per_s"] = len(queries) / query_s

    warm = figures["warm_query_ms"]
    cold = figures["cold"]
    print(f"knowledge base: {figures['documents']} documents, {figures['passages']} passages")
    print(f"docs load (cold, no chroma):   {figures['docs_load_ms']:.1f} ms")
    print(f"guidance_passage (warm):       {figures['guidance_passage_warm_ms']:.3f} ms")
    print(f"import chromadb:               {figures['import_chromadb_s']:.2f} s")
    print(f"full build (fresh dir):        {figures['build_s']:.2f} s")
    print(f"rebuild, nothing changed:      {figures['rebuild_unchanged_s'] * 1000:.0f} ms")
    print(
        f"cold process: import {cold['import_s']:.2f} s + open & first query "
        f"{cold['open_and_first_query_s']:.2f} s"
    )
    print(
        f"warm query ({warm['n']} queries, {warm['distinct_queries']} distinct): "
        f"p50 {warm['p50']:.1f} ms, p95 {warm['p95']:.1f} ms, max {warm['max']:.1f} ms"
    )
    print(
        f"embedding throughput: {figures['embed_passages_per_s']:.0f} passages/s, "
        f"{figures['embed_queries_per_s']:.0f} queries/s"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
