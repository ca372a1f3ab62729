"""Lexical versus hybrid (lexical or MiniLM similarity) alignment: accuracy and what it costs.

Run: .venv/bin/python benchmarks/bench_alignment.py
Accuracy is measured on the gold set's `aligned` labels, with the similarity
threshold chosen by 2-fold cross-validation (pick on one half, score the other)
so the hybrid is not flattered by tuning on its own test items. Cost: the cold
`okr-coach review` of the bundled example with and without --semantic-alignment,
and the extra time for 10,000 generated key results.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _drafts import draft

from coach.core.parsing import parse
from coach.evals.rubric import load_gold, predictions
from coach.knowledge.similarity import similarity
from coach.rubric.engine import review
from coach.rubric.packs import default_rubric

ROOT = Path(__file__).resolve().parents[1]
THRESHOLDS = [round(0.2 + 0.02 * i, 2) for i in range(16)]


def main() -> int:
    rubric = default_rubric()
    items = [i for i in load_gold() if i.kind == "key_result" and i.labels.get("aligned") is not None]
    rows = [(predictions(i, rubric)["kr-alignment"], similarity(i.text, i.objective or "") or 0.0,
             bool(i.labels["aligned"])) for i in items]

    def accuracy(part: list[tuple[bool, float, bool]], threshold: float | None) -> float:
        hits = sum((lex or (threshold is not None and sim >= threshold)) == truth for lex, sim, truth in part)
        return hits / len(part)

    folds = [rows[0::2], rows[1::2]]
    held_out = []
    for train, test in (folds, folds[::-1]):
        best = max(THRESHOLDS, key=lambda t: accuracy(train, t))
        held_out.append((best, accuracy(test, best)))
    print(f"alignment on {len(rows)} labelled gold key results")
    print(f"  lexical (default): accuracy {accuracy(rows, None):.3f}")
    print("  hybrid, threshold from the other fold: "
          + ", ".join(f"t={t:.2f} -> {a:.3f}" for t, a in held_out)
          + f"  (mean {statistics.mean(a for _, a in held_out):.3f})")

    exe = str(Path(sys.executable).parent / "okr-coach")
    for flags in ([], ["--semantic-alignment"]):
        times = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run([exe, "review", str(ROOT / "examples" / "team-draft.md"), *flags],
                           capture_output=True)
            times.append(time.perf_counter() - start)
        print(f"  cold review {' '.join(flags) or '(lexical)'}: median {statistics.median(times):.2f} s")

    okr = parse(draft(1000, 10))
    for label, overrides in (("lexical", None), ("hybrid", {"kr-alignment": {"method": "hybrid"}})):
        start = time.perf_counter()
        review(okr, rubric, overrides=overrides)
        print(f"  10,000 key results, {label}: {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
