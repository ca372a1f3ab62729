"""How the cost of one review grows with the draft: four doubling sizes per kind of input.

A review's cost should be linear in what it reads; twice the lines, twice the time (a ratio
near 2.0 between consecutive sizes). A ratio near 4 is a quadratic pass somewhere (the
reader searching a list for each of its items, a check comparing every key result with all
the others). Kinds of input, each at four doubling sizes:

  number-dense   bullet lines dense with numbers, percentages and dates, no objective line
                 (the key results of one stand-in objective)
  identical      one objective over N identical key results
  objectives     N objectives of three key results each
  csv            a CSV export: objective, key result, owner (a new objective every 3 rows)
  table          the same rows as a markdown table
  prose          lines of prose with no blank line between them, then one objective (unlabelled)

Each figure is the median of ``--runs`` timings of ``parse_draft`` + ``review_okr_set`` (what
``okr-coach review`` does before printing), with the garbage collector off as the CLI has it
and the per-text caches emptied before each run (as in a new process).
The limits on characters and objectives are raised for the run (the larger sizes are over
them, on purpose).

    .venv/bin/python benchmarks/bench_cost_curve.py [--base 1000] [--runs 3] [--kinds csv,table]
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ["OKR_COACH_MAX_CHARS"] = "200000000"
os.environ["OKR_COACH_MAX_OBJECTIVES"] = "10000000"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from cost_drafts import cold, csv_input, identical, number_dense, objectives, prose, table  # noqa: E402

KINDS: dict[str, Callable[[int], str]] = {"number-dense": number_dense, "identical": identical,
                                          "objectives": objectives, "csv": csv_input, "table": table,
                                          "prose": prose}


def timed(text: str, rubric: object) -> float:
    """Seconds for one parse and review of ``text``, the collector off (as in the CLI)."""
    from coach.service.inputs import parse_draft
    from coach.service.review import review_okr_set

    cold()
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        review_okr_set(parse_draft(text), rubric=rubric)  # type: ignore[arg-type]
        return time.perf_counter() - start
    finally:
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--base", type=int, default=1000, help="the smallest size, in lines or rows")
    parser.add_argument("--runs", type=int, default=3, help="timings per size; the median is shown")
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated kinds")
    args = parser.parse_args(argv)
    from coach.service.review import rubric_for

    rubric = rubric_for(None)
    timed(identical(50), rubric)  # warm up: modules, compiled patterns, the verb table
    sizes = [args.base * 2**k for k in range(4)]
    print(f"cost curve: median of {args.runs} runs of parse + review, sizes {', '.join(map(str, sizes))}")
    print(f"{'kind':<14}" + "".join(f"{n:>10,}" for n in sizes) + "   ratios (each size over the one before)")
    worst = 0.0
    for kind in args.kinds.split(","):
        make = KINDS[kind]
        times = []
        for n in sizes:
            text = make(n)
            times.append(statistics.median(timed(text, rubric) for _ in range(args.runs)))
        ratios = [b / a for a, b in itertools.pairwise(times)]
        worst = max(worst, *ratios)
        print(f"{kind:<14}" + "".join(f"{t:>9.2f}s" for t in times) + "   "
              + "  ".join(f"{r:.2f}" for r in ratios), flush=True)
    print(f"largest ratio: {worst:.2f} (linear is 2.0; quadratic would approach 4.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
