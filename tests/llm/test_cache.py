"""The reply cache keeps only what the rubric gate accepted, in private folders and files."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from drafts import SUPPORT_DRAFT

from coach.core.parsing import parse
from coach.llm.cache import CachedReply, ReplyCache, accepted_only, cache_key
from coach.llm.client import LLMRequest
from coach.llm.scripted import ScriptedClient
from coach.paths import home_dir, private_dir
from coach.rubric.packs import default_rubric
from coach.service.review import review_okr_set
from coach.suggest.gate import Gate
from coach.suggest.jobs import JobResult, ask, build_jobs, judge

KR1 = {"id": "O1.KR1", "criterion": "okr-core.kr-measurable", "text": "Cut response times from 9 h to 2 h"}
KR2 = {"id": "O1.KR2", "criterion": "okr-core.kr-outcome", "text": "Launch the new help centre"}
OBJECTIVE = {"criterion": "okr-core.objective-qualitative", "text": "Make support effortless"}
REPLY = json.dumps({"key_results": [KR1, KR2], "objective": OBJECTIVE})


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def stored(cache: ReplyCache, key: str) -> dict[str, Any]:
    hit = cache.get(key)
    assert hit is not None
    data: dict[str, Any] = json.loads(hit.text)
    return data


def test_only_accepted_key_results_and_objective_are_kept() -> None:
    kept = accepted_only(REPLY, {"O1.KR1"}, "O1")
    assert kept is not None and json.loads(kept) == {"key_results": [KR1]}
    both = json.loads(accepted_only(REPLY, {"O1.KR2", "O1"}, "O1") or "{}")
    assert both == {"key_results": [KR2], "objective": OBJECTIVE}
    assert accepted_only(REPLY, set(), "O1") is None
    assert accepted_only(REPLY, {"O1"}, None) is None  # the objective is kept only when named
    assert accepted_only("```json\n" + REPLY + "\n```\nHope this helps!", {"O1.KR1"}) is not None
    assert accepted_only("no json here", {"O1.KR1"}) is None
    assert accepted_only("[1, 2]", {"O1.KR1"}) is None


def test_put_with_accepted_ids_stores_the_accepted_items_only(tmp_path: Path) -> None:
    cache = ReplyCache(tmp_path / "llm")
    key = cache_key("openai/a", [{"role": "user", "content": "x"}], "RewriteReply")
    reply = CachedReply(REPLY, 10, 5, 0.1)
    assert cache.put(key, "openai/a", reply, accepted_ids={"O1.KR1"}, objective_id="O1")
    assert stored(cache, key) == {"key_results": [KR1]}
    text = next((tmp_path / "llm").glob("*/*.json")).read_text(encoding="utf-8")
    assert "help centre" not in text and "effortless" not in text  # rejected words never reach the disk
    hit = cache.get(key)
    assert hit is not None and (hit.prompt_tokens, hit.completion_tokens, hit.cost) == (10, 5, 0.1)


def test_nothing_accepted_stores_nothing_and_drops_an_older_entry(tmp_path: Path) -> None:
    cache = ReplyCache(tmp_path / "llm")
    key = cache_key("m", [{"role": "user", "content": "x"}], "RewriteReply")
    assert not cache.put(key, "m", CachedReply(REPLY, 1, 1, 0.0), accepted_ids=set(), objective_id="O1")
    assert cache.stats() == (0, 0) and not list((tmp_path / "llm").rglob("*.json"))
    cache.put(key, "m", CachedReply(REPLY, 1, 1, 0.0))  # whole replies (answers) are still kept whole
    assert stored(cache, key)["objective"] == OBJECTIVE
    assert not cache.put(key, "m", CachedReply(REPLY, 1, 1, 0.0), accepted_ids=[], objective_id="O1")
    assert cache.get(key) is None


def test_a_staged_reply_is_written_only_on_commit(tmp_path: Path) -> None:
    cache = ReplyCache(tmp_path / "llm")
    staged = cache.staged()
    key = cache_key("m", [{"role": "user", "content": "y"}], "RewriteReply")
    assert not staged.commit({"O1.KR1"})  # nothing put yet
    staged.put(key, "m", CachedReply(REPLY, 1, 1, 0.0))
    assert cache.get(key) is None and staged.get(key) is None and cache.stats()[0] == 0
    assert staged.commit({"O1.KR2"}, "O1")
    assert stored(cache, key) == {"key_results": [KR2]} and staged.get(key) is not None
    assert not staged.commit({"O1.KR2"}, "O1")  # committed once


def test_folders_are_0700_and_files_0600_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        cache = ReplyCache(tmp_path / "home" / "cache" / "llm")
        key = cache_key("m", [{"role": "user", "content": "z"}], "AnswerReply")
        cache.put(key, "m", CachedReply('{"answer": "yes"}', 1, 1, 0.0))
    finally:
        os.umask(old)
    entry = next((tmp_path / "home").rglob("*.json"))
    assert mode(entry) == 0o600
    for folder in (entry.parent, tmp_path / "home" / "cache" / "llm", tmp_path / "home" / "cache",
                   tmp_path / "home"):
        assert mode(folder) == 0o700, folder
    assert not list((tmp_path / "home").rglob("*.tmp"))


def test_existing_folders_keep_their_mode(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o755)
    private_dir(shared / "a" / "b")
    assert mode(shared) == 0o755 and mode(shared / "a") == 0o700 and mode(shared / "a" / "b") == 0o700


def test_the_home_is_created_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKR_COACH_HOME", str(tmp_path / "fresh" / "home"))
    home = home_dir()
    assert home.is_dir() and mode(home) == 0o700 and mode(tmp_path / "fresh") == 0o700
    monkeypatch.setenv("OKR_COACH_HOME", str(tmp_path))
    os.chmod(tmp_path, 0o755)
    home_dir()
    assert mode(tmp_path) == 0o755  # the user's own folder is not changed


# ---------------------------------------------------------------- the job's call site, as proposed


def test_a_job_caches_only_the_rewrites_the_gate_accepted(tmp_path: Path) -> None:
    """The flow of ``run_job`` with the proposed change: ask through ``cache.staged()``, judge,
    then ``commit(served, objective_id)``. A second run is served from the cache."""
    okr = parse(SUPPORT_DRAFT)
    review = review_okr_set(okr)
    rubric = default_rubric()
    job = build_jobs(okr, review, rubric, {})[0]
    assert set(job.failing) >= {"O1.KR2", "O1.KR3"}

    def answer(request: LLMRequest) -> str:
        passage = request.context["passages"][0]["id"]
        good = {"id": "O1.KR2", "criterion": "kr-measurable", "sources": [passage],
                "text": "Cut first response time from [baseline] to [target]",
                "rationale": "Names the metric."}
        rejected = {"id": "O1.KR3", "criterion": "kr-outcome", "sources": [passage],
                    "text": "Launch the new help centre website", "rationale": "Still a task."}
        return json.dumps({"key_results": [good, rejected]})

    cache = ReplyCache(tmp_path / "llm")
    client = ScriptedClient([answer])
    result = JobResult(job.objective_id)
    staged = cache.staged()
    reply = ask(job, client, staged, result)
    assert cache.stats()[0] == 0  # validated, not yet judged: nothing on disk
    served = judge(job, reply, Gate(okr, rubric), client.model, result)
    assert served == {"O1.KR2"} and [r.item_id for r in result.rejections] == ["O1.KR3"]
    assert staged.commit(served, job.objective_id)

    on_disk = next((tmp_path / "llm").glob("*/*.json")).read_text(encoding="utf-8")
    assert "first response time" in on_disk and "help centre" not in on_disk

    again = JobResult(job.objective_id)
    silent = ScriptedClient([])  # would fail if asked: the cache must answer
    cached = ask(job, silent, cache.staged(), again)
    assert again.cache_hits == 1 and not silent.requests
    assert [k.id for k in cached.key_results] == ["O1.KR2"]
    assert judge(job, cached, Gate(okr, rubric), silent.model, again) == {"O1.KR2"}
