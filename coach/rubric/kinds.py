"""The kind of a key result: metric, maintain, milestone, baseline or activity.

Why kinds: criteria ask different things of different key results. A health metric that
holds a level is not judged for a baseline the way a growth metric is; a key result that
sets up a measurement ("measure the activation rate by week 3") has no target to be
ambitious about; a milestone is done or not done. The kind is read from what the checks
already found (the outcome check's trigger, the parts' direction) plus one pattern for
baselines to establish, so it costs nothing extra and always agrees with the findings.
"""

from __future__ import annotations

import re

from coach.core.models import Finding, KrParts

# "Measure the baseline ...", "establish a baseline for ...", "define the activation metric"
_ESTABLISH = re.compile(r"\b(?:measure|establish|set|define|agree|instrument|start\s+tracking|baseline)\b"
                        r".{0,40}?\b(?:baseline|metric|measure(?:ment)?|kpi|benchmark)\b", re.IGNORECASE)
# Criteria that do not apply to a key result that only sets up a measurement (it is done or not).
NOT_FOR_BASELINE = frozenset({"kr-baseline", "kr-ambition", "kr-measurable"})


def kr_kind(text: str, parts: KrParts, findings: list[Finding]) -> str:
    """The kind, from the findings of the outcome and ambition checks and the parts."""
    by_stem = {f.criterion.split(".", 1)[-1]: f for f in findings}
    outcome = by_stem.get("kr-outcome")
    if _ESTABLISH.search(text) and not parts.target_text:
        return "baseline"
    if outcome is not None and not outcome.passed:
        return "milestone" if outcome.trigger in ("milestone", "deliverable") else "activity"
    ambition = by_stem.get("kr-ambition")
    if parts.direction == "keep" or (ambition is not None and ambition.trigger == "holds-level"):
        return "maintain"
    return "metric"
