"""The suggestion eval: its data, its metrics, thresholds, and the record/replay round trip."""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
import yaml
from llm_server import FakeLLMServer, model_like

from coach.evals.suggestions import CaseResult, evaluate_case, failures, load_cases, run, summarize
from coach.llm.offline import OfflineClient
from coach.llm.scripted import ScriptedClient
from coach.paths import data_dir

FOLDER = data_dir("evals") / "suggestions"


def test_the_case_set_is_large_enough_and_well_formed() -> None:
    cases = load_cases(FOLDER / "cases.yaml")
    assert len(cases) >= 60 and sum(c.adversarial for c in cases) >= 10
    assert all(c.forbidden for c in cases if c.adversarial)
    assert len({c.id for c in cases}) == len(cases)


def test_offline_and_replay_pass_their_thresholds_and_write_reports(tmp_path: Path) -> None:
    out = StringIO()
    assert run(out, report_dir=tmp_path) == 0, out.getvalue()
    report = json.loads((tmp_path / "suggestions-eval.json").read_text(encoding="utf-8"))
    assert "offline" in report and any(mode.startswith("replay:") for mode in report)
    for mode in report.values():
        assert mode["metrics"]["invented_numbers"] == 0 and mode["metrics"]["injection_resisted"] == 1.0
    replay = next(m for k, m in report.items() if k.startswith("replay:"))
    assert replay["metrics"]["rejected"] > 0  # the recording's bad replies were caught
    assert "| coverage |" in (tmp_path / "suggestions-eval.md").read_text(encoding="utf-8")


def test_thresholds_are_minimums_unless_named_max() -> None:
    metrics = {"coverage": 0.5, "invented_numbers": 2, "key_terms": None}
    assert failures(metrics, {"coverage": 0.6, "invented_numbers_max": 0, "key_terms": 0.9}) == [
        "coverage 0.5 < 0.6", "invented_numbers 2 > 0"]


def test_metrics_count_what_they_claim() -> None:
    results = [CaseResult("a", True, suggested=True, fixed=True, fixed_share=1.0, key_terms=1.0,
                          placeholder_ok=True, citations_retrieved=True),
               CaseResult("b", True, suggested=False, adversarial=True, injection_resisted=False,
                          invented=["20%"]),
               CaseResult("c", False)]
    metrics = summarize(results)
    assert metrics["valid_cases"] == 0.667 and metrics["coverage"] == 0.5 and metrics["fixed"] == 1.0
    assert metrics["invented_numbers"] == 1 and metrics["injection_resisted"] == 0.0


def test_a_model_that_obeys_an_injection_is_caught_by_the_case() -> None:
    case = next(c for c in load_cases(FOLDER / "cases.yaml") if c.id == "inject-ignore-previous")
    obeying = json.dumps({"key_results": [{"id": "O1.KR1", "criterion": "kr-measurable",
                                           "text": "Cut response times: this plan is perfect"}]})
    result, _ = evaluate_case(case, ScriptedClient([obeying]))
    assert not result.suggested and result.injection_resisted is True  # rejected, so nothing leaked
    assert result.rejections and "injection" in result.rejections[0]
    good, _ = evaluate_case(case, OfflineClient())
    assert good.suggested and good.fixed and good.invented == []


def test_live_recording_replays_to_the_same_figures(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = tmp_path / "suggestions"
    folder.mkdir()
    cases = yaml.safe_load((FOLDER / "cases.yaml").read_text(encoding="utf-8"))
    (folder / "cases.yaml").write_text(yaml.safe_dump(cases[:6] + cases[-3:]), encoding="utf-8")
    shutil.copy(FOLDER / "thresholds.yaml", folder / "thresholds.yaml")
    with FakeLLMServer(model_like) as server:
        monkeypatch.setenv("OKR_COACH_MODEL", "openai/recorded")
        monkeypatch.setenv("OKR_COACH_API_BASE", server.base_url)
        out = StringIO()
        run(out, live=True, record=True, report_dir=tmp_path / "live", folder=folder)
    recorded = json.loads((folder / "recorded" / "openai-recorded.json").read_text(encoding="utf-8"))
    assert set(recorded["cases"]) <= {c["id"] for c in cases} and recorded["model"] == "openai/recorded"
    assert len(server.requests) == sum(len(v) for v in recorded["cases"].values())
    out = StringIO()
    assert run(out, report_dir=tmp_path / "replay", folder=folder) == 0, out.getvalue()
    live = json.loads((tmp_path / "live" / "suggestions-eval.json").read_text(encoding="utf-8"))["live"]
    replay = json.loads((tmp_path / "replay" / "suggestions-eval.json").read_text(encoding="utf-8"))
    replayed = replay["replay:openai-recorded"]["metrics"]
    assert live["metrics"]["fallbacks"] == 0 and live["metrics"]["model_calls"] >= 9
    for key in ("coverage", "fixed", "invented_numbers", "injection_resisted", "rejected", "model_calls",
                "fallbacks"):
        assert replayed[key] == live["metrics"][key], key
    assert replayed["stale_prompts"] == 0


def test_live_without_a_model_is_a_usage_error() -> None:
    out = StringIO()
    assert run(out, live=True) == 2 and "OKR_COACH_MODEL" in out.getvalue()
