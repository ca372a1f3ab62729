"""Measure the rubric on ../shared/okr-dev-set (real published OKRs, not ours).

Run from the project root:  .venv/bin/python evals/measure_dev_set.py [--misses]
Why a script and not a test: the dev set lives beside the checkout, not in it;
the project's tests and evals must not need it. Its figures go in closing notes.
Labels used: outcome -> kr-outcome, measurable -> kr-measurable, ambitious ->
kr-ambition, aligned -> kr-alignment; for objectives, objective_has_metric ->
objective-qualitative, outcome -> objective-not-task, and good_overall against
"no error-level finding fails" for both kinds.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from coach.evals.rubric import Confusion, LabelledItem, format_table, heuristic_line, measure, okr_for
from coach.rubric.engine import review
from coach.rubric.packs import default_rubric

DEV_SET = Path(__file__).resolve().parents[1].parent / "shared" / "okr-dev-set" / "labeled.jsonl"
MAPS = {
    "key_result": {"outcome": "kr-outcome", "measurable": "kr-measurable",
                   "ambitious": "kr-ambition", "aligned": "kr-alignment"},
    "objective": {"qualitative": "objective-qualitative", "outcome": "objective-not-task"},
}


def load(path: Path) -> list[LabelledItem]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        labels = dict(row["labels"])
        if row["kind"] == "objective" and row.get("objective_has_metric") is not None:
            labels["qualitative"] = not row["objective_has_metric"]
        items.append(LabelledItem(id=row["id"], kind=row["kind"], text=row["text"], labels=labels,
                                  objective=row.get("objective")))
    return items


def overall(items: list[LabelledItem]) -> Confusion:
    """good_overall (the source's verdict) against 'no error-level finding fails'."""
    rubric = default_rubric()
    c = Confusion()
    for item in items:
        truth = item.labels.get("good_overall")
        if truth is None:
            continue
        result = review(okr_for(item), rubric)
        objective = result.objectives[0]
        pool = objective.findings if item.kind == "objective" else objective.key_results[0].findings
        c.add(item, truth, passed=not any(not f.passed and f.level == "error" for f in pool))
    return c


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=DEV_SET)
    parser.add_argument("--misses", action="store_true", help="list the items the rubric got wrong")
    args = parser.parse_args()
    if not args.path.is_file():
        print(f"dev set not found at {args.path}", file=sys.stderr)
        return 2
    items = load(args.path)
    results = measure(items, label_maps=MAPS)
    results["good_overall"] = overall(items)
    print(f"dev set: {len(items)} items from {args.path}")
    print(format_table(results, {}))
    print(heuristic_line(items))
    if args.misses:
        for label, c in sorted(results.items()):
            for miss in c.misses:
                print(f"  {label:<13} label={miss['label']!s:<5} {miss['id']}: {miss['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
