"""One search over the guidance for every face: hybrid (vectors + BM25) where it can run, else BM25.

Why one: ``okr-coach ask`` and ``GET /api/v1/kb/search`` used to fall back differently and
report scores on different scales for the same query. Here the engine is chosen once per
searcher (the hybrid index needs chromadb and the bundled embedding model), a failing
index falls back to BM25 with a note saying why, and every score is on one 0..1 scale:
hybrid ``0.6 * cosine + 0.4 * saturate(bm25)``, lexical ``saturate(bm25)``.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from coach.knowledge.docs import KnowledgeBaseError, Passage, corpus, excerpt
from coach.knowledge.lexical import Bm25Index, saturate

log = logging.getLogger("okr_coach")
Engine = Literal["hybrid", "lexical"]
KB_EXTRA_HINT = "the knowledge-base index needs the kb extra: pip install 'okr-coach[kb]'"


@dataclass(frozen=True)
class SearchHit:
    """One retrieved passage; ``score`` is on the 0..1 scale, its parts are kept for debugging."""

    id: str
    doc_id: str
    title: str
    heading: str
    text: str
    score: float
    semantic: float = 0.0
    lexical: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> dict[str, Any]:
        """What a person is shown: ids, titles, rounded score, a one-line excerpt and the text."""
        return {"id": self.id, "doc_id": self.doc_id, "title": self.title, "heading": self.heading,
                "score": round(self.score, 4), "excerpt": excerpt(self.text), "text": self.text}


def matches(passage: Passage, criteria: Sequence[str], topics: Sequence[str]) -> bool:
    """Any-of within criteria and within topics, all-of across the two (empty means any)."""
    return ((not criteria or bool(set(criteria) & set(passage.criteria)))
            and (not topics or bool(set(topics) & set(passage.topics))))


class LexicalSearch:
    """BM25 over every passage of the bundled guidance: needs nothing beyond the core install."""

    def __init__(self) -> None:
        self.corpus = corpus()
        self.index = Bm25Index(self.corpus.passages)

    def search(self, query: str, k: int = 5, criteria: Sequence[str] = (),
               topics: Sequence[str] = ()) -> list[SearchHit]:
        allowed = {p.id for p in self.corpus.passages if matches(p, criteria, topics)}
        scores = self.index.scores(query, only=allowed)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        hits = []
        for pid, raw in ranked:
            p = self.corpus.by_id[pid]
            hits.append(SearchHit(pid, p.doc_id, p.title, p.heading, p.text, round(saturate(raw), 6),
                                  lexical=round(saturate(raw), 6)))
        return hits


def has_vector_store() -> bool:
    """Whether chromadb is installed (the core install reviews and searches without it)."""
    return importlib.util.find_spec("chromadb") is not None


def is_expected_error(exc: BaseException) -> bool:
    """Errors worth a one-line message rather than a traceback (chromadb's own included)."""
    from coach.knowledge.embeddings import EmbedderUnavailable

    return isinstance(exc, (KnowledgeBaseError, EmbedderUnavailable, ValueError, OSError)) or \
        type(exc).__module__.startswith("chromadb")


def hybrid_problem(engine: str = "auto") -> str | None:
    """Why the hybrid index cannot answer here, or None when it can (no heavy imports)."""
    if engine == "lexical":
        return "lexical search chosen by configuration"
    if not has_vector_store():
        return f"word-match results only; {KB_EXTRA_HINT}"
    from coach.knowledge.embeddings import EMBEDDER_ENV, minilm_problem

    if os.environ.get(EMBEDDER_ENV, "minilm").strip() in ("", "minilm"):
        problem = minilm_problem()
        if problem:
            return f"embedding model unavailable ({problem}); word-match results only"
    return None


class Searcher:
    """Picks the engine on first use and remembers why it fell back (``note``); thread-safe."""

    def __init__(self, engine: str = "auto", index: Any = None) -> None:
        self.engine = engine
        self.note: str | None = None
        self._index: Any = index
        self._lexical: LexicalSearch | None = None
        self._lock = threading.Lock()

    def _choose(self) -> None:
        if self._index is not None or self._lexical is not None:
            return
        self.note = hybrid_problem(self.engine)
        if self.note is None:
            from coach.knowledge.index import KnowledgeIndex

            self._index = KnowledgeIndex()
        else:
            self._lexical = LexicalSearch()

    def search(self, query: str, k: int = 5, criteria: Sequence[str] = (),
               topics: Sequence[str] = ()) -> tuple[Engine, list[SearchHit]]:
        """(engine, hits). Raises KnowledgeBaseError when the guidance files are unusable."""
        with self._lock:
            self._choose()
            if self._index is not None:
                try:
                    found = self._index.search(query, k=k, criteria=list(criteria) or None,
                                               topics=list(topics) or None)
                    return "hybrid", found
                except KnowledgeBaseError:
                    raise
                except Exception as exc:  # a broken index must not take search down with it
                    log.warning("hybrid search failed, using word-match search: %s", exc)
                    self.note = f"hybrid search failed ({type(exc).__name__}: {exc}); word-match results only"
                    self._index = None
                    self._lexical = LexicalSearch()
            assert self._lexical is not None
            return "lexical", self._lexical.search(query, k, criteria, topics)
