"""Rubric throughput: key results per second, parse + review + JSON report, on one core.

Run: .venv/bin/python benchmarks/bench_rubric.py [--krs 10000] [--repeats 5]
Prints the median of the repeats and a warm p50 for one 3x4 pasted set (target < 30 ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _drafts import draft

from coach.core.parsing import parse
from coach.report.json import render_json
from coach.rubric.engine import review
from coach.rubric.packs import default_rubric
from coach.service.review import review_text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--krs", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core, as the target says
    rubric = default_rubric()
    per_objective = 10  # 1,000 objectives: the parser's per-file limit
    objectives = args.krs // per_objective
    text = draft(objectives, per_objective)
    timings = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        okr = parse(text)
        result = review(okr, rubric)
        render_json(result)
        timings.append(time.perf_counter() - start)
    seconds = statistics.median(timings)
    total = objectives * per_objective
    print(f"rubric: {total:,} key results in {objectives:,} objectives, parse+review+json")
    print(f"  median {seconds:.2f} s over {args.repeats} runs -> {total / seconds:,.0f} key results/s "
          f"(min {min(timings):.2f} s, max {max(timings):.2f} s)")
    small = draft(3, 4, seed=11)
    review_text(small)  # warm
    warm = []
    for _ in range(200):
        start = time.perf_counter()
        render_json(review_text(small))
        warm.append(time.perf_counter() - start)
    warm.sort()
    print(f"one pasted set (3 objectives x 4 KRs), warm, with guidance: p50 {warm[100] * 1000:.1f} ms, "
          f"p95 {warm[190] * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
