"""The rubric eval's arithmetic, its gold set's shape, and that it fails under its floors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml

from coach.evals.rubric import (
    KR_LABELS,
    OBJECTIVE_LABELS,
    Confusion,
    check_thresholds,
    load_gold,
    run_rubric_eval,
)


def test_confusion_metrics_by_hand() -> None:
    c = Confusion(tp=40, fp=10, fn=5, tn=45)
    assert c.accuracy == pytest.approx(0.85)
    assert c.precision == pytest.approx(0.8)
    assert c.recall == pytest.approx(40 / 45)
    # observed 0.85; expected (50*45 + 50*55) / 100^2 = 0.5 -> kappa 0.7
    assert c.kappa == pytest.approx(0.7)
    failures = check_thresholds({"outcome": c}, {"outcome": {"accuracy": 0.9}})
    assert failures == ["outcome: accuracy 0.850 < 0.9"]


def test_gold_set_is_large_labelled_and_has_hard_cases() -> None:
    items = load_gold()
    assert len(items) >= 200 and len({i.id for i in items}) == len(items)
    krs = [i for i in items if i.kind == "key_result"]
    assert all(i.labels.get("outcome") is not None and i.labels.get("measurable") is not None for i in krs)
    assert all(set(i.labels) <= set(KR_LABELS) for i in krs)
    assert all(set(i.labels) <= set(OBJECTIVE_LABELS) for i in items if i.kind == "objective")
    tags = {t for i in items for t in i.tags}
    assert {"milestone", "maintain-health", "metric-in-words", "compound-long"} <= tags


def test_eval_passes_on_gold_and_fails_on_mislabelled_items(tmp_path: Path) -> None:
    out = io.StringIO()
    assert run_rubric_eval(out, report_dir=tmp_path) == 0
    assert "rubric eval: passed" in out.getvalue()
    assert (tmp_path / "rubric-eval.json").is_file() and (tmp_path / "rubric-eval.md").is_file()
    wrong = [("Launch the app", True), ("Raise NPS from 20 to 40", False)] * 5
    flipped = [{"id": f"x{i}", "kind": "key_result", "text": text, "objective": "Grow",
                "labels": {"outcome": label, "measurable": label}} for i, (text, label) in enumerate(wrong)]
    gold = tmp_path / "flipped.yaml"
    gold.write_text(yaml.safe_dump(flipped))
    out = io.StringIO()
    assert run_rubric_eval(out, gold=gold) == 1
    assert "BELOW THRESHOLD outcome: accuracy 0.000" in out.getvalue()
