"""Knowledge-base documents: loading, chunking into passages, and lexical (BM25) search.

Why this module is separate from :mod:`coach.knowledge.index`: the plain ``okr-coach review``
shows a short "why this matters" passage under each failing finding. That must not pay
for chromadb or an ONNX model, so everything here is pure Python + pyyaml, loads the
whole knowledge base in a few tens of milliseconds and answers from an in-process cache.
The vector index reuses the same passages and the same BM25 scorer for its hybrid search,
so the review and ``okr-coach ask`` agree on what a passage is.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from coach.paths import data_dir

try:  # the C loader is ~10x faster; cold load of the whole base must stay < 50 ms
    _YamlLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pyyaml built without libyaml
    _YamlLoader = yaml.SafeLoader

REQUIRED_KEYS = ("id", "title", "topics", "criteria", "audience")
INTRO_SLUG = "intro"


class KnowledgeBaseError(ValueError):
    """A knowledge-base file is unusable; the message names the file and the reason."""


@dataclass(frozen=True)
class Document:
    """One guidance file: its validated front matter and its markdown body."""

    id: str
    title: str
    topics: tuple[str, ...]
    criteria: tuple[str, ...]
    audience: tuple[str, ...]
    body: str
    path: Path | None = None


@dataclass(frozen=True)
class Passage:
    """One ``##`` section of a document: the unit that is indexed, retrieved and cited."""

    id: str
    doc_id: str
    title: str
    heading: str
    text: str
    topics: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()
    content_hash: str = field(default="", compare=False)

    def embed_text(self) -> str:
        """The string given to an embedder: title and heading carry much of the meaning."""
        heading = f"{self.heading}. " if self.heading else ""
        return f"{self.title}. {heading}{self.text}"


# --------------------------------------------------------------------------- loading


