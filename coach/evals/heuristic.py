"""The one-line heuristic every accuracy figure is printed beside.

Why it exists: an engine that cannot beat "contains a number and does not start with a
task verb" on outcome versus task is not earning its complexity. The verb list is short
and fixed on purpose (the most common task verbs in any OKR guide); it is never tuned.
"""

from __future__ import annotations

import re

_TASK_VERBS = frozenset("""launch build create write implement ship release publish hire run hold host
complete finish deliver develop design set make do define document migrate add update""".split())
_FIRST = re.compile(r"[A-Za-z]+")


def outcome_heuristic(text: str) -> bool:
    """True (an outcome) when the line has a digit and its first word is not a task verb."""
    first = _FIRST.search(text)
    return bool(re.search(r"\d", text)) and (first is None or first.group(0).lower() not in _TASK_VERBS)
