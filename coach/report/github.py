"""Failing findings as GitHub Actions workflow annotations (``--format github``).

Why: OKRs kept in a repository are reviewed in pull requests; an annotation puts the
finding on the line of the draft that triggered it, in the diff, with no other tooling.
Each line is ``::error file=PATH,line=L,col=C,title=CRITERION::MESSAGE`` (warning and
notice for the other levels), escaped as the workflow-command format asks.
"""

from __future__ import annotations

from typing import Any

from coach.core.models import Review

KIND = {"error": "error", "warning": "warning", "suggestion": "notice"}
RANK = {"suggestion": 0, "warning": 1, "error": 2}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def position(draft: str, start: int | None, fallback_line: int | None) -> tuple[int, int]:
    """1-based line and column of an offset into the draft, else the item's line, column 1."""
    if start is not None and 0 <= start <= len(draft):
        line = draft.count("\n", 0, start) + 1
        return line, start - (draft.rfind("\n", 0, start) + 1) + 1
    return (fallback_line or 1), 1


def workflow_annotations(review: Review, path: str, draft: str, structured: bool,
                         at_least: str = "suggestion") -> list[str]:
    """One annotation per failing finding at or above ``at_least``, set findings on line 1."""
    floor = RANK.get(at_least, 0)
    out = []

    def emit(finding: Any, item_line: int | None) -> None:
        if finding.passed or finding.unsure or RANK.get(finding.level, 0) < floor:
            return
        start = None if structured or not finding.evidence else finding.evidence[0].start
        line, col = position(draft, start, item_line)
        out.append(f"::{KIND.get(finding.level, 'notice')} file={_prop(path)},line={line},col={col},"
                   f"title={_prop(finding.criterion)}::{_data(finding.message)}")

    for finding in review.findings:
        emit(finding, 1)
    for objective in review.objectives:
        for finding in objective.findings:
            emit(finding, objective.line)
        for kr in objective.key_results:
            for finding in kr.findings:
                emit(finding, kr.line)
    return out