def _string_list(value: object, key: str, path: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    raise KnowledgeBaseError(f"{path}: front matter '{key}' must be a string or a list of strings")


def parse_document(text: str, path: Path) -> Document:
    """Parse one markdown file with YAML front matter, validating the keys we rely on."""
    if not text.startswith("---"):
        raise KnowledgeBaseError(f"{path}: missing YAML front matter (file must start with ---)")
    end = re.search(r"^---[ \t]*$", text[3:], flags=re.MULTILINE)
    if end is None:
        raise KnowledgeBaseError(f"{path}: front matter is not closed by a --- line")
    raw, body = text[3 : 3 + end.start()], text[3 + end.end() :]
    try:
        meta = yaml.load(raw, Loader=_YamlLoader)
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError(f"{path}: front matter is not valid YAML ({exc})") from exc
    if not isinstance(meta, dict):
        raise KnowledgeBaseError(f"{path}: front matter must be a mapping")
    missing = [k for k in REQUIRED_KEYS if k not in meta]
    if missing:
        raise KnowledgeBaseError(f"{path}: front matter is missing {', '.join(missing)}")
    doc_id, title = meta["id"], meta["title"]
    if not isinstance(doc_id, str) or doc_id != path.stem:
        raise KnowledgeBaseError(f"{path}: id {doc_id!r} must equal the file name {path.stem!r}")
    if not isinstance(title, str) or not title.strip():
        raise KnowledgeBaseError(f"{path}: title must be a non-empty string")
    return Document(
        id=doc_id,
        title=title.strip(),
        topics=_string_list(meta["topics"], "topics", path),
        criteria=_string_list(meta["criteria"], "criteria", path),
        audience=_string_list(meta["audience"], "audience", path),
        body=body.lstrip("\n"),
        path=path,
    )


def _is_guidance_file(path: Path) -> bool:
    """README and ``_``-prefixed files describe the folder; they are not guidance."""
    return not (path.name.lower() == "readme.md" or path.name.startswith("_"))


def load_documents(root: Path | None = None) -> list[Document]:
    """Load and validate every ``*.md`` guidance document under ``root`` (sorted by id)."""
    root = root if root is not None else data_dir("knowledge_base")
    if not root.is_dir():
        raise KnowledgeBaseError(f"{root}: knowledge base folder not found")
    docs = []
    for path in sorted(root.glob("*.md")):
        if _is_guidance_file(path):
            docs.append(parse_document(path.read_text(encoding="utf-8"), path))
    return docs


# --------------------------------------------------------------------------- chunking

_FENCE = re.compile(r"^\s*(```|~~~)")
_H1 = re.compile(r"^#\s+\S")


def slugify(text: str) -> str:
    """GitHub-like heading slug: lowercase, words joined by '-', punctuation dropped."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "section"


def passages(doc: Document) -> list[Passage]:
    """Split a document into passages, one per ``##`` section.

    Text before the first ``##`` (minus a leading ``# H1`` line) is its own passage when
    non-empty. ``##`` lines inside code fences are not headings. Ids are
    ``<doc-id>#<heading-slug>`` with ``-2``, ``-3`` appended to repeated slugs, so they stay
    stable while the wording of other sections changes.
    """
    sections: list[tuple[str, list[str]]] = [("", [])]
    in_fence = False
    for line in doc.body.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        if not in_fence and line.startswith("## "):
            sections.append((line[3:].strip().rstrip("#").strip(), []))
            continue
        sections[-1][1].append(line)
    intro_lines = sections[0][1]
    while intro_lines and (not intro_lines[0].strip() or _H1.match(intro_lines[0])):
        intro_lines.pop(0)

    result: list[Passage] = []
    seen: Counter[str] = Counter()
    for heading, lines in sections:
        text = "\n".join(lines).strip()
        if not text and not heading:
            continue
        base = slugify(heading) if heading else INTRO_SLUG
        seen[base] += 1
        slug = base if seen[base] == 1 else f"{base}-{seen[base]}"
        result.append(
            Passage(
                id=f"{doc.id}#{slug}",
                doc_id=doc.id,
                title=doc.title,
                heading=heading,
                text=text,
                topics=doc.topics,
                criteria=doc.criteria,
                content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            )
        )
    return result


def all_passages(docs: Iterable[Document]) -> list[Passage]:
    """Passages of every document, in document order."""
    return [p for doc in docs for p in passages(doc)]


# --------------------------------------------------------------------------- BM25

_TOKEN = re.compile(r"[a-z0-9]+")
_STOPWORDS_TEXT = """
    a an and are as at be been but by can do does for from has have how i if in into is it
    its me my of on or our should so than that the their them then there these they this
    to was we what when where which who why will with you your
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


EXCERPT_CHARS = 280


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """One line of a passage, cut at a word boundary (search results, ask, the API)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + " …"


def stem(token: str) -> str:
    """Light suffix stemming: enough to match 'targets'/'target', 'measuring'/'measure'.

    Deliberately conservative (short tokens such as 'nps' or 'kpi' are left alone) because
    an aggressive stemmer merges OKR jargon that should stay distinct.
    """
    if len(token) <= 3 or token.isdigit():
        return token
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("ly", "")):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)] + repl
    if token.endswith("es") and token[-3:-2] in ("s", "x", "z") and len(token) > 4:
        return token[:-2]
    # "basis" and "analysis" keep their s, "kpis" does not.
    keeps_s = token.endswith(("ss", "us")) or (token.endswith("is") and len(token) > 4)
    if token.endswith("s") and not keeps_s:
        return token[:-1]
    return token


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens, stopwords dropped, lightly stemmed."""
    return [stem(t) for t in _TOKEN.findall(text.lower()) if t not in STOPWORDS]


class Bm25Index:
    """Okapi BM25 over passages (title + heading + text), small enough to build per process.

    Why BM25 next to embeddings: jargon and acronyms (KPI, NPS, OKR) are exactly what a
    small sentence-embedding model blurs, and exactly what a term match gets right.
    """

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
            terms = tokenize(f"{p.title} {p.heading} {p.heading} {p.text}")
            self._lengths.append(len(terms))
            counts = Counter(terms)
            self._tf.append(counts)
            for term, tf in counts.items():
                self._postings.setdefault(term, []).append((i, tf))
        n = len(items)
        self._avgdl = (sum(self._lengths) / n) if n else 0.0
        self._idf = {
            t: math.log(1.0 + (n - len(post) + 0.5) / (len(post) + 0.5))
            for t, post in self._postings.items()
        }

    def scores(self, query: str, only: set[str] | None = None) -> dict[str, float]:
        """BM25 score per passage id for ``query``; passages with no matching term are absent.

        With ``only``, just those passages are scored (a review asks about a handful of
        passages per finding; walking every posting list cost half of each review).
        """
        avgdl = self._avgdl or 1.0
        if only is not None:
            terms = [(t, self._idf[t]) for t in set(tokenize(query)) if t in self._idf]
            out: dict[str, float] = {}
            for pid in only:
                i = self._pos.get(pid)
                if i is None:
                    continue
                norm = self.k1 * (1.0 - self.b + self.b * self._lengths[i] / avgdl)
                score = sum(idf * tf * (self.k1 + 1.0) / (tf + norm)
                            for t, idf in terms if (tf := self._tf[i].get(t)))
                if score:
                    out[pid] = score
            return out
        acc: dict[int, float] = {}
        for term in set(tokenize(query)):
            idf = self._idf.get(term)
            if idf is None:
                continue
            for i, tf in self._postings[term]:
                norm = self.k1 * (1.0 - self.b + self.b * self._lengths[i] / avgdl)
                acc[i] = acc.get(i, 0.0) + idf * tf * (self.k1 + 1.0) / (tf + norm)
        return {self.ids[i]: s for i, s in acc.items()}


def lexical_best(items: Sequence[Passage], query: str) -> Passage | None:
    """The passage with the highest BM25 score for ``query``, or None when nothing matches."""
    scores = Bm25Index(items).scores(query)
    if not scores:
        return None
    order = {p.id: i for i, p in enumerate(items)}
    best = max(scores, key=lambda pid: (scores[pid], -order[pid]))
    return items[order[best]]


# --------------------------------------------------------------------------- review helper


@dataclass
class _Corpus:
    passages: list[Passage]
    by_doc: dict[str, list[Passage]]
    index: Bm25Index


_CACHE: dict[Path, _Corpus] = {}


@lru_cache(maxsize=1)
def _default_root() -> Path:
    return data_dir("knowledge_base").resolve()


def _corpus(root: Path | None) -> _Corpus:
    key = root.resolve() if root is not None else _default_root()
    corpus = _CACHE.get(key)
    if corpus is None:
        items = all_passages(load_documents(key))
        by_doc: dict[str, list[Passage]] = {}
        for p in items:
            by_doc.setdefault(p.doc_id, []).append(p)
        corpus = _Corpus(items, by_doc, Bm25Index(items))
        _CACHE[key] = corpus
    return corpus


def clear_cache() -> None:
    """Forget cached documents (tests, or a long-lived server after the docs changed)."""
    _CACHE.clear()


def guidance_passage(
    doc_ids: Sequence[str], query: str, root: Path | None = None
) -> Passage | None:
    """The passage among ``doc_ids`` that best explains ``query`` (e.g. a finding's message).

    IDF comes from the whole knowledge base, so common OKR words weigh little. When no
    term matches, the first passage of the first known document is returned: a failing
    finding should still point at its guidance. None only when no id is known.
    """
    corpus = _corpus(root)
    candidates = [p for d in doc_ids for p in corpus.by_doc.get(d, [])]
    if not candidates:
        return None
    scores = corpus.index.scores(query, only={p.id for p in candidates})
    if not scores:
        return candidates[0]
    order = {p.id: i for i, p in enumerate(candidates)}
    best = max(scores, key=lambda pid: (scores[pid], -order[pid]))
    return candidates[order[best]]
