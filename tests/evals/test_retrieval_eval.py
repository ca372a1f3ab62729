"""Retrieval metrics against hand-computed values, and the eval command end to end."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pytest

from coach.evals.retrieval import (
    RetrievalEvalError,
    RetrievalQuery,
    dedupe_docs,
    evaluate,
    failures,
    hit_at,
    load_queries,
    load_thresholds,
    ndcg_at,
    reciprocal_rank,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "kb"

# Ranked passages' doc ids per query (with a repeated doc, as passage search gives).
RANKINGS = {
    "q1": ["a", "b", "c"],
    "q2": ["b", "a", "b", "c"],  # -> b, a, c after de-duplication
    "q3": ["a", "b", "c", "d", "z"],
}
QUERIES = [
    RetrievalQuery("q1", "q1", ("a",), "question"),
    RetrievalQuery("q2", "q2", ("a", "c"), "question"),
    RetrievalQuery("q3", "q3", ("z",), "finding"),
]


def test_metric_functions_by_hand() -> None:
    assert dedupe_docs(["b", "a", "b", "c"]) == ["b", "a", "c"]
    assert hit_at(["b", "a", "c"], ["a"], 1) == 0.0 and hit_at(["b", "a"], ["a"], 2) == 1.0
    assert reciprocal_rank(["b", "a", "c"], ["a", "c"]) == 0.5
    assert reciprocal_rank(["x"] * 3, ["a"]) == 0.0
    # DCG = 1/log2(3) + 1/log2(4); ideal DCG for 2 relevant = 1 + 1/log2(3)
    expected = (1 / math.log2(3) + 0.5) / (1 + 1 / math.log2(3))
    assert ndcg_at(["b", "a", "c"], ["a", "c"], 5) == pytest.approx(expected)
    assert ndcg_at(["b", "a", "c"], ["a", "c"], 5) == pytest.approx(0.693426, abs=1e-6)
    assert ndcg_at(["a", "b", "c", "d", "z"], ["z"], 5) == pytest.approx(1 / math.log2(6))
    assert ndcg_at(["a", "b", "c", "d", "e", "z"], ["z"], 5) == 0.0


def test_evaluate_overall_and_by_kind() -> None:
    report = evaluate(QUERIES, lambda q: RANKINGS[q])
    assert report.overall == {"hit_at_3": 0.6667, "mrr": 0.5667, "ndcg_at_5": 0.6934, "queries": 3}
    assert report.by_kind["question"] == {
        "hit_at_3": 1.0,
        "mrr": 0.75,
        "ndcg_at_5": 0.8467,
        "queries": 2,
    }
    assert report.by_kind["finding"] == {
        "hit_at_3": 0.0,
        "mrr": 0.2,
        "ndcg_at_5": 0.3869,
        "queries": 1,
    }
    assert report.results[1].ranked == ("b", "a", "c")
    assert failures(report, {"hit_at_3": 0.9, "mrr": 0.5}) == ["hit_at_3 0.667 < 0.900"]
    assert failures(report, {"mrr": 0.5}) == []


def test_load_queries_and_thresholds(tmp_path: Path) -> None:
    path = tmp_path / "queries.yaml"
    path.write_text(
        "- {id: a, query: 'how many?', relevant: [focus], kind: question}\n"
        "- {id: b, query: 'No target', relevant: kpis, kind: finding}\n"
        "- {id: c, query: 'x', relevant: [focus]}\n",
        encoding="utf-8",
    )
    queries = load_queries(path)
    assert queries[1] == RetrievalQuery("b", "No target", ("kpis",), "finding")
    assert queries[2].kind == "question"
    path.write_text("- {id: a, query: 'x', relevant: []}\n", encoding="utf-8")
    with pytest.raises(RetrievalEvalError, match="relevant"):
        load_queries(path)
    path.write_text("- {id: a, query: x, relevant: [d]}\n- {id: a, query: y, relevant: [d]}\n")
    with pytest.raises(RetrievalEvalError, match="duplicate"):
        load_queries(path)

    limits = tmp_path / "thresholds.yaml"
    limits.write_text("hit_at_3: 0.9\nmrr: 0.75\n", encoding="utf-8")
    assert load_thresholds(limits) == {"hit_at_3": 0.9, "mrr": 0.75}
    limits.write_text("recall: 0.5\n", encoding="utf-8")
    with pytest.raises(RetrievalEvalError, match="recall"):
        load_thresholds(limits)


def test_repository_thresholds_file_is_valid() -> None:
    path = Path(__file__).resolve().parents[2] / "evals" / "retrieval" / "thresholds.yaml"
    assert load_thresholds(path) == {"hit_at_3": 0.9, "mrr": 0.75}


def test_eval_command_on_fixture_kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coach.evals.retrieval import run_retrieval_eval

    evals = tmp_path / "evals"
    (evals / "retrieval").mkdir(parents=True)
    (evals / "retrieval" / "queries.yaml").write_text(
        "- {id: nps, query: 'Can NPS be a key result?', relevant: [kpis], kind: question}\n"
        "- {id: sandbag, query: 'target already reached', relevant: [ambition], kind: finding}\n",
        encoding="utf-8",
    )
    (evals / "retrieval" / "thresholds.yaml").write_text("hit_at_3: 0.9\nmrr: 0.75\n")
    monkeypatch.setenv("OKR_COACH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("OKR_COACH_EMBEDDER", "hashing")
    monkeypatch.delenv("OKR_COACH_CHROMA_URL", raising=False)
    monkeypatch.setattr("coach.knowledge.index.data_dir", lambda name: FIXTURES)
    monkeypatch.setattr("coach.evals.retrieval.data_dir", lambda name: evals)

    out = io.StringIO()
    assert run_retrieval_eval(out, tmp_path / "reports") == 0
    text = out.getvalue()
    assert "overall" in text and "hit@3 1.000" in text and "PASS" in text
    report = json.loads((tmp_path / "reports" / "retrieval.json").read_text())
    assert report["passed"] is True and report["overall"]["queries"] == 2
    assert report["params"]["embedder"] == "hashing"

    assert "unknown documents" not in text

    with (evals / "retrieval" / "queries.yaml").open("a", encoding="utf-8") as fh:
        fh.write("- {id: typo, query: 'anything', relevant: [kpi], kind: question}\n")
    (evals / "retrieval" / "thresholds.yaml").write_text("ndcg_at_5: 1.01\n")
    out = io.StringIO()
    assert run_retrieval_eval(out, None) == 1
    assert "FAIL: ndcg_at_5" in out.getvalue()
    assert "queries name unknown documents: kpi" in out.getvalue()
