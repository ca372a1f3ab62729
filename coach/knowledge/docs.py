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
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
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


# --------------------------------------------------------------------------- corpus

EXCERPT_CHARS = 280


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """One line of a passage, cut at a word boundary (search results, ask, the API)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + " …"


@dataclass
class Corpus:
    """Every passage of one knowledge-base folder, by id and by document, loaded once."""

    passages: list[Passage]
    by_id: dict[str, Passage]
    by_doc: dict[str, list[Passage]]


_CACHE: dict[Path, Corpus] = {}


def corpus(root: Path | None = None) -> Corpus:
    """The passages under ``root`` (default: the bundled knowledge base), cached per process."""
    key = (root if root is not None else data_dir("knowledge_base")).resolve()
    found = _CACHE.get(key)
    if found is None:
        items = all_passages(load_documents(key))
        by_doc: dict[str, list[Passage]] = {}
        for p in items:
            by_doc.setdefault(p.doc_id, []).append(p)
        found = Corpus(items, {p.id: p for p in items}, by_doc)
        _CACHE[key] = found
    return found


def clear_cache() -> None:
    """Forget cached documents (tests, or a long-lived server after the docs changed)."""
    _CACHE.clear()
