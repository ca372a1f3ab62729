"""Okapi BM25 over knowledge-base passages, and the one 0..1 scale its scores are shown on.

Why BM25 next to embeddings: jargon and acronyms (KPI, NPS, OKR) are exactly what a
small sentence-embedding model blurs, and exactly what a term match gets right. The
hybrid search adds ``saturate(bm25)`` to the cosine similarity; the lexical-only search
(no chromadb installed) reports the same ``saturate(bm25)``, so a score means the same
thing whichever engine answered.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from coach.core.text import search_terms
from coach.knowledge.docs import Passage

# Calibrated with the hybrid weights on evals/retrieval/queries.yaml (see coach.knowledge.index).
LEXICAL_SATURATION = 10.0


def saturate(bm25: float) -> float:
    """A raw BM25 score mapped to 0..1: weak matches stay low whatever the query's best is."""
    return bm25 / (bm25 + LEXICAL_SATURATION) if bm25 > 0 else 0.0


class Bm25Index:
    """BM25 over passages (title + heading twice + text), small enough to build per process."""

    def __init__(self, items: Sequence[Passage], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.ids = [p.id for p in items]
        self._postings: dict[str, list[tuple[int, int]]] = {}
        self._lengths: list[int] = []
        self._tf: list[Counter[str]] = []
        self._pos = {pid: i for i, pid in enumerate(self.ids)}
        for i, p in enumerate(items):
            # The heading is repeated: a section *about* the query term should outrank one
            # that merely mentions it.
            terms = search_terms(f"{p.title} {p.heading} {p.heading} {p.text}")
            self._lengths.append(len(terms))
            counts = Counter(terms)
            self._tf.append(counts)
            for term, tf in counts.items():
                self._postings.setdefault(term, []).append((i, tf))
        n = len(items)
        self._avgdl = (sum(self._lengths) / n) if n else 0.0
        self._idf = {t: math.log(1.0 + (n - len(post) + 0.5) / (len(post) + 0.5))
                     for t, post in self._postings.items()}

    def _norm(self, i: int) -> float:
        return self.k1 * (1.0 - self.b + self.b * self._lengths[i] / (self._avgdl or 1.0))

    def scores(self, query: str, only: set[str] | None = None) -> dict[str, float]:
        """Raw BM25 score per passage id for ``query``; passages with no matching term are absent.

        With ``only``, just those passages are scored (walking every posting list for a
        handful of candidates would cost more than the scoring).
        """
        terms = [(t, self._idf[t]) for t in set(search_terms(query)) if t in self._idf]
        if only is not None:
            out: dict[str, float] = {}
            for pid in only:
                i = self._pos.get(pid)
                if i is None:
                    continue
                norm = self._norm(i)
                score = sum(idf * tf * (self.k1 + 1.0) / (tf + norm)
                            for t, idf in terms if (tf := self._tf[i].get(t)))
                if score:
                    out[pid] = score
            return out
        acc: dict[int, float] = {}
        for term, idf in terms:
            for i, tf in self._postings[term]:
                acc[i] = acc.get(i, 0.0) + idf * tf * (self.k1 + 1.0) / (tf + self._norm(i))
        return {self.ids[i]: s for i, s in acc.items()}

    def best(self, candidates: Sequence[Passage], query: str) -> Passage | None:
        """The candidate that best matches ``query`` (ties: the earlier one), None without a match."""
        scores = self.scores(query, only={p.id for p in candidates})
        if not scores:
            return None
        order = {p.id: i for i, p in enumerate(candidates)}
        winner = max(scores, key=lambda pid: (scores[pid], -order[pid]))
        return candidates[order[winner]]
