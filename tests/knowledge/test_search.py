"""One search for every face: engine choice, fallback with a reason, one 0..1 score scale."""

from __future__ import annotations

import pytest

from coach.knowledge.lexical import Bm25Index, saturate
from coach.knowledge.search import LexicalSearch, Searcher, hybrid_problem


def test_lexical_scores_are_saturated_bm25_on_a_0_to_1_scale() -> None:
    search = LexicalSearch()
    hits = search.search("baseline target", k=5)
    raw = Bm25Index(search.corpus.passages).scores("baseline target")
    assert hits and all(0 < h.score < 1 for h in hits)
    for hit in hits:  # the same number the hybrid search adds as its lexical part
        assert hit.score == pytest.approx(saturate(raw[hit.id]), abs=1e-6) == hit.lexical
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_saturation_keeps_weak_matches_low_whatever_the_best_match_is() -> None:
    assert saturate(0) == 0 and saturate(10) == 0.5 and saturate(1) < 0.1 < saturate(30) < 1


def test_filters_are_any_of_within_and_all_of_across() -> None:
    search = LexicalSearch()
    only = search.search("key result", k=20, criteria=["okr-core.kr-baseline"])
    assert only and all("okr-core.kr-baseline" in search.corpus.by_id[h.id].criteria for h in only)
    assert search.search("key result", k=5, criteria=["okr-core.kr-baseline"], topics=["no-such-topic"]) == []


def test_lexical_engine_chosen_by_configuration_says_so() -> None:
    searcher = Searcher("lexical")
    engine, hits = searcher.search("how many key results", 3)
    assert engine == "lexical" and hits and searcher.note == hybrid_problem("lexical")


def test_a_broken_index_falls_back_to_word_match_with_the_reason() -> None:
    class Broken:
        def search(self, *args: object, **kwargs: object) -> list[object]:
            raise RuntimeError("index on fire")

    searcher = Searcher("auto", index=Broken())
    engine, hits = searcher.search("baseline", 2)
    assert engine == "lexical" and hits and searcher.note is not None and "index on fire" in searcher.note
    assert searcher.search("baseline", 2)[0] == "lexical"  # and stays there
