"""Render the prompt templates in ``prompts/*.j2`` (jinja2, StrictUndefined) into chat messages.

Why templates as files: the wording is reviewed like code and versioned with the eval
results it produced; StrictUndefined turns a missing variable into an error instead of a
silently empty line in what the model reads. Each template defines two blocks, ``system``
and ``user``. Files starting with ``_`` are partials included by the others.

Why the pasted text goes in as JSON inside a fence named by a hash: JSON escaping keeps a
pasted quote or newline from closing anything, and the fence name is derived from the
content, so a draft cannot contain its own closing marker.
"""

from __future__ import annotations

import hashlib
import json
import threading
from typing import Any

from coach.paths import data_dir

_ENV: Any = None
_LOCK = threading.Lock()


def _environment() -> Any:
    global _ENV
    with _LOCK:
        if _ENV is None:
            import jinja2

            env = jinja2.Environment(
                loader=jinja2.FileSystemLoader(str(data_dir("prompts"))),
                undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False,
                trim_blocks=True, lstrip_blocks=True,
            )
            env.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False, default=_strict)
            env.filters["pretty"] = lambda value: json.dumps(value, ensure_ascii=False, indent=1,
                                                             default=_strict)
            _ENV = env
        return _ENV


def _strict(value: Any) -> Any:
    """json.dumps hook: a missing variable inside a literal raises, as StrictUndefined should."""
    return str(value)  # StrictUndefined raises UndefinedError here; anything else is stringified


def fence_name(data: Any) -> str:
    """A marker derived from the data it fences (stable, so cache keys stay stable)."""
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"DRAFT-{digest[:10].upper()}"


def render(task: str, context: dict[str, Any]) -> list[dict[str, str]]:
    """System and user messages of ``prompts/<task>.j2`` rendered with ``context``."""
    template = _environment().get_template(f"{task}.j2")
    out = []
    for role in ("system", "user"):
        block = template.blocks[role]
        text = "".join(block(template.new_context(dict(context)))).strip()
        out.append({"role": role, "content": text})
    return out


def render_reask(error: str) -> str:
    """The follow-up message after a reply failed validation."""
    template = _environment().get_template("_reask.j2")
    return str(template.render(error=error)).strip()


def template_names() -> list[str]:
    """Task templates available (partials excluded)."""
    return sorted(p.stem for p in data_dir("prompts").glob("*.j2") if not p.name.startswith("_"))
