"""A key result that only names its metric, with the metric's definition in brackets
("Repeat purchase rate (customers buying twice in 30 days)"): the rewrite keeps the name and
the definition as written and adds what is missing, the start and the target. A quality of
the system with no number ("Checkout service stable") keeps its words and gets the number
that would show it, marked.

Why apart: the general rules read such a line as a vague aim and wrote "Raise the [metric]
of the repeat purchase rate (...)", naming a metric of a metric, and always "Raise", also
for a time or a cost. Here the direction follows the metric's name (a time, a cost, churn
or errors go down), and the numbers in the definition stay where they are: they define the
metric, they are not its target or its start.
"""

from __future__ import annotations

import re

from coach.rubric.checks.outcome_shapes import metric_with_definition

# Names of metrics that are better when lower ("time to first reply", "cost per delivery").
_LOWER_IS_BETTER = re.compile(
    r"\b(?:time|wait|waiting|latency|delay|churn|cost|costs|spend|errors?|bugs?|defects?|incidents?|outages?"
    r"|downtime|complaints?|backlog|refunds?|abandonment|attrition|drop-?outs?|drop-?off|cancellations?"
    r"|failures?|crash(?:es)?|escalations?|bounce)\b", re.IGNORECASE)


def metric_line_to_target(text: str, start: str, target: str) -> str | None:
    """'Repeat purchase rate (customers buying twice in 30 days)' -> 'Raise repeat purchase
    rate (customers buying twice in 30 days) from [baseline] to [target]'; None when the line
    is not a metric named with its definition."""
    head = metric_with_definition(text)
    if head is None:
        return None
    line = text.strip().rstrip(". ")
    definition = line[line.index("(", len(head.strip())):]
    name = head.strip()
    if name[:1].isupper() and not name[:2].isupper():
        name = name[0].lower() + name[1:]
    verb = "Cut" if _LOWER_IS_BETTER.search(head) else "Raise"
    return f"{verb} {name} {definition} from {start} to {target}"


# "Checkout service stable", "Booking app reliable": a quality of the team's system, no number
_QUALITY = re.compile(r"^\s*(?P<thing>(?:[\w-]+\s+){0,5}?[\w-]+)\s+(?P<quality>stable|reliable|available|"
                      r"responsive|secure)\s*\.?\s*$", re.IGNORECASE)


def quality_to_target(text: str, target: str) -> str | None:
    """'Checkout service stable' -> 'Checkout service stable, measured as [metric] at or above
    [target]': the quality stays in the author's words; the number that shows it is marked."""
    m = _QUALITY.match(text)
    if m is None:
        return None
    return f"{text.strip().rstrip('.')}, measured as [metric] at or above {target}"
