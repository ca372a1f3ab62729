"""Generated drafts for benchmarks: varied, realistic-looking, deterministic (seeded).

Why varied: the review caches per text (stems, quantities), so a generator that repeats a
few sentences would measure the caches, not the reviewer. Objectives and key results mix
the shapes real drafts have: from/to metrics, vague verbs, tasks, counted activities,
maintain-style lines, guard clauses, share-of-audience results, placeholders and dates;
almost every line is unique.
"""

from __future__ import annotations

import random

VERBS_UP = ["Raise", "Grow", "Increase", "Lift", "Boost", "Double", "Reach", "Expand"]
VERBS_DOWN = ["Cut", "Reduce", "Lower", "Halve", "Shorten", "Bring down"]
TASK_VERBS = ["Launch", "Hire", "Build", "Run", "Write", "Migrate", "Publish", "Redesign", "Roll out",
              "Host", "Implement", "Train"]
METRICS = ["weekly active teams", "checkout completion", "first-response time", "monthly churn", "NPS",
           "activation rate", "qualified leads", "p95 search latency", "refund rate", "repeat orders",
           "trial-to-paid conversion", "net revenue retention", "support backlog", "onboarding time",
           "deploy frequency", "change-failure rate", "donor retention", "course completion",
           "patient wait time", "on-time delivery", "page load time", "CSAT", "expansion revenue",
           "self-serve signups", "time to first value", "ticket deflection", "crash-free sessions",
           "partner-sourced pipeline", "average order value", "volunteer hours"]
UNITS = ["%", "", " ms", " hours", "k", " days", "", "%"]
THINGS = ["pricing page", "help centre", "mobile app", "partner portal", "onboarding flow",
          "billing system", "design system", "data warehouse", "referral programme", "status page",
          "sales playbook", "API docs", "admin console", "community forum", "search index"]
AUDIENCES = ["new accounts", "trial teams", "enterprise customers", "first-time buyers", "clinics",
             "students", "members", "merchants", "donors", "new hires"]
DATES = ["by end of Q3", "by 30 September", "this quarter", "by 15 August", "before the October release",
         "within 60 days", ""]
OBJECTIVES = ["Make onboarding painless for small teams", "Win the mid-market", "Grow revenue 30%",
              "Make support the reason customers stay", "Launch the app", "Be the most reliable option",
              "Turn trial users into fans", "Make our data trustworthy", "Delight first-time buyers",
              "Earn the trust of hospital buyers", "Ship faster without breaking things",
              "Build a partner channel that sells", "Keep our best people", "Make checkout effortless",
              "Become the obvious choice for schools", "Cut the cost of serving a customer"]


def key_result(rng: random.Random) -> str:
    metric, unit, date = rng.choice(METRICS), rng.choice(UNITS), rng.choice(DATES)
    a, b = rng.randint(5, 950), rng.randint(5, 950)
    shape = rng.randrange(10)
    tail = f" {date}" if date else ""
    if shape == 0:
        return f"{rng.choice(VERBS_UP)} {metric} from {a}{unit} to {max(a, b) + 1}{unit}{tail}"
    if shape == 1:
        return f"{rng.choice(VERBS_DOWN)} {metric} from {max(a, b) + 1}{unit} to {min(a, b)}{unit}{tail}"
    if shape == 2:
        return f"{rng.choice(VERBS_UP + VERBS_DOWN)} {metric}"
    if shape == 3:
        return f"{rng.choice(TASK_VERBS)} the new {rng.choice(THINGS)}{tail}"
    if shape == 4:
        guard = rng.randint(1, 9)
        return f"{rng.choice(VERBS_UP)} {metric} to {b}{unit} while keeping refunds under {guard}%"
    if shape == 5:
        return (f"{a % 90 + 5}% of {rng.choice(AUDIENCES)} reach {metric} within {rng.randint(2, 30)} days, "
                f"up from {b % 60 + 2}%")
    if shape == 6:
        things = rng.choice(["workshops", "articles", "interviews", "demos"])
        return f"{rng.choice(TASK_VERBS)} {rng.randint(2, 40)} {things}{tail}"
    if shape == 7:
        return f"Maintain {metric} above {a % 100}{unit or '%'}"
    if shape == 8:
        audience = rng.choice(AUDIENCES)
        return f"{rng.choice(VERBS_UP)} {metric} among {audience} from [baseline] to [target]{tail}"
    return f"{rng.choice(VERBS_UP)} {metric} by {a % 50 + 5}% for {rng.choice(AUDIENCES)}{tail}"


def draft(objectives: int, krs_per_objective: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    lines = ["# Q3 2026 OKRs — Benchmark team", ""]
    for i in range(objectives):
        lines.append(f"## Objective {i + 1}: {rng.choice(OBJECTIVES)} in {rng.choice(AUDIENCES)}")
        lines += [f"- KR {i + 1}.{j + 1}: {key_result(rng)}" for j in range(krs_per_objective)]
        lines.append("")
    return "\n".join(lines)
