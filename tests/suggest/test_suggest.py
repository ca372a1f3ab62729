"""The suggestion engine with scripted replies: jobs, validation, gate, stats, streaming."""

from __future__ import annotations

import json
from typing import Any

import pytest
from drafts import SUPPORT_DRAFT

from coach.core.models import OkrSet, Review
from coach.core.parsing import parse
from coach.knowledge.docs import all_passages, load_documents
from coach.llm.client import LLMRequest, LLMUnavailable
from coach.llm.scripted import ScriptedClient
from coach.report import render
from coach.rubric.packs import default_rubric
from coach.service.review import review_okr_set
from coach.suggest.jobs import build_jobs
from coach.suggest.pipeline import add_suggestions, iter_suggestions

DRAFT = SUPPORT_DRAFT


@pytest.fixture()
def draft() -> tuple[OkrSet, Review]:
    okr = parse(DRAFT)
    return okr, review_okr_set(okr)


def reply(*items: dict[str, Any], objective: dict[str, Any] | None = None) -> str:
    return json.dumps({"key_results": list(items), "objective": objective})


def source(request: LLMRequest) -> str:
    return str(request.context["passages"][0]["id"])


GOOD_KR2 = {"id": "O1.KR2", "criterion": "kr-measurable",
            "text": "Cut response times from [baseline] to [target]", "rationale": "Names the metric."}


def test_offline_suggestions_fill_the_review_and_its_json(draft: tuple[OkrSet, Review]) -> None:
    okr, review = draft
    stats = add_suggestions(okr, review)
    kr2, kr3 = review.objectives[0].key_results[1:]
    assert [s.text for s in kr2.suggestions] == ["Cut response times from [baseline] to [target]"]
    assert kr3.suggestions[0].criterion == "okr-core.kr-outcome"
    assert "Initiative: Launch the new help centre." in kr3.suggestions[0].rationale
    assert review.objectives[0].key_results[0].suggestions == []
    known = {p.id for p in all_passages(load_documents())}
    data = json.loads(render(review, "json"))
    shown = data["objectives"][0]["key_results"][1]["suggestions"][0]
    assert set(shown) >= {"criterion", "text", "rationale", "sources", "placeholders", "origin"}
    assert shown["sources"] and set(shown["sources"]) <= known
    assert shown["placeholders"] == ["[baseline]", "[target]"]
    assert stats.accepted == 2 and data["stats"]["suggestions_accepted"] == 2


def test_one_call_per_objective_with_all_its_key_results(draft: tuple[OkrSet, Review]) -> None:
    okr, review = draft
    client = ScriptedClient([lambda r: reply({**GOOD_KR2, "sources": [source(r)]})])
    stats = add_suggestions(okr, review, client=client, backfill=False)
    assert len(client.requests) == 1 and stats.model_calls == 1
    assert [k["id"] for k in client.requests[0].context["key_results"]] == ["O1.KR2", "O1.KR3"]
    assert review.objectives[0].key_results[1].suggestions[0].origin == "scripted"
    assert review.objectives[0].key_results[2].suggestions == []  # model skipped it, no backfill


def test_unknown_ids_criteria_or_sources_are_reasked(draft: tuple[OkrSet, Review]) -> None:
    okr, review = draft
    bad = reply({**GOOD_KR2, "id": "O1.KR9"}, {**GOOD_KR2, "criterion": "kr-ambition"},
                {**GOOD_KR2, "sources": ["made-up#passage"]})
    client = ScriptedClient([bad, lambda r: reply({**GOOD_KR2, "sources": [source(r)]})])
    stats = add_suggestions(okr, review, client=client, backfill=False)
    note = client.requests[1].messages[-1]["content"]
    assert "'O1.KR9' is not one of the ids" in note and "kr-ambition" in note and "made-up#passage" in note
    assert stats.reasks == 1 and stats.accepted == 1


def test_given_numbers_reach_the_prompt_and_pass_the_gate(draft: tuple[OkrSet, Review]) -> None:
    okr, review = draft
    text = "Cut response times from 9 hours to 2 hours"
    client = ScriptedClient([reply({**GOOD_KR2, "text": text})])
    given = {"O1.KR2": {"baseline": "9 hours", "target": "2 hours"}}
    stats = add_suggestions(okr, review, client=client, given=given, backfill=False)
    assert "9 hours" in client.requests[0].messages[1]["content"]
    assert stats.accepted == 1 and review.objectives[0].key_results[1].suggestions[0].text == text
    assert add_suggestions(okr, review, client=ScriptedClient([reply({**GOOD_KR2, "text": text})]),
                           backfill=False).rejected["invented_number"] == 1


def test_iter_suggestions_streams_per_objective_and_fills_stats() -> None:
    okr = parse(DRAFT + "Objective: Grow revenue 30%\n- Hire 3 account managers\n"
                "- Raise ARR from $2M to $3M\n")
    review = review_okr_set(okr)
    seen: list[str] = []
    from coach.suggest.jobs import SuggestStats

    stats = SuggestStats()
    pairs = list(iter_suggestions(okr, review, stats=stats, on_result=lambda r: seen.append(r.objective_id)))
    assert seen == ["O1", "O2"] and stats.objectives == 2
    assert {item for item, _s in pairs} >= {"O1.KR2", "O1.KR3", "O2", "O2.KR1"}
    objective = next(s for item, s in pairs if item == "O2")
    assert objective.text == "Grow revenue" and "30%, up from [baseline]" in objective.rationale


