"""Drafts of n lines or rows for the cost curve: one per input kind the hardening issue timed.

Shared by ``benchmarks/bench_cost_curve.py`` (four doubling sizes) and
``tests/core/test_cost_linear.py`` (n against 2n), so the test checks the curve the
benchmark prints. Deterministic: every line is unique where the kind allows it, so the
per-text caches do not stand in for the work.
"""

from __future__ import annotations

import sys

METRICS = ["activation rate", "weekly active teams", "checkout completion", "first-response time",
           "NPS", "monthly churn", "p95 search latency", "trial-to-paid conversion", "refund rate"]


def number_dense(n: int) -> str:
    return "".join(f"- Raise metric {i} from {i % 9}.5% to {i % 13 + 7}.25% by 2026-03-{i % 28 + 1:02d}, "
                   f"{40 + i % 50} to {80 + i % 70} units, p95 {100 + i % 400}ms\n" for i in range(n))


def identical(n: int) -> str:
    return "Objective: Make onboarding painless\n" + \
        "- Raise weekly active teams from 200 to 400 by end of Q3\n" * n


def objectives(n: int) -> str:
    out = []
    for i in range(n):
        metric = METRICS[i % len(METRICS)]
        out += [f"Objective: Make onboarding painless for team {i}",
                f"- Raise {metric} {i} from {i % 40}% to {i % 40 + 15}% by end of Q3",
                f"- Cut onboarding time {i} from {i % 9 + 5} days to {i % 4 + 1} days",
                f"- Launch the new help centre for region {i}"]
    return "\n".join(out) + "\n"


def _rows(n: int) -> list[tuple[str, str, str]]:
    return [(f"Make onboarding painless for team {i // 3}",
             f"Raise {METRICS[i % len(METRICS)]} {i} from {i % 40}% to {i % 40 + 15}% by Q3",
             f"Owner {i % 17}") for i in range(n)]


def csv_input(n: int) -> str:
    return "Objective,Key result,Owner\n" + "".join(f"{o},{k},{w}\n" for o, k, w in _rows(n))


def table(n: int) -> str:
    return "| Objective | Key result | Owner |\n|---|---|---|\n" + \
        "".join(f"| {o} | {k} | {w} |\n" for o, k, w in _rows(n))


def prose(n: int) -> str:
    return "".join(f"We talked about item {i}. Then we moved on to the other things that matter.\n"
                   for i in range(n)) + "\nGrow the business\n- Raise NPS from 30 to 40 by Q3\n"


def cold() -> None:
    """Empty the per-text caches (stems, quantities, claims...), so each timed run does the work
    of one ``okr-coach review`` and not that of a review of text already seen (warm, most lines
    cost a dictionary look-up, too little to time against a shared machine's noise)."""
    for name, module in list(sys.modules.items()):
        if name.startswith("coach."):
            for value in list(vars(module).values()):
                info = getattr(value, "cache_info", None)
                if callable(info) and (info().maxsize or 0) >= 4096:  # per text or word, not per criterion
                    value.cache_clear()
