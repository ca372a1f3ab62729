"""Generated drafts for benchmarks: varied, realistic-looking, deterministic (seeded)."""

from __future__ import annotations

import random

VERBS = ["Raise", "Cut", "Grow", "Reduce", "Launch", "Hire", "Keep", "Double", "Improve", "Reach"]
METRICS = ["weekly active teams", "checkout completion", "first-response time", "churn", "NPS",
           "activation rate", "qualified leads", "p95 latency", "refund rate", "repeat orders"]
UNITS = ["%", "", " ms", " hours", "k", ""]
OBJECTIVES = ["Make onboarding painless for small teams", "Win the mid-market", "Grow revenue 30%",
              "Make support the reason customers stay", "Launch the app", "Be the most reliable option"]


def key_result(rng: random.Random) -> str:
    verb, metric, unit = rng.choice(VERBS), rng.choice(METRICS), rng.choice(UNITS)
    a, b = rng.randint(5, 90), rng.randint(5, 90)
    shape = rng.randrange(5)
    if shape == 0:
        return f"{verb} {metric} from {a}{unit} to {b}{unit} by end of Q3"
    if shape == 1:
        return f"{verb} {metric}"
    if shape == 2:
        return f"{verb} the new {metric} dashboard"
    if shape == 3:
        return f"{verb} {metric} to {b}{unit} while keeping refunds under 2%"
    return f"{a}% of new accounts reach {metric} within {rng.randint(2, 9)} days, up from {b}%"


def draft(objectives: int, krs_per_objective: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    lines = ["# Q3 2026 OKRs — Benchmark team", ""]
    for i in range(objectives):
        lines.append(f"## Objective {i + 1}: {rng.choice(OBJECTIVES)}")
        lines += [f"- KR {i + 1}.{j + 1}: {key_result(rng)}" for j in range(krs_per_objective)]
        lines.append("")
    return "\n".join(lines)
