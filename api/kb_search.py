"""Knowledge search for the API: the hybrid vector index when it can run, BM25 when not.

Why a fallback: chromadb and the embedding model are optional extras. A server without
them still answers /api/v1/kb/search from the same passages with the same BM25 scorer the
hybrid search uses, and says which engine answered. The first hybrid search may build the
index (seconds); a lock keeps concurrent first requests from building it twice.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from typing import Any

from coach.knowledge.docs import Bm25Index, KnowledgeBaseError, Passage, all_passages, load_documents
from coach.knowledge.index import SearchHit

log = logging.getLogger("okr_coach.api")
# One hit shape for the CLI and the API: the knowledge index's own (chromadb stays lazy).
Hit = SearchHit


class LexicalSearch:
    """BM25 over every passage, scores scaled to 0..1 by the best hit."""

    def __init__(self) -> None:
        self.passages: list[Passage] = all_passages(load_documents())
        self.by_id = {p.id: p for p in self.passages}
        self.index = Bm25Index(self.passages)

    def search(self, query: str, k: int, criteria: list[str], topics: list[str]) -> list[Hit]:
        allowed = {p.id for p in self.passages
                   if (not criteria or set(criteria) & set(p.criteria))
                   and (not topics or set(topics) & set(p.topics))}
        scores = self.index.scores(query, only=allowed)
        top = max(scores.values(), default=0.0) or 1.0
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        return [Hit(pid, self.by_id[pid].doc_id, self.by_id[pid].title, self.by_id[pid].heading,
                    self.by_id[pid].text, score / top) for pid, score in ranked]


class KbSearcher:
    """One per app: picks the engine on first use and remembers why it fell back."""

    def __init__(self, engine: str = "auto") -> None:
        self.engine = engine
        self.note: str | None = None
        self._index: Any = None
        self._lexical: LexicalSearch | None = None
        self._lock = threading.Lock()

    def _hybrid_problem(self) -> str | None:
        if self.engine == "lexical":
            return "lexical search chosen by configuration"
        if importlib.util.find_spec("chromadb") is None:
            return "chromadb is not installed (pip install 'okr-coach[kb]'); lexical search only"
        from coach.knowledge.embeddings import EMBEDDER_ENV, minilm_problem

        if os.environ.get(EMBEDDER_ENV, "minilm").strip() in ("", "minilm"):
            problem = minilm_problem()
            if problem:
                return f"embedding model unavailable ({problem}); lexical search only"
        return None

    def search(self, query: str, k: int, criteria: list[str], topics: list[str]) -> tuple[str, list[Hit]]:
        """(engine, hits). Raises KnowledgeBaseError when the guidance files are unusable."""
        with self._lock:
            if self._index is None and self._lexical is None:
                self.note = self._hybrid_problem()
                if self.note is None:
                    from coach.knowledge.index import KnowledgeIndex

                    self._index = KnowledgeIndex()
                else:
                    self._lexical = LexicalSearch()
            if self._index is not None:
                try:
                    found = self._index.search(query, k=k, criteria=criteria or None, topics=topics or None)
                    return "hybrid", found
                except KnowledgeBaseError:
                    raise
                except Exception as exc:  # a broken index must not take search down with it
                    log.warning("hybrid search failed, using lexical search: %s", exc)
                    self.note = f"hybrid search failed ({type(exc).__name__}: {exc}); lexical search only"
                    self._index = None
                    self._lexical = LexicalSearch()
            assert self._lexical is not None
            return "lexical", self._lexical.search(query, k, criteria, topics)
