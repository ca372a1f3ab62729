"""Measure the rubric against labelled OKRs: accuracy, precision, recall, Cohen's kappa.

Why these numbers: a reviewer that cries wolf loses its users as surely as one
that misses problems, so each criterion is scored as a detector of failures
(positive = the item fails the criterion) and kappa corrects for chance
agreement on lopsided labels. The same code measures our gold set (CI) and the
external dev set (``evals/measure_dev_set.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml

from coach.core.kr_parts import extract_parts
from coach.core.models import KeyResult, Objective, OkrSet
from coach.paths import data_dir
from coach.rubric.engine import review
from coach.rubric.model import Rubric
from coach.rubric.packs import default_rubric

KR_LABELS = {
    "outcome": "kr-outcome", "measurable": "kr-measurable", "baseline": "kr-baseline",
    "time_bound": "kr-time-bound", "ambitious": "kr-ambition", "aligned": "kr-alignment",
    "single_metric": "kr-single-metric",
}
OBJECTIVE_LABELS = {
    "qualitative": "objective-qualitative", "not_task": "objective-not-task",
    "clear": "objective-clear-concise", "not_bau": "objective-business-as-usual",
}
NEUTRAL_OBJECTIVE = "Make our customers successful"


@dataclass
class LabelledItem:
    id: str
    kind: str
    text: str
    labels: dict[str, bool | None]
    objective: str | None = None
    period: str | None = None
    tags: list[str] = field(default_factory=list)


@dataclass
class Confusion:
    """Counts with 'fails the criterion' as the positive class."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    def add(self, item: LabelledItem, truth: bool, passed: bool) -> None:
        """Count one verdict against its label; disagreements are kept as misses."""
        if truth == passed:
            if passed:
                self.tn += 1
            else:
                self.tp += 1
            return
        if passed:
            self.fn += 1
        else:
            self.fp += 1
        self.misses.append({"id": item.id, "text": item.text, "label": truth})

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def accuracy(self) -> float:
        return (self.tp + self.tn) / self.n if self.n else 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def kappa(self) -> float:
        n = self.n
        if not n:
            return 0.0
        observed = (self.tp + self.tn) / n
        expected = ((self.tp + self.fp) * (self.tp + self.fn) + (self.fn + self.tn) * (self.fp + self.tn)) / (
            n * n)
        return (observed - expected) / (1 - expected) if expected < 1 else 1.0

    def summary(self) -> dict[str, float | int]:
        return {"n": self.n, "accuracy": round(self.accuracy, 3), "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "kappa": round(self.kappa, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn}


def load_gold(path: Path | None = None) -> list[LabelledItem]:
    """Read the gold set (a YAML list; see evals/rubric/README.md for the labelling rules)."""
    path = path or data_dir("evals") / "rubric" / "gold.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [LabelledItem(id=i["id"], kind=i["kind"], text=i["text"], labels=i.get("labels") or {},
                         objective=i.get("objective"), period=i.get("period"), tags=i.get("tags") or [])
            for i in items]


def okr_for(item: LabelledItem) -> OkrSet:
    """The smallest set in which the item is reviewed as it would be in a real draft."""
    if item.kind == "objective":
        return OkrSet(source="structured", period=item.period,
                      objectives=[Objective(id="O1", text=item.text)])
    kr = KeyResult(id="O1.KR1", text=item.text, parts=extract_parts(item.text))
    return OkrSet(source="structured", period=item.period, objectives=[
        Objective(id="O1", text=item.objective or NEUTRAL_OBJECTIVE, key_results=[kr])])


def predictions(item: LabelledItem, rubric: Rubric, profile: str = "default") -> dict[str, bool]:
    """criterion stem -> passed, for every criterion on the item (not applicable counts as passed)."""
    result = review(okr_for(item), rubric, profile)
    objective = result.objectives[0]
    pool = objective.findings if item.kind == "objective" else objective.key_results[0].findings
    return {f.criterion.split(".", 1)[1]: f.passed for f in pool}


