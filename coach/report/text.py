"""The terminal report: grouped per objective, evidence underlined, fix and 'why' under each failure.

Why no rich here: the review must start fast and render 10,000 key results in well under a
second. The report is laid out once as lines of styled runs, wrapped at the width with a
hanging indent, and written either plain (a pipe, a file, ``NO_COLOR``) or with ANSI
colours (a terminal). The triggering words are underlined in their finding's colour.
"""

from __future__ import annotations

import os
import re
import shutil
import sys

from coach.core.models import Finding, KeyResultReview, Review, Suggestion
from coach.report.marks import MARK, counts, excerpt, failing, highlight, why

WHY_CHARS = 180
_LEVEL_STYLE = {"error": "1;31", "warning": "33", "suggestion": "36"}
Run = tuple[str, str]  # (text, ANSI style codes; "" for none)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(text: str) -> str:
    """Each control character as one visible stand-in ("␛" for ESC, "·" otherwise)."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: "␛" if m.group(0) == "\x1b" else "·", text)


class _Writer:
    """Collects wrapped lines, with or without colour."""

    def __init__(self, width: int, color: bool) -> None:
        self.width = width
        self.color = color
        self.lines: list[str] = []

    def blank(self) -> None:
        self.lines.append("")

    def line(self, runs: list[Run], indent: int = 0) -> None:
        """One logical line, wrapped at the width; continuation lines keep ``indent``.

        Control characters from the draft become visible escapes ("\\x1b"), one-for-one so
        evidence offsets still line up: a pasted draft must not retitle, clear or recolour
        the reviewer's terminal."""
        runs = [(_visible(t), style) for t, style in runs]
        text = "".join(t for t, _ in runs)
        pad = " " * indent
        room = max(20, self.width - indent)
        if len(text) <= room:
            self.lines.append(pad + (self._styled(runs, 0, len(text)) if self.color else text))
            return
        for start, end in _wrap(text, room):
            self.lines.append(pad + (self._styled(runs, start, end) if self.color else text[start:end]))

    @staticmethod
    def _styled(runs: list[Run], start: int, end: int) -> str:
        out, pos = [], 0
        for text, style in runs:
            a, b = max(start, pos), min(end, pos + len(text))
            if a < b:
                piece = text[a - pos:b - pos]
                out.append(f"\x1b[{style}m{piece}\x1b[0m" if style else piece)
            pos += len(text)
        return "".join(out)


def _wrap(text: str, room: int) -> list[tuple[int, int]]:
    """Greedy word wrap as (start, end) slices of ``text``; a word longer than a line stands alone.

    Jumps from break to break with ``rfind`` rather than walking every word: the report of
    10,000 key results wraps some 50,000 lines.
    """
    spans: list[tuple[int, int]] = []
    n, start = len(text), 0
    while start < n:
        while start < n and text[start] == " ":
            start += 1
        if start >= n:
            break
        if n - start <= room:
            spans.append((start, n))
            break
        cut = text.rfind(" ", start, start + room + 1)
        if cut <= start:  # a word longer than the line
            cut = text.find(" ", start + room)
            if cut < 0:
                spans.append((start, n))
                break
        end = cut
        while end > start and text[end - 1] == " ":
            end -= 1
        spans.append((start, end))
        start = cut + 1
    return spans


def _marked(text: str, findings: list[Finding], offset: int) -> list[Run]:
    return [(seg.text, f"4;{_LEVEL_STYLE[seg.level]}" if seg.level else "")
            for seg in highlight(text, findings, offset)]


def _finding(out: _Writer, review: Review, finding: Finding, indent: int) -> None:
    style = _LEVEL_STYLE[finding.level]
    out.line([(f"{MARK[finding.level]} {finding.level}: ", style), (finding.message, ""),
              (f"  [{finding.criterion.split('.', 1)[-1]}]", "2")], indent)
    if finding.fix:
        out.line([("fix: ", "32"), (finding.fix, "")], indent + 2)
    passage = why(review, finding)
    if passage is not None:
        out.line([("why: ", "35"), (excerpt(passage.text, WHY_CHARS), "2"), (f" ({passage.id})", "2;3")],
                 indent + 2)


def _suggestions(out: _Writer, suggestions: list[Suggestion], indent: int) -> None:
    for s in suggestions:
        sources = "; " + ", ".join(s.sources) if s.sources else ""
        out.line([("→ try: ", "1;32"), (s.text, ""), (f"  ({s.origin}{sources})", "2")], indent)


def _key_result(out: _Writer, review: Review, kr: KeyResultReview, offset: int) -> None:
    bad = failing(kr.findings)
    mark, style = (MARK[bad[0].level], _LEVEL_STYLE[bad[0].level]) if bad else ("✓", "32")
    out.line([("   ", ""), (f"{mark} ", style), (f"{kr.id.split('.', 1)[-1]} ", "1"),
              *_marked(kr.text, kr.findings, offset), (f"   {kr.score:.2f}", "2")])
    for finding in bad:
        _finding(out, review, finding, 7)
    _suggestions(out, kr.suggestions, 7)


def render_text(review: Review, width: int | None = None, color: bool | None = None,
                offsets: dict[str, int] | None = None) -> str:
    """The report as a string; ``offsets`` (item id -> start in the pasted draft) place evidence.

    ``color`` None means: colours on a terminal unless ``NO_COLOR`` is set.
    """
    if color is None:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    width = width or (shutil.get_terminal_size((110, 24)).columns if sys.stdout.isatty() else 110)
    offsets = offsets or {}
    out = _Writer(width, color)
    context = " · ".join(x for x in (review.team, review.period) if x)
    pack = f"   pack {review.rubric}" if review.rubric != "okr-core" else ""
    out.line([("OKR review", "1"), (f" — {context}" if context else "", ""),
              (f"   score {review.score:.2f}  grade {review.grade}", "1"),
              (f"   profile {review.profile}{pack}", "2")])
    for finding in failing(review.findings):
        _finding(out, review, finding, 2)
    for objective in review.objectives:
        out.blank()
        out.line([(f"{objective.id} ", "1;34"),
                  *_marked(objective.text, objective.findings, offsets.get(objective.id, 0)),
                  (f"   {objective.score:.2f}", "1")])
        for finding in failing(objective.findings):
            _finding(out, review, finding, 3)
        _suggestions(out, objective.suggestions, 3)
        for kr in objective.key_results:
            _key_result(out, review, kr, offsets.get(kr.id, 0))
    n = counts(review)
    out.blank()
    stand_ins = review.stats.get("stand_in_objectives", 0)
    stated = f" (and {stand_ins} stand-in for key results with none)" if stand_ins else ""
    objectives, krs = review.stats.get("objectives", 0), review.stats.get("key_results", 0)
    out.line([(f"{objectives} objectives{stated}, {krs} key results: {n['error']} errors, "
               f"{n['warning']} warnings, {n['suggestion']} suggestions", "1")])
    return "\n".join(out.lines) + "\n"
