"""The cost of a review grows linearly with the draft: twice the lines, about twice the time.

Why a test: quadratic passes crept in unnoticed because every draft in the tests is small
(the reader searched a list for each of its items, the alignment check gathered all of an
objective's key results for each of them); at 1 MB a draft took 50 s. Each kind of input is
parsed and reviewed at n and 2n lines (``benchmarks/bench_cost_curve.py`` shows four sizes,
larger ones); the time is the minimum of three runs of this process's CPU time, with the
collector off as the CLI has it and the per-text caches emptied (as in a new process), the
two sizes taking turns so both see the same machine; a ratio over the bound is measured
again, up to three times, before the test fails.

The bound is 2.6, not 2.0. Linear work doubles (2.0); the slack is for what is not exact at
sizes that keep this file near 8 s: a 2-core virtual machine shared with other jobs (the same
run varies by 10-20 % in CPU time from one run to the next, and one measurement in a few
lands near 2.5), the allocator and CPU caches when the larger draft no longer fits where the
smaller did, and parts that are n log n (sorting findings, the duplicate check's ordering of
stems). Measured here, the linear reviewer gives 1.8-2.2, now and then 2.5.

What it catches at these sizes, measured on the code before this change: the pass over all
of an objective's key results for each of them (identical key results: 2.9-3.0, fails).
The ones for many objectives and for number-dense lines gave 2.3-2.9 at these sizes, where
their linear part still weighs as much; ``benchmarks/bench_cost_curve.py`` shows them (2.6
to 4.3 between 1,000 and 8,000 lines), at sizes too slow for a test.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from cost_drafts import cold, csv_input, identical, number_dense, objectives, table

from coach.service.inputs import parse_draft
from coach.service.review import review_okr_set, rubric_for

BOUND = 2.6
# kind -> (draft of n lines or rows, n): a run of n takes 0.05-0.15 s here
KINDS: dict[str, tuple[Callable[[int], str], int]] = {
    "number-dense": (number_dense, 400),
    "identical": (identical, 1000),
    "objectives": (objectives, 220),
    "csv": (csv_input, 200),
    "table": (table, 200),
}


def _once(text: str, rubric: Any) -> float:
    cold()
    gc.disable()
    try:
        start = time.process_time()  # this process's CPU time: other jobs on the machine do not count
        review_okr_set(parse_draft(text), rubric=rubric)
        return time.process_time() - start
    finally:
        gc.enable()


@pytest.mark.parametrize("kind", list(KINDS))
def test_twice_the_draft_costs_about_twice_the_time(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKR_COACH_MAX_OBJECTIVES", "100000")
    make, n = KINDS[kind]
    rubric = rubric_for(None)
    small, large = make(n), make(2 * n)
    _once(make(20), rubric)  # warm: modules, compiled patterns, the verb table
    gc.collect()  # once: a review leaves no cycles, so none builds up between the runs
    ratios = []
    for _attempt in range(3):  # a burst of load elsewhere can spoil one measurement, not three
        times: dict[str, list[float]] = {"small": [], "large": []}
        for _ in range(3):
            times["small"].append(_once(small, rubric))
            times["large"].append(_once(large, rubric))
        ratios.append(min(times["large"]) / min(times["small"]))
        if ratios[-1] < BOUND:
            return
    pytest.fail(f"{kind}: {2 * n} lines took {', '.join(f'{r:.2f}' for r in ratios)} times as long as "
                f"{n} (three measurements; linear is 2.0)")
