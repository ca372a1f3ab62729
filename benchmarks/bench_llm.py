"""Benchmark the suggestion path with a model: concurrency, cache, prompt size.

Starts the loopback fake server from tests/llm_server.py answering every request after a
fixed latency (1 s by default), and reviews a draft of 200 objectives (two failing key
results each) through real litellm:

1. cold: every objective is one model call, at the default concurrency (target < 20 s);
2. warm: the same again, answered from the reply cache (target < 2 s);
3. prompt tokens per objective (tiktoken's cl100k count via litellm.token_counter);
4. the offline rewriter on the same draft, for comparison.

    .venv/bin/python benchmarks/bench_llm.py [--objectives 200] [--latency 1.0]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

TEMPLATES = [
    ("Make support the reason customers stay with us",
     ["Improve response times", "Launch the new help centre", "Raise CSAT from 82% to 92%"]),
    ("Give new teams a first week they love", ["Launch the new onboarding flow", "Improve user engagement",
                                                "Cut time to first project from 6 days to 2 days"]),
    ("Grow revenue from our largest customers", ["Hire 3 account managers", "Maintain 99.9% uptime",
                                                  "Raise net revenue retention from 104% to 115%"]),
]


def draft(objectives: int) -> str:
    lines = ["Period: Q3 2026"]
    for i in range(objectives):
        title, krs = TEMPLATES[i % len(TEMPLATES)]
        lines.append(f"Objective: {title} (team {i + 1})")
        lines += [f"- {kr}" for kr in krs]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objectives", type=int, default=200)
    parser.add_argument("--latency", type=float, default=1.0)
    args = parser.parse_args()

    home = tempfile.mkdtemp(prefix="okr-bench-")
    os.environ.update({"OKR_COACH_HOME": home, "LITELLM_LOCAL_MODEL_COST_MAP": "True"})
    from llm_server import FakeLLMServer, Reply, faithful

    from coach.core.parsing import parse
    from coach.llm.client import LLMConfig
    from coach.llm.litellm_client import import_litellm
    from coach.llm.prompts import render
    from coach.rubric.packs import default_rubric
    from coach.service.review import review_okr_set
    from coach.suggest.jobs import build_jobs
    from coach.suggest.pipeline import add_suggestions

    okr = parse(draft(args.objectives))
    review = review_okr_set(okr, explain=False)
    litellm = import_litellm()
    jobs = build_jobs(okr, review, default_rubric(), {})
    tokens = [litellm.token_counter(model="gpt-4o-mini", messages=render(j.task, j.context)) for j in jobs]

    start = time.perf_counter()
    offline = add_suggestions(okr, review)
    offline_s = time.perf_counter() - start

    with FakeLLMServer(lambda r: Reply(content=faithful(r).content, delay=args.latency)) as server:
        os.environ.update({"OKR_COACH_MODEL": "openai/bench", "OKR_COACH_API_BASE": server.base_url,
                           "OKR_COACH_API_KEY": "not-needed"})
        concurrency = LLMConfig.from_env().concurrency
        start = time.perf_counter()
        cold = add_suggestions(okr, review, similarity=None)
        cold_s = time.perf_counter() - start
        start = time.perf_counter()
        warm = add_suggestions(okr, review, similarity=None)
        warm_s = time.perf_counter() - start
        requests = len(server.requests)

    print(f"objectives {args.objectives}, latency {args.latency:g} s, concurrency {concurrency}")
    print(f"cold   {cold_s:6.2f} s  calls {cold.model_calls}  accepted {cold.accepted}/{cold.proposed}  "
          f"fallbacks {cold.fallbacks}  (target < 20 s)")
    print(f"cached {warm_s:6.2f} s  calls {warm.model_calls}  cache hits {warm.cache_hits}  "
          f"accepted {warm.accepted}  (target < 2 s)")
    print(f"server requests {requests} (one per objective with something to fix: {len(jobs)})")
    print(f"prompt tokens per objective: mean {statistics.mean(tokens):.0f}, "
          f"min {min(tokens)}, max {max(tokens)} (cl100k); server-reported total {cold.prompt_tokens:,}")
    print(f"offline rewriter on the same draft: {offline_s:.2f} s, "
          f"accepted {offline.accepted}/{offline.proposed}")
    ok = cold_s < 20 and warm_s < 2 and cold.model_calls == len(jobs) and warm.model_calls == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