def test_a_failing_model_falls_back_per_objective_with_a_note(draft: tuple[OkrSet, Review]) -> None:
    okr, review = draft
    stats = add_suggestions(okr, review, client=ScriptedClient([LLMUnavailable("connection refused")]))
    assert stats.fallbacks == 1 and "connection refused" in stats.notes[0] and stats.accepted == 2
    assert {s.origin for kr in review.objectives[0].key_results for s in kr.suggestions} == {"offline"}


def test_jobs_carry_numbers_passages_and_fixes_once(draft: tuple[OkrSet, Review]) -> None:
    okr, review = draft
    (job,) = build_jobs(okr, review, default_rubric(), {})
    assert job.context["numbers"] == ["82%", "92%"]
    assert len({f["criterion"] for f in job.context["fixes"]}) == len(job.context["fixes"])
    assert all({"id", "title", "text", "criteria"} <= set(p) for p in job.context["passages"])
    assert job.failing == {"O1.KR2": ["okr-core.kr-measurable"],
                           "O1.KR3": ["okr-core.kr-outcome", "okr-core.kr-measurable"]}


def test_a_passing_draft_needs_no_calls() -> None:
    okr = parse("Period: Q3\nObjective: Make onboarding painless\n- Cut time to first value from 5 days to "
                "1 day\n- Raise activation from 30% to 45%\n")
    client = ScriptedClient([])
    stats = add_suggestions(okr, review_okr_set(okr), client=client)
    assert stats.proposed == 0 and client.requests == []


def test_a_vector_index_can_supply_the_passages(draft: tuple[OkrSet, Review]) -> None:
    from dataclasses import dataclass

    from coach.suggest.jobs import index_retriever

    @dataclass
    class FakeHit:
        id: str
        title: str = "Indexed"
        heading: str = "Section"
        text: str = "Measure the change the work should cause."

    class FakeIndex:
        def __init__(self) -> None:
            self.calls: list[tuple[str, int, list[str]]] = []

        def search(self, query: str, k: int = 5, criteria: list[str] | None = None) -> list[FakeHit]:
            self.calls.append((query, k, list(criteria or [])))
            return [FakeHit(id=f"{(criteria or ['x'])[0].split('.')[-1]}#from-index")]

    okr, review = draft
    index = FakeIndex()
    add_suggestions(okr, review, retriever=index_retriever(index))
    sources = {s for kr in review.objectives[0].key_results for sg in kr.suggestions for s in sg.sources}
    assert sources == {"kr-measurable#from-index", "kr-outcome#from-index"}
    assert {c[2][0] for c in index.calls} == {"okr-core.kr-measurable", "okr-core.kr-outcome"}


def test_a_consumer_that_stops_early_does_not_wait_for_the_rest() -> None:
    import threading
    import time

    okr = parse("Period: Q3\n" + "".join(f"Objective: Team {i} delights customers\n- Improve response times\n"
                                         for i in range(6)))
    release = threading.Event()

    def slow(request: LLMRequest) -> str:
        if request.context["objective"]["id"] != "O1":
            release.wait(5)
        return reply({**GOOD_KR2, "id": request.context["key_results"][0]["id"]})

    client = ScriptedClient(default=slow)
    start = time.perf_counter()
    stream = iter_suggestions(okr, review_okr_set(okr), client=client, concurrency=2, backfill=False)
    first = next(stream)
    stream.close()
    assert first[0] == "O1.KR1" and time.perf_counter() - start < 2
    release.set()
    assert len(client.requests) <= 3  # the queued objectives were never asked


def test_an_empty_reply_from_a_model_is_reasked_then_replaced_by_the_offline_rewriter() -> None:
    """A small local model in JSON mode answered ``{}``: valid JSON, no rewrites. It must not
    pass as "nothing to suggest"."""
    okr = parse(SUPPORT_DRAFT)
    review = review_okr_set(okr)
    client = ScriptedClient(["{}", '{"key_results": []}'])
    stats = add_suggestions(okr, review, client=client, cache=False)
    assert len(client.requests) == 2 and stats.reasks == 0 and stats.fallbacks == 1
    assert "rewrites nothing" in client.requests[1].messages[-1]["content"]
    assert stats.accepted >= 1 and all(s.origin == "offline" for o in review.objectives
                                       for kr in o.key_results for s in kr.suggestions)


def test_after_the_run_deadline_no_model_call_starts_and_the_rest_goes_offline(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import time as clock

    monkeypatch.setenv("OKR_COACH_SUGGEST_DEADLINE", "1")
    draft = "".join(f"Objective: Make area {n} better\n- Launch the new portal for area {n}\n"
                    for n in range(5))
    okr = parse(draft)
    review = review_okr_set(okr)

    def slow(_request: LLMRequest) -> str:
        clock.sleep(0.6)
        raise LLMUnavailable("no answer")

    client = ScriptedClient(default=slow, model="slow-model")
    stats = add_suggestions(okr, review, client=client, cache=False, concurrency=1)
    assert len(client.requests) == 2  # 0.6 s each: the third would start after the 1 s deadline
    assert sum("deadline" in n for n in stats.notes) == 3
    assert stats.accepted >= 3  # the offline rewriter still answered every objective
