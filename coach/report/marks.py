"""What every report marks in the same way: failing order, counts, evidence spans, the 'why'.

Why one place: the terminal report, the markdown and HTML reports and the web page all
underline the words that triggered a finding and list failures errors-first; they used to
compute that separately. Evidence offsets are absolute for pasted text and relative for
structured input, so evidence is located by its own offsets when they fit and else by
searching the item's text for its words. ``Lines`` places offsets on the draft's lines for
the reports that point into the file (JSON evidence, github annotations, SARIF regions).
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache

from coach.core.models import LEVEL_RANK, LEVELS, Evidence, Finding, OkrSet, Passage, Review
from coach.core.record import Record

ORDER = {level: i for i, level in enumerate(LEVELS)}
MARK = {"error": "✖", "warning": "▲", "suggestion": "●"}


def failing(findings: list[Finding]) -> list[Finding]:
    """The failing findings, errors first, then warnings, then suggestions."""
    return sorted((f for f in findings if not f.passed), key=lambda f: ORDER[f.level])


def passed(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.passed]


def counts(review: Review) -> dict[str, int]:
    """Failing findings per level, over the whole review."""
    out: dict[str, int] = dict.fromkeys(LEVELS, 0)
    for finding in review.failing("suggestion"):
        out[finding.level] += 1
    return out


def why(review: Review, finding: Finding) -> Passage | None:
    """The guidance passage that explains a failing finding, from the review's own passages."""
    return review.passages.get(finding.why) if finding.why else None


def offsets(okr: OkrSet) -> dict[str, int]:
    """Item id -> where its text starts in the pasted draft (only drafts parsed from text)."""
    if okr.source != "text":
        return {}
    out: dict[str, int] = {}
    for objective in okr.objectives:
        out[objective.id] = objective.offset
        for kr in objective.key_results:
            out[kr.id] = kr.offset
    return out


class Lines:
    """1-based line and column (in characters) of offsets into a pasted draft.

    Why a table: a review of 10,000 key results places some 100,000 evidence spans, and
    counting newlines from the top for each would be quadratic; the line starts are found
    once, then each offset is a binary search. Lines end at "\\n" (so "\\r\\n" too), as
    SARIF's default ``newLineSequences`` and editors' line numbers have it.
    """

    __slots__ = ("_size", "_starts")

    def __init__(self, draft: str) -> None:
        starts, find = [0], draft.find
        at = find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = find("\n", at + 1)
        self._starts, self._size = starts, len(draft)

    def at(self, offset: int) -> tuple[int, int] | None:
        """(line, column) of an offset, None outside the draft (its very end still counts)."""
        if not 0 <= offset <= self._size:
            return None
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def position(self, start: int | None, fallback_line: int | None) -> tuple[int, int]:
        """Where an offset is, else the start of the item's line (column 1), else line 1."""
        found = self.at(start) if start is not None else None
        return found if found is not None else ((fallback_line or 1), 1)


def lines_of(okr: OkrSet, draft: str) -> Lines | None:
    """The draft's lines when evidence offsets index it (text input), else None: structured
    input's offsets index each item's own text, not the file."""
    return Lines(draft) if okr.source == "text" else None


def locate(text: str, ev: Evidence, offset: int = 0) -> int:
    """Where the evidence starts in the item text, or -1: its offsets if they fit, else a search."""
    for start in (ev.start - offset, ev.start):
        if start >= 0 and text[start:start + len(ev.text)] == ev.text:
            return start
    found = text.find(ev.text)
    return found if found >= 0 else text.lower().find(ev.text.lower())


class Segment(Record):
    """A run of an item's text; ``level`` is set when a failing finding points at it."""

    __slots__ = ("level", "text", "title")
    text: str
    level: str | None
    title: str

    def __init__(self, text: str, level: str | None = None, title: str = "") -> None:
        self.text, self.level, self.title = text, level, title


def highlight(text: str, findings: list[Finding], offset: int = 0,
              name: Callable[[str], str] = lambda criterion: criterion.split(".", 1)[-1]) -> list[Segment]:
    """Split ``text`` into segments, marking the words each failing finding cites.

    Evidence that covers the whole item is left out of the marks (it says nothing about
    *which* words), but is still listed under its finding. Overlaps take the more severe
    level; touching marks of one level are joined.
    """
    marks: list[tuple[int, int, str, str]] = []
    whole = len(text.strip())
    for finding in failing(findings):
        for ev in finding.evidence:
            if not ev.text.strip() or len(ev.text.strip()) >= whole:
                continue
            start = locate(text, ev, offset)
            if start >= 0:
                marks.append((start, start + len(ev.text), finding.level, name(finding.criterion)))
    if not marks:
        return [Segment(text)]
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    merged: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        covering = [m for m in marks if m[0] <= a and b <= m[1]]
        level = max((m[2] for m in covering), key=lambda lv: LEVEL_RANK[lv]) if covering else None
        titles = list(dict.fromkeys(m[3] for m in covering))
        if merged and merged[-1].level == level and level is not None:
            joined = ", ".join(dict.fromkeys([*merged[-1].title.split(", "), *titles]))
            merged[-1] = Segment(merged[-1].text + text[a:b], level, joined)
        else:
            merged.append(Segment(text[a:b], level, ", ".join(titles)))
    return merged


@lru_cache(maxsize=1024)
def excerpt(text: str, limit: int) -> str:
    """A passage flattened to one line and cut at a word boundary, never mid-word."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def improved_set(review: Review) -> list[tuple[str, list[str]]]:
    """The set with each item's first shown rewrite in place of its text: what an author takes
    away. Empty when nothing was rewritten (then there is nothing to take)."""
    if not any(o.suggestions or any(k.suggestions for k in o.key_results) for o in review.objectives):
        return []
    return [(objective.suggestions[0].text if objective.suggestions else objective.text,
             [kr.suggestions[0].text if kr.suggestions else kr.text for kr in objective.key_results])
            for objective in review.objectives]