def measure(items: list[LabelledItem], rubric: Rubric | None = None,
            label_maps: dict[str, dict[str, str]] | None = None) -> dict[str, Confusion]:
    """Confusion per label key over the items that carry a true/false label for it.

    ``label_maps`` maps item kind -> {label key -> criterion stem}; the gold set's
    own keys are the default.
    """
    rubric = rubric or default_rubric()
    maps = label_maps or {"key_result": KR_LABELS, "objective": OBJECTIVE_LABELS}
    results: dict[str, Confusion] = {}
    for item in items:
        mapping = maps.get(item.kind, {})
        predicted = predictions(item, rubric)
        for label, criterion in mapping.items():
            truth = item.labels.get(label)
            if truth is None:
                continue
            results.setdefault(label, Confusion()).add(item, truth, predicted.get(criterion, True))
    return results


def load_thresholds(path: Path | None = None) -> dict[str, dict[str, float]]:
    path = path or data_dir("evals") / "rubric" / "thresholds.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {k: dict(v) for k, v in data.get("labels", {}).items()}


def check_thresholds(results: dict[str, Confusion],
                     thresholds: dict[str, dict[str, float]]) -> list[str]:
    """Every metric under its floor, as readable lines."""
    failures = []
    for label, floors in thresholds.items():
        c = results.get(label)
        if c is None:
            failures.append(f"{label}: no labelled items")
            continue
        summary = c.summary()
        for metric, floor in floors.items():
            if float(summary[metric]) < floor:
                failures.append(f"{label}: {metric} {summary[metric]:.3f} < {floor}")
    return failures


def format_table(results: dict[str, Confusion], thresholds: dict[str, dict[str, float]]) -> str:
    lines = [f"{'label':<14}{'n':>5}{'acc':>8}{'prec':>8}{'recall':>8}{'kappa':>8}   floors"]
    for label, c in sorted(results.items()):
        s = c.summary()
        floors = ", ".join(f"{k}≥{v}" for k, v in thresholds.get(label, {}).items())
        lines.append(f"{label:<14}{s['n']:>5}{s['accuracy']:>8.3f}{s['precision']:>8.3f}"
                     f"{s['recall']:>8.3f}{s['kappa']:>8.3f}   {floors}")
    return "\n".join(lines)


def heuristic_line(items: list[LabelledItem]) -> str:
    """The one-line heuristic's accuracy on the same key results, to read the engine's against."""
    from coach.evals.heuristic import outcome_heuristic

    c = Confusion()
    for item in items:
        truth = item.labels.get("outcome")
        if item.kind == "key_result" and truth is not None:
            c.add(item, bool(truth), outcome_heuristic(item.text))
    s = c.summary()
    return (f"{'heuristic':<14}{s['n']:>5}{s['accuracy']:>8.3f}{s['precision']:>8.3f}{s['recall']:>8.3f}"
            f"{s['kappa']:>8.3f}   outcome, by 'a digit and no task verb first'")


def run_rubric_eval(out: TextIO, gold: Path | None = None, report_dir: Path | None = None) -> int:
    """``okr-coach eval rubric``: print the table, write reports, exit 1 under thresholds."""
    items = load_gold(gold)
    results = measure(items)
    thresholds = load_thresholds()
    out.write(f"rubric eval on {len(items)} labelled items ({gold or 'evals/rubric/gold.yaml'})\n")
    out.write(format_table(results, thresholds) + "\n")
    out.write(heuristic_line(items) + "\n")
    failures = check_thresholds(results, thresholds)
    if report_dir is not None:
        report_dir.mkdir(parents=True, exist_ok=True)
        payload = {"items": len(items), "labels": {k: {**c.summary(), "misses": c.misses}
                                                   for k, c in results.items()},
                   "thresholds": thresholds, "failures": failures}
        (report_dir / "rubric-eval.json").write_text(json.dumps(payload, indent=2), encoding="utf-8")
        md = ["# Rubric eval", "", "```", format_table(results, thresholds), "```", ""]
        md += [f"- {f}" for f in failures] or ["All thresholds met."]
        (report_dir / "rubric-eval.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    for failure in failures:
        out.write(f"BELOW THRESHOLD {failure}\n")
    out.write("rubric eval: " + ("FAILED" if failures else "passed") + "\n")
    return 1 if failures else 0

