"""The real-text eval: labels keyed to ../shared/real-okrs, split by organisation, heuristic beside."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml

from coach.evals.heuristic import outcome_heuristic
from coach.evals.real import (
    load_labels,
    load_split,
    measure_real,
    review_documents,
    run_real_eval,
    shared_dir,
)

MANIFEST = shared_dir() / "real-okrs" / "manifest.yaml"
needs_shared = pytest.mark.skipif(not MANIFEST.is_file(),
                                  reason="../shared/real-okrs is not beside this checkout")


def test_the_heuristic_is_the_one_liner() -> None:
    assert outcome_heuristic("Raise NPS from 30 to 45")
    assert not outcome_heuristic("Launch 3 new dashboards")  # a task verb first
    assert not outcome_heuristic("Better onboarding")  # no digit


def test_the_split_is_by_organisation_and_covers_every_labelled_document() -> None:
    split = load_split()
    calibration, report = set(split["calibration"]), set(split["report"])
    assert not calibration & report
    orgs = {d: d.split("-")[0] for d in calibration | report}  # documents of one organisation share a prefix
    assert not {orgs[d] for d in calibration} & {orgs[d] for d in report}
    for doc in calibration | report:
        labels = load_labels(doc)
        assert labels is not None and labels["doc"] == doc and labels["set_grade"] in "ABCDF"
        for item in labels["items"]:
            assert "text" not in item  # facts about a line, never its words


def test_without_shared_the_eval_says_why_and_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKR_COACH_SHARED", str(tmp_path))
    out = io.StringIO()
    assert run_real_eval(out) == 0
    assert "skipped" in out.getvalue() and "not beside this checkout" in out.getvalue()


@needs_shared
def test_labels_match_the_manifest_counts_and_lines_the_parser_reads() -> None:
    manifest = {d["id"]: d for d in yaml.safe_load(MANIFEST.read_text())["documents"]}
    split = load_split()
    results = review_documents(split["calibration"] + split["report"], shared_dir())
    assert {r.doc for r in results} == set(manifest)
    for r in results:
        items = r.labels["items"]
        assert sum(i["kind"] == "key_result" for i in items) == manifest[r.doc]["key_results"], r.doc
        assert not r.missed, (r.doc, [i["line"] for i in r.missed])


@needs_shared
def test_calibration_figures_put_the_engine_above_the_heuristic() -> None:
    results = review_documents(load_split()["calibration"], shared_dir())
    m = measure_real(results)
    outcome = m["confusions"]["outcome"]
    assert outcome.n >= 100 and m["heuristic"].n == outcome.n
    assert outcome.accuracy - m["heuristic"].accuracy >= 0.08
    assert not m["grades"]["a_with_errors"]
