"""One search over the guidance for every face: hybrid (vectors + BM25) where it can run, else BM25.

Why one: ``okr-coach ask`` and ``GET /api/v1/kb/search`` used to fall back differently and
report scores on different scales for the same query. Here the engine is chosen once per
searcher (the hybrid index needs chromadb and the bundled embedding model), a failing
index falls back to BM25 with a note saying why, and every score is on one 0..1 scale:
hybrid ``0.6 * cosine + 0.4 * saturate(bm25)``, lexical ``saturate(bm25)``.

Why a background build for servers: building the index embeds every passage (tens of seconds
on 2 cores); a request must never pay for that. A server calls ``start_building()`` at
start-up; a search that arrives before the index is ready waits up to ``wait_seconds`` and
then answers from BM25 with a note saying the index is still being built (the same fallback,
on the same score scale, as when the index cannot run), so the endpoint keeps answering.
A command (``okr-coach ask``) builds on first use instead, saying so on stderr first.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from coach.knowledge.docs import KnowledgeBaseError, Passage, corpus, excerpt
from coach.knowledge.lexical import Bm25Index, saturate

log = logging.getLogger("okr_coach")
Engine = Literal["hybrid", "lexical"]
KB_EXTRA_HINT = "the knowledge-base index needs the kb extra: pip install 'okr-coach[kb]'"
BUILD_WAIT_SECONDS = 3.0  # how long a search waits for a background build before using BM25


def to_stderr(message: str) -> None:
    """The default for build notices: one ``okr-coach:`` line on stderr, where CLI notes go."""
    print(f"okr-coach: {message}", file=sys.stderr, flush=True)


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
    """Picks the engine on first use and remembers why it fell back (``note``); thread-safe.

    ``notify`` hears one-line notices about builds (default: stderr). With ``background``
    (servers), the index is built by ``start_building()`` in a thread, never by a search.
    """

    def __init__(self, engine: str = "auto", index: Any = None, *,
                 notify: Callable[[str], None] | None = to_stderr, background: bool = False,
                 wait_seconds: float = BUILD_WAIT_SECONDS) -> None:
        self.engine = engine
        self.note: str | None = None
        self.notify = notify
        self.background = background
        self.wait_seconds = wait_seconds
        self._index: Any = index
        self._lexical: LexicalSearch | None = None
        self._lock = threading.Lock()
        self._built = threading.Event()
        self._builder: threading.Thread | None = None
        self._build_started = 0.0
        self._interim_note = False  # ``note`` only says the index is still being built
        self._gave_up = False  # the index failed: word-match search from now on, never a rebuild

    def _choose(self) -> None:
        if self._index is not None or self._lexical is not None or self._gave_up:
            return
        self.note = hybrid_problem(self.engine)
        if self.note is None:
            from coach.knowledge.index import KnowledgeIndex

            self._index = KnowledgeIndex(notify=self.notify)
        else:
            self._lexical = LexicalSearch()

    # ------------------------------------------------------------------ background build

    def start_building(self) -> bool:
        """Build the index in a daemon thread (under the home's build lock); a server calls this
        at start-up. Returns False when there is nothing to build (word-match search chosen, or
        a build already started). Never raises: a failed build leaves word-match search with a note.
        """
        with self._lock:
            try:
                self._choose()
            except Exception as exc:  # the guidance files: searches will report it
                log.warning("knowledge search unavailable: %s", exc)
                return False
            return self._start_locked()

    def _start_locked(self) -> bool:
        if self._index is None or self._builder is not None:
            return False
        self._build_started = time.monotonic()
        self._builder = threading.Thread(target=self._build, name="okr-kb-build", daemon=True)
        self._builder.start()
        return True

    def _build(self) -> None:
        index = self._index
        try:
            index.ensure_ready()
        except Exception as exc:
            log.warning("the guidance index could not be built, using word-match search: %s", exc)
            with self._lock:
                if self._index is index:
                    self.note = (f"the guidance index could not be built ({type(exc).__name__}: {exc}); "
                                 "word-match results only")
                    self._interim_note = False
                    self._index, self._gave_up = None, True
        finally:
            self._built.set()

    def stop_building(self, timeout: float = 15.0) -> None:
        """Ask a background build to stop after its current batch and wait for it (a server
        shutting down): onnxruntime must not be mid-inference when the interpreter exits."""
        builder, index = self._builder, self._index
        if builder is None or not builder.is_alive():
            return
        stop = getattr(index, "stop_requested", None)
        if stop is not None:
            stop.set()
        builder.join(timeout)

    def building(self) -> bool:
        """Whether a background build has started and not finished."""
        return self._builder is not None and not self._built.is_set()

    def wait_until_built(self, timeout: float | None = None) -> bool:
        """Wait for the background build (if any); True when none is running any more."""
        return self._builder is None or self._built.wait(timeout)

    # ------------------------------------------------------------------ search

    def _lexical_search(self) -> LexicalSearch:
        if self._lexical is None:
            self._lexical = LexicalSearch()
        return self._lexical

    def search(self, query: str, k: int = 5, criteria: Sequence[str] = (),
               topics: Sequence[str] = ()) -> tuple[Engine, list[SearchHit]]:
        """(engine, hits). Raises KnowledgeBaseError when the guidance files are unusable."""
        with self._lock:
            self._choose()
            if self.background and self._index is not None and not self._built.is_set():
                self._start_locked()  # a server whose start-up hook did not run: still never build here
        if not self.wait_until_built(self.wait_seconds):
            with self._lock:
                if self._index is not None and not self._built.is_set():
                    started = time.monotonic() - self._build_started
                    self.note = (f"the guidance index is still being built (started {started:.0f} s ago); "
                                 "word-match results until it is ready")
                    self._interim_note = True
                    return "lexical", self._lexical_search().search(query, k, criteria, topics)
        with self._lock:
            if self._index is not None:
                try:
                    found = self._index.search(query, k=k, criteria=list(criteria) or None,
                                               topics=list(topics) or None)
                    if self._interim_note:
                        self.note, self._interim_note = None, False
                    return "hybrid", found
                except KnowledgeBaseError:
                    raise
                except Exception as exc:  # a broken index must not take search down with it
                    log.warning("hybrid search failed, using word-match search: %s", exc)
                    self.note = f"hybrid search failed ({type(exc).__name__}: {exc}); word-match results only"
                    self._interim_note = False
                    self._index, self._gave_up = None, True
            return "lexical", self._lexical_search().search(query, k, criteria, topics)
