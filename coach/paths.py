"""Locate the project's data directories (rubrics, knowledge base, prompts, evals).

Why: in a checkout (editable install) the data lives at the repository root,
while a built wheel carries copies under ``coach/_data/``. Every module asks
here instead of guessing, so both layouts work from any working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE_DIR / "_data"
_REPO_ROOT = _PACKAGE_DIR.parent


def data_dir(name: str) -> Path:
    """Return the directory holding the named data set (``rubrics``, ``knowledge_base``...)."""
    bundled = _BUNDLED / name
    if bundled.is_dir():
        return bundled
    return _REPO_ROOT / name


def home_dir() -> Path:
    """Where indexes, caches and databases live (``OKR_COACH_HOME``, else ``~/.okr-coach``)."""
    configured = os.environ.get("OKR_COACH_HOME")
    path = Path(configured).expanduser() if configured else Path.home() / ".okr-coach"
    return path
