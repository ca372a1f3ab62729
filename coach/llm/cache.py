"""A small disk cache of validated model replies, keyed on the model and the rendered prompt.

Why our own and not litellm's: litellm's disk cache needs extra packages (and 1.106.2
crashes on every hit without ``soundfile``). Ours stores only replies that validated, one
JSON file each under ``home_dir()/cache/llm``, so a re-run of the same draft with the same
model costs nothing, and a change to a prompt template changes the key by itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.paths import home_dir

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

    def put(self, key: str, model: str, reply: CachedReply) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"model": model, "created": int(time.time()), "text": reply.text,
                "prompt_tokens": reply.prompt_tokens, "completion_tokens": reply.completion_tokens,
                "cost": reply.cost}
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)

    def stats(self) -> tuple[int, int]:
        """(entries, bytes) on disk, for ``okr-coach doctor``."""
        if not self.root.is_dir():
            return 0, 0
        files = list(self.root.glob("*/*.json"))
        return len(files), sum(f.stat().st_size for f in files)
