"""Rubric packs by name: where they live, compiling them once, and the compiled-pack cache.

Why a cache: reading a pack means yaml, pydantic validation and a BM25 pass over the
knowledge base to choose each criterion's "why this matters" passages: some 300 ms of
imports and work that every ``okr-coach review`` would otherwise repeat. The compiled pack
is a small JSON file under ``OKR_COACH_HOME/cache/rubrics``, keyed by a fingerprint of
every pack and guidance file (name, size, modification time) and of the check registry,
so an edited criterion or guidance document is picked up on the next run. Where the
cache cannot be written the pack is compiled in memory; nothing else changes.

Packs are found by name in the bundled ``rubrics/`` folder, then in the folders listed
in ``OKR_COACH_RUBRICS`` (separated like PATH); a directory path is a pack too.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import zlib
from pathlib import Path

from coach import __version__
from coach.core.models import Passage
from coach.paths import data_dir, home_dir
from coach.rubric.checks.base import REGISTRY, registry_signature
from coach.rubric.model import ANY_TRIGGER, Rubric, from_json, to_json

DEFAULT_PACK = "okr-core"
PACKS_ENV = "OKR_COACH_RUBRICS"
COMPILED_FORMAT = 2  # 2: per-trigger messages and fixes
_LOCK = threading.Lock()
_LOADED: dict[Path, Rubric] = {}
_BY_NAME: dict[str, Path] = {}


class PackNotFound(LookupError):
    """No pack of that name or path; the message lists the known ones."""


def search_dirs() -> list[Path]:
    """Folders whose sub-folders are packs: the bundled one first, then ``OKR_COACH_RUBRICS``."""
    dirs = [data_dir("rubrics")]
    dirs += [Path(p).expanduser() for p in os.environ.get(PACKS_ENV, "").split(os.pathsep) if p.strip()]
    return dirs


def pack_names() -> list[str]:
    """Every pack a name can reach, bundled first."""
    names: list[str] = []
    for folder in search_dirs():
        if folder.is_dir():
            names += [p.name for p in sorted(folder.iterdir())
                      if (p / "rubric.yaml").is_file() and p.name not in names]
    return names


def find_pack(name: str | None) -> Path:
    """The directory of a pack given by name (or by a path to its folder)."""
    name = (name or DEFAULT_PACK).strip()
    if name in _BY_NAME:
        return _BY_NAME[name]
    path = Path(name).expanduser()
    if ("/" in name or os.sep in name or name.startswith(".")) and (path / "rubric.yaml").is_file():
        return path.resolve()
    if "/" not in name and os.sep not in name:
        for folder in search_dirs():
            if (folder / name / "rubric.yaml").is_file():
                return (folder / name).resolve()
    if path.is_dir():
        raise PackNotFound(f"{name}: no rubric.yaml in this folder")
    raise PackNotFound(f"no rubric pack '{name}' (known: {', '.join(pack_names()) or 'none'}; "
                       f"or give a folder with a rubric.yaml)")


def _stats(folder: Path, pattern: str) -> list[str]:
    try:
        return [f"{p}:{s.st_size}:{s.st_mtime_ns}" for p in sorted(folder.rglob(pattern))
                if (s := p.stat())]
    except OSError:
        return []


def fingerprint(root: Path) -> str:
    """What a compiled pack depends on: code version, registry, pack and guidance files.

    Kept whole (not hashed) and compared exactly: hashing would cost more at start-up
    (loading OpenSSL) than comparing a few kilobytes of text.
    """
    parts = [f"{COMPILED_FORMAT}:{__version__}", registry_signature(), str(root), *_stats(root, "*.yaml")]
    for folder in search_dirs():
        parts += _stats(folder, "*.yaml")
    parts += _stats(data_dir("knowledge_base"), "*.md")
    return "\n".join(parts)


def compile_pack(root: Path, strict: bool = True) -> Rubric:
    """Validate a pack (and its bases) and choose every 'why' passage: the slow, cached step."""
    from coach.rubric.loader import load_rubric

    rubric = load_rubric(root, strict=strict)
    choose_reasons(rubric)
    return rubric


def _query(criterion_name: str, message: str, trigger: str) -> str:
    words = message.replace("{", " ").replace("}", " ")
    return f"{criterion_name}. {words} {trigger.replace('-', ' ')}"


def choose_reasons(rubric: Rubric) -> None:
    """For each criterion and trigger, the passage that explains that failure.

    A criterion's ``why`` map names passages outright; otherwise the best BM25 match for
    the criterion's name, message and trigger among its own guidance documents, else the
    first passage of its first document. Unknown ids become problems, not silent gaps.
    """
    from coach.knowledge.docs import KnowledgeBaseError, corpus
    from coach.knowledge.lexical import Bm25Index

    try:
        kb = corpus()
    except (KnowledgeBaseError, OSError) as exc:
        rubric.problems.append(("knowledge_base", f"guidance unavailable: {exc}"))
        return
    index = Bm25Index(kb.passages)
    for c in rubric.criteria:
        candidates = [p for d in c.guidance for p in kb.by_doc.get(d, [])]
        for doc in c.guidance:
            if doc not in kb.by_doc:
                rubric.problems.append((c.stem, f"guidance names unknown document '{doc}'"))
        for trigger, named in c.why.items():
            if named not in kb.by_id:
                rubric.problems.append((c.stem, f"why.{trigger}: unknown passage '{named}'"))
        for trigger in (*REGISTRY[c.check].triggers, ANY_TRIGGER):
            pid: str | None = c.why.get(trigger) or c.why.get(ANY_TRIGGER)
            if pid is None or pid not in kb.by_id:
                best = index.best(candidates, _query(c.name, c.message, trigger if trigger != "*" else ""))
                pid = best.id if best else (candidates[0].id if candidates else None)
            if pid is None:
                continue
            rubric.reasons[f"{c.id}|{trigger}"] = pid
            p = kb.by_id[pid]
            title = f"{p.title}: {p.heading}" if p.heading else p.title
            rubric.passages[pid] = Passage(pid, title, p.text)


def _cache_path(root: Path) -> Path:
    """One cache file per pack folder (its name plus a stable checksum of its path)."""
    return home_dir() / "cache" / "rubrics" / f"{root.name}-{zlib.crc32(str(root).encode()):08x}.json"


def _read_cache(path: Path, key: str) -> Rubric | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return from_json(data) if data.get("fingerprint") == key else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, stale, damaged or from another version: compile again


def _write_cache(path: Path, key: str, rubric: Rubric) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"fingerprint": key, **to_json(rubric)}, handle, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: the pack is compiled in memory on each run


def get_rubric(pack: str | None = None) -> Rubric:
    """A pack by name or folder, compiled once per process (from the disk cache when current).

    Raises PackNotFound for an unknown name, RubricError when the pack's files are invalid.
    """
    root = find_pack(pack)
    found = _LOADED.get(root)
    if found is not None:
        return found
    with _LOCK:
        found = _LOADED.get(root)
        if found is None:
            path, key = _cache_path(root), fingerprint(root)
            found = _read_cache(path, key)
            if found is None:
                found = compile_pack(root)
                _write_cache(path, key, found)
            _LOADED[root] = found
            _BY_NAME.setdefault(found.pack.name, root)
    return found


def default_rubric() -> Rubric:
    """The bundled okr-core pack."""
    return get_rubric(DEFAULT_PACK)


def clear_loaded() -> None:
    """Forget packs compiled in this process (tests that edit pack files)."""
    _LOADED.clear()
    _BY_NAME.clear()
