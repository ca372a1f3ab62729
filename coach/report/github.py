"""Failing findings as GitHub Actions workflow annotations (``--format github``).

Why: OKRs kept in a repository are reviewed in pull requests; an annotation puts the
finding on the line of the draft that triggered it, in the diff, with no other tooling.
Each line is ``::error file=PATH,line=L,col=C,title=CRITERION::MESSAGE`` (warning and
notice for the other levels), escaped as the workflow-command format asks.
"""

from __future__ import annotations

from typing import Any

from coach.core.models import Review
from coach.report.marks import Lines

KIND = {"error": "error", "warning": "warning", "suggestion": "notice"}
RANK = {"suggestion": 0, "warning": 1, "error": 2}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_annotations(review: Review, path: str, draft: str, structured: bool,
                         at_least: str = "suggestion") -> list[str]:
    """One annotation per failing finding at or above ``at_least``, set findings on line 1."""
    floor = RANK.get(at_least, 0)
    lines = Lines(draft)
    out = []

    def emit(finding: Any, item_line: int | None) -> None:
        if finding.passed or finding.unsure or RANK.get(finding.level, 0) < floor:
            return
        # structured input's evidence indexes the item's own text, not the file
        start = None if structured or not finding.evidence else finding.evidence[0].start
        line, col = lines.position(start, item_line)
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
