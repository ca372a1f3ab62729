"""The real-text eval: the engine's verdicts against a coach's labels on published OKR sets.

Why apart from the gold set: the gold set is ours and guards against regressions; these
labels (``evals/real/labels/``, written to ``evals/real/GUIDE.md``) judge documents that
organisations published, read from ``../shared/real-okrs`` (the texts never enter the
project). The documents are split by organisation (``evals/real/split.yaml``): rules are
tuned on the calibration half and the figures that count are the report half's. Every
accuracy is printed beside the one-line heuristic's (:mod:`coach.evals.heuristic`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import yaml

from coach.core.models import KeyResultReview, ObjectiveReview, Review
from coach.core.parsing import parse
from coach.evals.heuristic import outcome_heuristic
from coach.evals.rubric import Confusion, LabelledItem
from coach.paths import data_dir
from coach.rubric.engine import review
from coach.rubric.packs import default_rubric

GRADES = "ABCDF"
# label key -> (criterion, truth: does the item pass the criterion?) for key results
_KR_TRUTH: dict[str, tuple[str, Callable[[Any], bool | None]]] = {
    "outcome": ("kr-outcome", lambda v: v),
    "measurable": ("kr-measurable", lambda v: v),
    "time_bound": ("kr-time-bound", lambda v: v),
    "baseline": ("kr-baseline", lambda v: None if v is None else v != "missing"),
    "ambition": ("kr-ambition", lambda v: None if v is None else v == "stretch"),
    "aligned": ("kr-alignment", lambda v: v),
}
_OBJECTIVE_TRUTH: dict[str, tuple[str, Callable[[Any], bool | None]]] = {
    "objective_outcome": ("objective-not-task", lambda v: v),
    "qualitative": ("objective-qualitative", lambda v: v),
}
# The criteria whose failures are warnings, and the label that says whether a coach agrees.
WARNING_LABELS = {"kr-baseline": "baseline", "kr-time-bound": "time_bound", "kr-ambition": "ambition",
                  "kr-alignment": "aligned"}
OUTCOME_MARGIN = 0.08  # what the issue asks; the enforced floor is in evals/real/thresholds.yaml


def shared_dir() -> Path:
    """``../shared`` beside the checkout (``OKR_COACH_SHARED`` to point elsewhere)."""
    configured = os.environ.get("OKR_COACH_SHARED")
    return Path(configured) if configured else data_dir("evals").resolve().parent.parent / "shared"


def load_split() -> dict[str, list[str]]:
    data = yaml.safe_load((data_dir("evals") / "real" / "split.yaml").read_text(encoding="utf-8"))
    return {half: list(docs) for half, docs in data.items()}


def load_labels(doc: str) -> dict[str, Any] | None:
    path = data_dir("evals") / "real" / "labels" / f"{doc}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None


class DocResult:
    """One document reviewed, with its labels matched to what the engine read, by line."""

    def __init__(self, doc: str, text: str, result: Review, labels: dict[str, Any]) -> None:
        self.doc, self.text, self.result, self.labels = doc, text, result, labels
        self.krs: dict[int, KeyResultReview] = {}
        self.objectives: dict[int, ObjectiveReview] = {}
        for objective in result.objectives:
            if objective.line is not None and not objective.implicit:
                self.objectives[objective.line] = objective
            for kr in objective.key_results:
                if kr.line is not None:
                    self.krs[kr.line] = kr
        self.missed = [i for i in labels.get("items") or []
                       if (self.krs if i["kind"] == "key_result" else self.objectives).get(i["line"]) is None]

    def verdicts(self, item: dict[str, Any]) -> dict[str, bool | None] | None:
        """criterion stem -> passed (None: not applicable or unsure) for a labelled line."""
        reviewed = (self.krs if item["kind"] == "key_result" else self.objectives).get(item["line"])
        if reviewed is None:
            return None
        return {f.criterion.split(".", 1)[1]: None if f.unsure else f.passed for f in reviewed.findings}

    def text_of(self, item: dict[str, Any]) -> str:
        reviewed = (self.krs if item["kind"] == "key_result" else self.objectives).get(item["line"])
        return reviewed.text if reviewed is not None else ""


def review_documents(docs: list[str], shared: Path) -> list[DocResult]:
    rubric = default_rubric()
    out = []
    for doc in docs:
        labels = load_labels(doc)
        path = shared / "real-okrs" / "docs" / f"{doc}.md"
        if labels is None or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        out.append(DocResult(doc, text, review(parse(text), rubric), labels))
    return out


def measure_real(results: list[DocResult]) -> dict[str, Any]:
    """Confusions per label (failing the criterion is the positive class), the heuristic's,
    warnings fired with whether the labels agree, coverage and grades."""
    confusions: dict[str, Confusion] = {}
    heuristic = Confusion()
    unsure: dict[str, int] = {}
    warnings: list[dict[str, Any]] = []
    labelled = found = 0
    for r in results:
        for item in r.labels.get("items") or []:
            labelled += 1
            verdicts = r.verdicts(item)
            if verdicts is None:
                continue
            found += 1
            text = r.text_of(item)
            key = LabelledItem(id=f"{r.doc}:{item['line']}", kind=item["kind"], text=text, labels={})
            table = _KR_TRUTH if item["kind"] == "key_result" else _OBJECTIVE_TRUTH
            for label, (criterion, truth_of) in table.items():
                raw = item.get("outcome" if label == "objective_outcome" else label)
                truth = truth_of(raw)
                if truth is None:
                    continue
                passed = verdicts.get(criterion)
                if criterion not in verdicts:
                    passed = True  # not applicable to this line: nothing raised
                if passed is None:
                    unsure[label] = unsure.get(label, 0) + 1
                    continue
                confusions.setdefault(label, Confusion()).add(key, truth, passed)
            if item["kind"] == "key_result" and item.get("outcome") is not None:
                heuristic.add(key, bool(item["outcome"]), outcome_heuristic(text))
            for criterion, label in WARNING_LABELS.items():
                if verdicts.get(criterion) is False and item["kind"] == "key_result":
                    truth = _KR_TRUTH[label][1](item.get(label))
                    warnings.append({"doc": r.doc, "line": item["line"], "criterion": criterion,
                                     "agree": None if truth is None else not truth})
    return {"confusions": confusions, "heuristic": heuristic, "unsure": unsure, "warnings": warnings,
            "coverage": (found, labelled), "grades": grades(results)}


def grades(results: list[DocResult]) -> dict[str, Any]:
    """The engine's grade per set against the coach's, and whether any set with a failing
    error got an A."""
    rows: list[dict[str, Any]] = []
    for r in results:
        coach = r.labels.get("set_grade")
        if not isinstance(coach, str) or coach not in GRADES:
            continue
        errors = any(not f.passed and f.level == "error" for o in r.result.objectives
                     for f in [*o.findings, *(g for k in o.key_results for g in k.findings)])
        engine = "F" if r.result.grade[:1] in ("E", "F") else r.result.grade[:1]  # packs may end at E
        rows.append({"doc": r.doc, "coach": coach, "engine": engine, "errors": errors})
    exact = sum(1 for row in rows if row["coach"] == row["engine"])
    near = sum(1 for row in rows if abs(GRADES.index(row["coach"]) - GRADES.index(row["engine"][0])) <= 1)
    return {"rows": rows, "exact": exact, "within_one": near,
            "spearman": _spearman([GRADES.index(r["coach"]) for r in rows],
                                  [GRADES.index(r["engine"][0]) for r in rows]),
            "a_with_errors": [r["doc"] for r in rows if r["engine"].startswith("A") and r["errors"]]}


def _spearman(a: list[int], b: list[int]) -> float | None:
    if len(a) < 3:
        return None

    def ranks(xs: list[int]) -> list[float]:
        order = sorted(range(len(xs)), key=lambda i: xs[i])
        out = [0.0] * len(xs)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
                j += 1
            for k in range(i, j + 1):
                out[order[k]] = (i + j) / 2
            i = j + 1
        return out

    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5
    vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb) if va and vb else None


def format_report(half: str, m: dict[str, Any]) -> str:
    found, labelled = m["coverage"]
    lines = [f"real-text eval, {half} half: {found} of {labelled} labelled lines read by the parser",
             f"{'label':<18}{'n':>5}{'acc':>8}{'prec':>8}{'recall':>8}{'kappa':>8}{'unsure':>8}"]
    for label, c in sorted(m["confusions"].items()):
        s = c.summary()
        lines.append(f"{label:<18}{s['n']:>5}{s['accuracy']:>8.3f}{s['precision']:>8.3f}{s['recall']:>8.3f}"
                     f"{s['kappa']:>8.3f}{m['unsure'].get(label, 0):>8}")
    h = m["heuristic"].summary()
    lines.append(f"{'outcome heuristic':<18}{h['n']:>5}{h['accuracy']:>8.3f}{h['precision']:>8.3f}"
                 f"{h['recall']:>8.3f}{h['kappa']:>8.3f}   (digit and no task verb first)")
    judged = [w for w in m["warnings"] if w["agree"] is not None]
    agreed = sum(1 for w in judged if w["agree"])
    lines.append(f"warnings fired: {len(m['warnings'])}, judged by the labels: {len(judged)}, "
                 f"precision {agreed / len(judged) if judged else 0:.3f}")
    for criterion in sorted({w["criterion"] for w in judged}):
        mine = [w for w in judged if w["criterion"] == criterion]
        lines.append(f"  {criterion:<16} {sum(w['agree'] for w in mine)}/{len(mine)}")
    g = m["grades"]
    rho = "n/a" if g["spearman"] is None else f"{g['spearman']:.2f}"
    lines.append(f"grades: {len(g['rows'])} sets, exact {g['exact']}, within one {g['within_one']}, "
                 f"Spearman {rho}, A despite a failing error: {len(g['a_with_errors'])}")
    return "\n".join(lines)


def alignment_figures(results: list[DocResult], pool: list[DocResult]) -> dict[str, Any]:
    """Accuracy of the alignment check on balanced real pairs, words only and with the model."""
    from coach.evals.alignment_pairs import build_pairs, score
    from coach.knowledge.similarity import available

    pairs = build_pairs(results, pool)
    params = next(c for c in default_rubric().criteria if c.stem == "kr-alignment").params
    figures: dict[str, Any] = {"lexical": score(pairs, "lexical", params)}
    if available():
        figures["semantic"] = score(pairs, "semantic", params)
    parts = [f"{k} {v['accuracy']:.3f}" for k, v in figures.items() if isinstance(v, dict)]
    share = figures["lexical"]["sharing_negatives"]
    figures["line"] = (f"alignment on {len(pairs)} balanced pairs ({share} foreign objectives sharing a "
                       f"word): " + ", ".join(parts) + ("" if available() else " (semantic: no model here)"))
    return figures


def run_real_eval(out: TextIO, half: str = "report", report_dir: Path | None = None,
                  misses: bool = False) -> int:
    """``okr-coach eval real``: print the figures; exit 1 when the outcome margin over the
    heuristic on the report half falls under 0.08, or a set with errors gets an A."""
    shared = shared_dir()
    if not (shared / "real-okrs" / "docs").is_dir():
        out.write(f"real-text eval skipped: {shared / 'real-okrs'} is not beside this checkout\n")
        return 0
    split = load_split()
    everything = review_documents(split["calibration"] + split["report"], shared)
    docs = set(split["calibration"] + split["report"] if half == "all" else split[half])
    results = [r for r in everything if r.doc in docs]
    m = measure_real(results)
    out.write(format_report(half, m) + "\n")
    m["alignment_pairs"] = alignment_figures(results, everything)
    out.write(m["alignment_pairs"]["line"] + "\n")
    failures = []
    outcome = m["confusions"].get("outcome")
    margin = outcome.accuracy - m["heuristic"].accuracy if outcome else 0.0
    floor = float(yaml.safe_load((data_dir("evals") / "real" / "thresholds.yaml").read_text(
        encoding="utf-8"))["outcome_margin"])
    out.write(f"outcome margin over the heuristic: {margin:+.3f} (goal +{OUTCOME_MARGIN}, "
              f"enforced floor +{floor} on the report half)\n")
    if half == "report" and margin < floor:
        failures.append(f"outcome margin {margin:+.3f} < +{floor}")
    if m["grades"]["a_with_errors"]:
        failures.append("an A despite failing errors: " + ", ".join(m["grades"]["a_with_errors"]))
    if misses:
        for label, c in sorted(m["confusions"].items()):
            for miss in c.misses:
                out.write(f"  MISS {label:<16} label={miss['label']!s:<5} {miss['id']}: "
                          f"{miss['text'][:90]}\n")
    if report_dir is not None:
        report_dir.mkdir(parents=True, exist_ok=True)
        payload = {"half": half, "labels": {k: c.summary() for k, c in m["confusions"].items()},
                   "heuristic": m["heuristic"].summary(), "unsure": m["unsure"], "coverage": m["coverage"],
                   "warnings": m["warnings"], "grades": m["grades"], "failures": failures,
                   "alignment_pairs": {k: v for k, v in m["alignment_pairs"].items() if k != "line"}}
        (report_dir / f"real-eval-{half}.json").write_text(json.dumps(payload, indent=2), encoding="utf-8")
    for failure in failures:
        out.write(f"BELOW THRESHOLD {failure}\n")
    out.write("real-text eval: " + ("FAILED" if failures else "passed") + "\n")
    return 1 if failures else 0
