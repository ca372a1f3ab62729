"""Failing findings as one SARIF 2.1.0 log (``--format sarif``).

Why: code scanning (GitHub's ``upload-sarif`` among others) and editors' SARIF viewers read
one standard format, so OKRs kept in a repository get their findings on the words that
triggered them, each with its rule: the rubric criterion, its level and how to fix it.

One run per invocation: several drafts are several artifacts of the same run, so a
repository's OKR files make one log. Every failing finding is a result (an ``unsure`` one is
a note, marked in its properties); ``--fail-on`` decides the exit code, not what is listed.
A region is placed as github annotations are (``marks.Lines``): from the finding's first
evidence span in the pasted draft, with columns in characters (``columnKind``
unicodeCodePoints), else on the item's line; structured input (JSON/YAML) has offsets into
each item's own text, not the file, so its regions give the item's line only.
"""

from __future__ import annotations

import json
import os
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from coach import __version__

if TYPE_CHECKING:
    from coach.core.models import Finding, Review
    from coach.report.marks import Lines
    from coach.rubric.model import Rubric

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "suggestion": "note"}


def artifact_uri(path: str) -> str:
    """The path as given, as a URI reference: relative with forward slashes ("stdin" for "-"),
    an absolute path as a file URI."""
    if path == "-":
        return "stdin"
    if os.path.isabs(path):
        return Path(path).as_uri()
    return quote(posixpath.normpath(path.replace("\\", "/")), safe="/")


def region(finding: Finding, lines: Lines | None, item_line: int | None) -> dict[str, Any]:
    """Where the finding's first evidence span lies in the draft, else its item's line."""
    ev = finding.evidence[0] if finding.evidence else None
    start = lines.at(ev.start) if lines is not None and ev is not None else None
    if lines is None or ev is None or start is None:
        return {"startLine": item_line or 1}
    out = {"startLine": start[0], "startColumn": start[1]}
    end = lines.at(ev.end) if ev.end > ev.start else None
    if end is not None:
        out["endLine"], out["endColumn"] = end
    return out


class SarifLog:
    """One SARIF run over one or more drafts: ``add`` each draft's review, then ``to_dict``.

    ``rubric`` (the pack that judged) gives each rule its name, fix hint and default level.
    """

    def __init__(self, rubric: Rubric | None = None) -> None:
        self._rubric = rubric
        self._rules: list[dict[str, Any]] = []
        self._rule_index: dict[str, int] = {}
        self._results: list[dict[str, Any]] = []
        self._notifications: list[dict[str, Any]] = []
        self._properties: dict[str, Any] = {}

    def add(self, review: Review, path: str, lines: Lines | None) -> None:
        """Every failing finding of one draft; ``lines`` is None for structured input."""
        uri = artifact_uri(path)
        self._properties = self._properties or {"rubric": review.rubric, "profile": review.profile}
        for finding in review.findings:
            self._result(finding, uri, region(finding, lines, 1), "")
        for objective in review.objectives:
            for finding in objective.findings:
                self._result(finding, uri, region(finding, lines, objective.line), objective.id)
            for kr in objective.key_results:
                for finding in kr.findings:
                    self._result(finding, uri, region(finding, lines, kr.line), kr.id)

    def unreadable(self, path: str, reason: str) -> None:
        """A draft that could not be read: the log says so, and that the run is incomplete."""
        self._notifications.append({
            "level": "error", "message": {"text": reason},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}}}]})

    def _rule(self, finding: Finding) -> int:
        index = self._rule_index.get(finding.criterion)
        if index is not None:
            return index
        name, fix, level = finding.criterion, finding.fix, finding.level
        if self._rubric is not None:
            try:
                criterion = self._rubric.get(finding.criterion)
            except KeyError:
                pass
            else:
                name, fix, level = criterion.name, criterion.fix, criterion.level
        rule: dict[str, Any] = {"id": finding.criterion, "name": finding.criterion.split(".", 1)[-1],
                                "shortDescription": {"text": name}}
        if fix:
            rule["help"] = {"text": fix}
        rule["defaultConfiguration"] = {"level": LEVEL.get(level, "note")}
        self._rule_index[finding.criterion] = index = len(self._rules)
        self._rules.append(rule)
        return index

    def _result(self, finding: Finding, uri: str, where: dict[str, Any], item: str) -> None:
        if finding.passed:
            return
        text = f"{finding.message}\nFix: {finding.fix}" if finding.fix else finding.message
        properties: dict[str, Any] = {"item": item} if item else {}
        if finding.trigger:
            properties["trigger"] = finding.trigger
        if finding.unsure:
            properties["unsure"] = True
        result: dict[str, Any] = {
            "ruleId": finding.criterion, "ruleIndex": self._rule(finding),
            "level": LEVEL.get(finding.level, "note"), "message": {"text": text},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": where}}]}
        if properties:
            result["properties"] = properties
        self._results.append(result)

    def to_dict(self) -> dict[str, Any]:
        invocation: dict[str, Any] = {"executionSuccessful": not self._notifications}
        if self._notifications:
            invocation["toolExecutionNotifications"] = self._notifications
        run: dict[str, Any] = {
            "tool": {"driver": {"name": "okr-coach", "version": __version__, "rules": self._rules}},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": self._results,
        }
        if self._properties:
            run["properties"] = self._properties
        return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}

    def render(self, indent: bool = False) -> str:
        """The log as JSON: indented for a person, one line for a program."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2 if indent else None)
