"""Knowledge-base vector index and hybrid search (the only module that imports chromadb).

Why hybrid: a sentence embedding finds "how many key results" in a section titled "Keep it
focused", but blurs acronyms and exact jargon (KPI, NPS) that BM25 gets right. Scores are
``semantic_weight * cosine + lexical_weight * saturate(bm25)`` (see coach.knowledge.lexical).
Saturation rather than dividing by the query's best BM25 score: a query whose only term
matches are weak should not hand its best weak match a full lexical score. Calibrated on
``evals/retrieval/queries.yaml`` (98 queries) with 2-fold cross-validation; both folds
chose saturation 10 and lexical weight 0.40-0.45. Semantic alone gave hit@3 0.91 / MRR
0.85, BM25 alone 0.89 / 0.81, the hybrid 1.00 / 0.94.

Why upsert by hash: embedding the whole base takes seconds, editing one document should not.
Each stored passage carries the sha256 of the exact text that was embedded (plus the
embedder's name); a rebuild re-embeds only passages whose fingerprint changed, updates
metadata in place when only that changed, and deletes passages that disappeared.

Builds run under ``coach.knowledge.buildlock`` (one per ``OKR_COACH_HOME``) and report
``BuildProgress``: documents read, passages to embed, every ``PROGRESS_EVERY`` passages
embedded, elapsed time. A build the user did not ask for (the first search) only says,
before it starts, that it is building the index once and about how long that takes.

chromadb is imported inside functions so that ``import coach.knowledge.index`` stays cheap.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from coach.knowledge.buildlock import LOCK_NAME, build_lock
from coach.knowledge.docs import KnowledgeBaseError, Passage, all_passages, load_documents
from coach.knowledge.embeddings import Embedder, default_embedder, get_embedder
from coach.knowledge.lexical import Bm25Index, saturate
from coach.knowledge.search import SearchHit
from coach.paths import contain_library_files, data_dir, home_dir, private_dir

CHROMA_URL_ENV = "OKR_COACH_CHROMA_URL"
EF_NAME = "okr-coach"
# Calibrated on evals/retrieval/queries.yaml; see the module docstring.
SEMANTIC_WEIGHT = 0.6
LEXICAL_WEIGHT = 0.4
_UPSERT_BATCH = 500
PROGRESS_EVERY = 32  # passages embedded (and stored) between two progress reports
# What one passage costs to embed with MiniLM on the 2-core machines we measured on (161
# passages, ~650 characters each: 16 s of CPU, 20-27 s with other work on the machine);
# only for the "about N s" a user is told.
SECONDS_PER_PASSAGE = 0.15
ANNOUNCE_FROM = 16  # an implicit build embedding fewer passages than this says nothing


@dataclass(frozen=True)
class BuildStats:
    """What a (re)build changed. ``embedded`` counts passages that went through the model."""

    added: int
    updated: int
    unchanged: int
    deleted: int
    embedded: int
    passages: int
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def estimate_seconds(passages: int) -> int:
    """A round figure for how long embedding ``passages`` takes (for what a person is told)."""
    seconds = passages * SECONDS_PER_PASSAGE
    if seconds < 5:
        return max(1, round(seconds))
    return int(math.ceil(seconds / 5) * 5)


class BuildStopped(RuntimeError):
    """The build was asked to stop (a server shutting down) between two batches."""


@dataclass(frozen=True)
class BuildProgress:
    """One step of a build, for a progress line: ``waiting`` (for another build's lock),
    ``planned`` (documents read, what must be embedded), ``embedding`` (every
    ``PROGRESS_EVERY`` passages), ``done``."""

    stage: str
    documents: int = 0
    passages: int = 0
    to_embed: int = 0
    embedded: int = 0
    seconds: float = 0.0
    holder: int | None = None

    def message(self) -> str:
        if self.stage == "waiting":
            who = f" (pid {self.holder})" if self.holder else ""
            return f"another knowledge-base build is running{who}; waiting for it to finish"
        if self.stage == "planned":
            todo = (f"{self.to_embed} to embed, about {estimate_seconds(self.to_embed)} s"
                    if self.to_embed else "nothing to embed")
            return f"read {self.documents} documents: {self.passages} passages, {todo}"
        if self.stage == "embedding":
            return f"embedded {self.embedded}/{self.to_embed} passages ({self.seconds:.1f} s)"
        return f"index ready: {self.passages} passages, {self.embedded} embedded, in {self.seconds:.1f} s"


Progress = Callable[[BuildProgress], None]


def parse_chroma_url(url: str) -> tuple[str, int, bool]:
    """``http(s)://host[:port]`` or ``host:port`` -> (host, port, ssl)."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{CHROMA_URL_ENV} must look like http://host:8000, got {url!r}")
    ssl = parts.scheme == "https"
    return parts.hostname, parts.port or (443 if ssl else 8000), ssl


_EF_CLASS: Any = None


def chroma_embedding_function(embedder: Embedder) -> Any:
    """Wrap an :class:`Embedder` as a registered chromadb embedding function.

    Registered so that a collection reopened by name (e.g. from chroma's own tools) rebuilds
    the same embedder offline instead of falling back to chroma's downloading default.
    Defined lazily because the base class lives in chromadb.
    """
    global _EF_CLASS
    if _EF_CLASS is None:
        from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
        from chromadb.utils.embedding_functions import register_embedding_function

        @register_embedding_function
        class CoachEmbeddingFunction(EmbeddingFunction[Documents]):
            def __init__(self, embedder: Embedder | str = "minilm") -> None:
                self.embedder = get_embedder(embedder) if isinstance(embedder, str) else embedder

            def __call__(self, input: Documents) -> Embeddings:
                import numpy as np

                vectors = self.embedder.embed(list(input))
                return [np.asarray(v, dtype=np.float32) for v in vectors]

            @staticmethod
            def name() -> str:
                return EF_NAME

            def get_config(self) -> dict[str, Any]:
                return {"embedder": self.embedder.name}

            @staticmethod
            def build_from_config(config: dict[str, Any]) -> CoachEmbeddingFunction:
                return CoachEmbeddingFunction(str(config.get("embedder", "minilm")))

            def default_space(self) -> Any:
                return "cosine"

            def supported_spaces(self) -> list[Any]:
                return ["cosine"]

        _EF_CLASS = CoachEmbeddingFunction
    return _EF_CLASS(embedder)


def _fingerprint(embedder: Embedder, passage: Passage) -> str:
    """Hash of what was embedded and by whom: equal fingerprints mean the vector is reusable."""
    payload = f"{embedder.name}\n{passage.embed_text()}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _metadata(passage: Passage, fingerprint: str) -> dict[str, Any]:
    # chroma 1.5 stores list metadata and filters it with $contains, but rejects empty
    # lists (and empty metadata dicts), so empty tag lists are left out.
    meta: dict[str, Any] = {
        "doc_id": passage.doc_id,
        "title": passage.title,
        "heading": passage.heading,
        "content_hash": passage.content_hash,
        "embed_hash": fingerprint,
    }
    if passage.criteria:
        meta["criteria"] = list(passage.criteria)
    if passage.topics:
        meta["topics"] = list(passage.topics)
    return meta


def _as_list(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [v for v in value if v]


def _where(criteria: list[str], topics: list[str]) -> dict[str, Any] | None:
    """chroma filter: any-of within a field, all-of across fields ($or/$and need 2+ terms)."""
    clauses: list[dict[str, Any]] = []
    for key, values in (("criteria", criteria), ("topics", topics)):
        terms: list[dict[str, Any]] = [{key: {"$contains": v}} for v in values]
        if len(terms) == 1:
            clauses.append(terms[0])
        elif terms:
            clauses.append({"$or": terms})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class KnowledgeIndex:
    """The persistent passage index: ``build()`` keeps it in step with the docs, ``search()``.

    Storage is a chromadb ``PersistentClient`` under ``home_dir()/kb/chroma``, or a chroma
    server when ``url`` / ``OKR_COACH_CHROMA_URL`` is given. One collection per embedder
    name, so vectors from different models never mix.
    """

    def __init__(
        self,
        home: Path | None = None,
        embedder: Embedder | None = None,
        url: str | None = None,
        *,
        docs_root: Path | None = None,
        semantic_weight: float = SEMANTIC_WEIGHT,
        lexical_weight: float = LEXICAL_WEIGHT,
        notify: Callable[[str], None] | None = None,
    ) -> None:
        """``notify`` hears, in one line, about builds nobody asked for (the first search)."""
        self.home = home
        self.notify = notify
        self.url = url if url is not None else (os.environ.get(CHROMA_URL_ENV) or None)
        self.docs_root = docs_root
        self.semantic_weight = semantic_weight
        self.lexical_weight = lexical_weight
        self._embedder = embedder
        self._client: Any = None
        self._collection: Any = None
        self._passages: dict[str, Passage] = {}
        self._bm25: Bm25Index | None = None
        self._ready_lock = threading.Lock()  # a web server may search from several threads
        # Set by a server shutting down: the build stops between two batches (each batch is
        # stored, so the next build resumes there). Stopping onnxruntime mid-batch instead, by
        # exiting under a running daemon thread, aborts the whole process.
        self.stop_requested = threading.Event()

    # ------------------------------------------------------------------ plumbing

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = default_embedder()
        return self._embedder

    @property
    def path(self) -> Path:
        return (self.home if self.home is not None else home_dir()) / "kb" / "chroma"

    @property
    def lock_path(self) -> Path:
        """The build lock of the local store: one per home."""
        return (self.home if self.home is not None else home_dir()) / "kb" / LOCK_NAME

    @property
    def collection_name(self) -> str:
        return "okr-kb-" + re.sub(r"[^a-zA-Z0-9_-]+", "-", self.embedder.name).strip("-")

    def _open(self) -> Any:
        if self._collection is not None:
            return self._collection
        contain_library_files()
        import chromadb
        from chromadb.config import Settings

        settings = Settings(anonymized_telemetry=False)
        if self.url:
            host, port, ssl = parse_chroma_url(self.url)
            self._client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=settings)
        else:
            private_dir(self.path)
            self._client = chromadb.PersistentClient(path=str(self.path), settings=settings)
        self._collection = self._client.get_or_create_collection(
            self.collection_name,
            embedding_function=chroma_embedding_function(self.embedder),
            configuration={"hnsw": {"space": "cosine"}},
        )
        return self._collection

    def count(self) -> int:
        return int(self._open().count())

    def passages(self) -> list[Passage]:
        """The passages the index searches (building it first if needed)."""
        self.ensure_ready()
        return list(self._passages.values())

    def _remember(self, items: Sequence[Passage]) -> None:
        self._passages = {p.id: p for p in items}
        self._bm25 = Bm25Index(items)

    # ------------------------------------------------------------------ build

    def build(self, docs_root: Path | None = None, progress: Progress | None = None,
              lock_timeout: float | None = None) -> BuildStats:
        """Bring the index in step with the documents, embedding only what changed.

        Runs under the home's build lock (waiting for a build already running, see
        ``coach.knowledge.buildlock``), except against a chroma server, where nothing is
        written locally; ``progress`` hears each step.
        """
        report = progress or (lambda _step: None)
        root = docs_root or self.docs_root or data_dir("knowledge_base")
        if self.url:  # a chroma server: nothing is written locally, upserts by id are idempotent
            return self._build(root, report)
        with build_lock(self.lock_path, lambda pid: report(BuildProgress("waiting", holder=pid)),
                        timeout=lock_timeout):
            return self._build(root, report)

    def _build(self, root: Path, report: Progress) -> BuildStats:
        start = time.perf_counter()
        documents = load_documents(root)
        items = all_passages(documents)
        col = self._open()
        stored = col.get(include=["metadatas"])
        have = dict(zip(stored["ids"], stored["metadatas"] or [], strict=False))

        to_embed: list[tuple[Passage, dict[str, Any]]] = []
        meta_only: list[tuple[Passage, dict[str, Any]]] = []
        added = unchanged = 0
        for p in items:
            meta = _metadata(p, _fingerprint(self.embedder, p))
            old = have.get(p.id)
            if old is None:
                added += 1
                to_embed.append((p, meta))
            elif old.get("embed_hash") != meta["embed_hash"]:
                to_embed.append((p, meta))
            elif dict(old) != meta:
                meta_only.append((p, meta))
            else:
                unchanged += 1
        wanted = {p.id for p in items}
        gone = [pid for pid in have if pid not in wanted]
        step = BuildProgress("planned", documents=len(documents), passages=len(items), to_embed=len(to_embed))
        report(step)

        for i in range(0, len(to_embed), PROGRESS_EVERY):
            if self.stop_requested.is_set():
                raise BuildStopped(f"stopped after {i} of {len(to_embed)} passages; the next build resumes")
            batch = to_embed[i : i + PROGRESS_EVERY]
            col.upsert(
                ids=[p.id for p, _ in batch],
                embeddings=self.embedder.embed([p.embed_text() for p, _ in batch]),
                documents=[p.text for p, _ in batch],
                metadatas=[m for _, m in batch],
            )
            report(BuildProgress("embedding", len(documents), len(items), len(to_embed), i + len(batch),
                                 round(time.perf_counter() - start, 3)))
        for i in range(0, len(meta_only), _UPSERT_BATCH):
            batch = meta_only[i : i + _UPSERT_BATCH]
            col.update(
                ids=[p.id for p, _ in batch],
                documents=[p.text for p, _ in batch],
                metadatas=[m for _, m in batch],
            )
        if gone:
            col.delete(ids=gone)
        self._remember(items)
        seconds = round(time.perf_counter() - start, 3)
        report(BuildProgress("done", len(documents), len(items), len(to_embed), len(to_embed), seconds))
        return BuildStats(
            added=added,
            updated=len(to_embed) - added + len(meta_only),
            unchanged=unchanged,
            deleted=len(gone),
            embedded=len(to_embed),
            passages=len(items),
            seconds=seconds,
        )

    def _announce(self, step: BuildProgress) -> None:
        """What an implicit build tells the user: that it waits, or that it builds once and how long."""
        if self.notify is None:
            return
        if step.stage == "waiting":
            self.notify("waiting for the guidance index another process is building"
                        + (f" (pid {step.holder})" if step.holder else ""))
        elif step.stage == "planned" and step.to_embed >= ANNOUNCE_FROM:
            self.notify(f"building the guidance index once ({step.to_embed} passages, "
                        f"~{estimate_seconds(step.to_embed)} s); later searches reuse it")

    def _load_from_collection(self) -> None:
        """Rebuild the in-process passage table from what the (remote) index stores."""
        stored = self._open().get(include=["metadatas", "documents"])
        rows = sorted(
            zip(stored["ids"], stored["metadatas"] or [], stored["documents"] or [], strict=False),
            key=lambda row: row[0],
        )
        self._remember(
            [
                Passage(
                    id=pid,
                    doc_id=str(meta["doc_id"]),
                    title=str(meta.get("title", "")),
                    heading=str(meta.get("heading", "")),
                    text=doc or "",
                    topics=tuple(meta.get("topics") or ()),
                    criteria=tuple(meta.get("criteria") or ()),
                    content_hash=str(meta.get("content_hash", "")),
                )
                for pid, meta, doc in rows
            ]
        )

    @property
    def ready(self) -> bool:
        """Whether searches can run now without building (``ensure_ready`` has completed)."""
        return self._bm25 is not None

    def ensure_ready(self) -> None:
        """Build on first use if the index is empty or stale (cheap when it is current).

        Without a local docs folder (e.g. a shared chroma server), search what is stored.
        """
        if self._bm25 is not None:
            return
        with self._ready_lock:
            if self._bm25 is not None:
                return
            root = self.docs_root or data_dir("knowledge_base")
            if root.is_dir() or self.count() == 0:
                self.build(root, progress=self._announce)
            else:
                self._load_from_collection()

    # ------------------------------------------------------------------ search

    def search(
        self,
        query: str,
        k: int = 5,
        criteria: str | Sequence[str] | None = None,
        topics: str | Sequence[str] | None = None,
    ) -> list[SearchHit]:
        """Top ``k`` passages for ``query``, optionally limited to criteria / topics (any-of)."""
        if not query.strip() or k <= 0:
            return []
        self.ensure_ready()
        assert self._bm25 is not None
        want_criteria, want_topics = _as_list(criteria), _as_list(topics)
        allowed = {
            pid
            for pid, p in self._passages.items()
            if (not want_criteria or set(want_criteria) & set(p.criteria))
            and (not want_topics or set(want_topics) & set(p.topics))
        }
        if not allowed:
            return []
        vector = self.embedder.embed([query])[0]
        res = self._open().query(
            query_embeddings=[vector],
            n_results=min(len(allowed), max(10 * k, 64)),
            where=_where(want_criteria, want_topics),
            include=["distances"],
        )
        semantic = {
            pid: 1.0 - float(d)
            for pid, d in zip(res["ids"][0], (res["distances"] or [[]])[0], strict=False)
            if pid in self._passages
        }
        lexical = self._bm25.scores(query, only=allowed)
        floor = min(semantic.values(), default=0.0)
        hits = []
        for pid in set(semantic) | set(lexical):
            sem = semantic.get(pid, floor)
            raw = lexical.get(pid, 0.0)
            lex = saturate(raw)
            p = self._passages[pid]
            hits.append(
                SearchHit(
                    id=pid,
                    doc_id=p.doc_id,
                    title=p.title,
                    heading=p.heading,
                    text=p.text,
                    score=round(self.semantic_weight * sem + self.lexical_weight * lex, 6),
                    semantic=round(sem, 6),
                    lexical=round(lex, 6),
                )
            )
        hits.sort(key=lambda h: (-h.score, h.id))
        return hits[:k]


__all__ = [
    "BuildProgress",
    "BuildStats",
    "KnowledgeBaseError",
    "KnowledgeIndex",
    "SearchHit",
    "chroma_embedding_function",
    "parse_chroma_url",
]
