"""Batch rewrites: offline in the workers, or a model within a call budget after an estimate."""

from __future__ import annotations

from pathlib import Path

from coach.llm.offline import OfflineClient
from coach.llm.scripted import ScriptedClient
from coach.service.batch import Store, run_batch
from coach.service.batch_suggest import add_model_suggestions, estimate

DRAFT = ("Objective: Make support the reason customers stay\n- Launch the new help centre\n"
         "- Improve response times\n")


def _teams(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        draft = DRAFT.replace("help centre", f"help centre {i}")  # distinct prompts: no reply-cache hits
        (folder / f"team-{i}.md").write_text(f"# Team {i}\n{draft}", encoding="utf-8")


def test_offline_rewrites_come_with_the_batch_and_are_stored_apart(tmp_path: Path) -> None:
    _teams(tmp_path / "t", 3)
    store = Store(tmp_path / "s.sqlite3")
    plain = run_batch([str(tmp_path / "t")], store=store, jobs=1)
    rewritten = run_batch([str(tmp_path / "t")], store=store, jobs=1, suggest=True)
    assert rewritten.reviewed == 3  # not the plain reviews from the store
    kr = rewritten.teams[0][1]["objectives"][0]["key_results"][0]
    assert kr["suggestions"] and kr["suggestions"][0]["origin"] == "offline"
    assert not plain.teams[0][1]["objectives"][0]["key_results"][0].get("suggestions")


def test_a_model_is_estimated_first_and_capped_by_max_calls(tmp_path: Path) -> None:
    _teams(tmp_path / "t", 4)
    store = Store(tmp_path / "s.sqlite3")
    result = run_batch([str(tmp_path / "t")], store=store, jobs=1)
    guess = estimate(result, "scripted")
    assert guess["calls"] == 4 and guess["prompt_tokens"] > 1000 and guess["cost_usd"] is None
    offline = OfflineClient()
    model = ScriptedClient(default=lambda request: offline.complete(request).text, model="stand-in")
    counts = add_model_suggestions(result, model, store, max_calls=2)
    assert counts["model_calls"] == 2 and len(model.requests) == 2
    assert counts["fallbacks"] == 2  # the two objectives past the budget got the offline rewriter
    origins = [s["origin"] for _t, r in result.teams for o in r["objectives"] for k in o["key_results"]
               for s in k.get("suggestions", [])]
    assert "stand-in" in origins and "offline" in origins
    again = run_batch([str(tmp_path / "t")], store=store, jobs=1)
    counts = add_model_suggestions(again, model, store, max_calls=2)
    assert counts["from_store"] == 4 and counts["model_calls"] == 0 and len(model.requests) == 2
