"""A small disk cache of model replies, keyed on the model and the rendered prompt.

Why our own and not litellm's: litellm's disk cache needs extra packages (and 1.106.2
crashes on every hit without ``soundfile``). One JSON file per reply under
``home_dir()/cache/llm``, so a re-run of the same draft with the same model costs nothing,
and a change to a prompt template changes the key by itself.

Why only what the gate accepted: a reply is the words of someone's plans, rewritten. A
rewrite the rubric gate rejected is never shown to anyone, so it has no business being kept
on disk. ``put(..., accepted_ids=...)`` stores only the accepted items of a rewrite reply
(and nothing when none was accepted); ``staged()`` lets a job hand the reply over first and
say which items were accepted once it has judged them. A re-run then serves the accepted
rewrites from disk and the offline rewriter fills in the rest, as it did the first time.
Folders are created 0700 and files 0600 (see ``coach.paths``).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.paths import home_dir, private_dir

CACHE_VERSION = 1


def cache_key(model: str, messages: list[dict[str, str]], schema: str) -> str:
    """sha256 of what determines a reply: model (with its server), every message, the schema."""
    payload = json.dumps({"v": CACHE_VERSION, "model": model, "schema": schema, "messages": messages},
                         sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class CachedReply:
    text: str
    prompt_tokens: int
    completion_tokens: int
    cost: float


def accepted_only(text: str, accepted_ids: Collection[str], objective_id: str | None = None) -> str | None:
    """A rewrite reply (``{"key_results": [...], "objective": {...}}``) cut down to the accepted items.

    Key results are kept when their ``id`` is accepted, the objective's rewrite when
    ``objective_id`` is. Returns compact JSON, or None when nothing is left (or the text is
    not a reply of that shape): there is then nothing worth keeping.
    """
    from coach.llm.client import extract_json

    try:
        data = extract_json(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    accepted = set(accepted_ids)
    items = data.get("key_results")
    kept: dict[str, Any] = {"key_results": [
        item for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict) and item.get("id") in accepted]}
    if objective_id is not None and objective_id in accepted and isinstance(data.get("objective"), dict):
        kept["objective"] = data["objective"]
    if not kept["key_results"] and "objective" not in kept:
        return None
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":"))


class ReplyCache:
    """Get and put validated replies; safe for concurrent writers (atomic rename)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root if root is not None else home_dir() / "cache" / "llm"

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> CachedReply | None:
        try:
            data: dict[str, Any] = json.loads(self._path(key).read_text(encoding="utf-8"))
            return CachedReply(str(data["text"]), int(data.get("prompt_tokens", 0)),
                               int(data.get("completion_tokens", 0)), float(data.get("cost", 0.0)))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or damaged: treat as a miss, the next put repairs it

    def put(self, key: str, model: str, reply: CachedReply, accepted_ids: Collection[str] | None = None,
            objective_id: str | None = None) -> bool:
        """Store ``reply``; returns whether anything was stored.

        Without ``accepted_ids`` the whole reply is kept (an answer checked as a whole, such
        as ``okr-coach ask``'s). With them, the reply is a rewrite reply and only the items the
        gate accepted are kept (see ``accepted_only``); when none was, nothing is stored and
        an older entry under the same key is removed.
        """
        path = self._path(key)
        text: str | None = reply.text
        if accepted_ids is not None:
            text = accepted_only(reply.text, accepted_ids, objective_id)
            if text is None:
                path.unlink(missing_ok=True)
                return False
        data = {"model": model, "created": int(time.time()), "text": text,
                "prompt_tokens": reply.prompt_tokens, "completion_tokens": reply.completion_tokens,
                "cost": reply.cost}
        tmp = None
        try:
            private_dir(path.parent)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")  # created 0600
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False)
            os.replace(tmp, path)
            return True
        except OSError:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            return False

    def staged(self) -> StagedReplies:
        """A view for one rewrite job: reads go to this cache, writes wait for ``commit``."""
        return StagedReplies(self)

    def stats(self) -> tuple[int, int]:
        """(entries, bytes) on disk, for ``okr-coach doctor`` and ``okr-coach cache info``."""
        if not self.root.is_dir():
            return 0, 0
        files = list(self.root.glob("*/*.json"))
        return len(files), sum(f.stat().st_size for f in files)


class StagedReplies(ReplyCache):
    """One job's cache: ``put`` only remembers the reply; ``commit`` stores the accepted items.

    Why: the reply is validated (and would be stored) before the gate judges its rewrites, and
    the key is known only where the prompt is rendered. A job asks through this view and,
    once judged, says which item ids were accepted. Never committed means never stored.
    """

    def __init__(self, cache: ReplyCache) -> None:
        super().__init__(cache.root)
        self._cache = cache
        self._pending: tuple[str, str, CachedReply] | None = None

    def get(self, key: str) -> CachedReply | None:
        return self._cache.get(key)

    def put(self, key: str, model: str, reply: CachedReply, accepted_ids: Collection[str] | None = None,
            objective_id: str | None = None) -> bool:
        self._pending = (key, model, reply)
        return False

    def commit(self, accepted_ids: Collection[str], objective_id: str | None = None) -> bool:
        """Store the accepted items of the reply put last (nothing if none); returns whether stored."""
        if self._pending is None:
            return False
        key, model, reply = self._pending
        self._pending = None
        return self._cache.put(key, model, reply, accepted_ids=accepted_ids, objective_id=objective_id)
