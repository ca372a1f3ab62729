"""Locate the project's data directories (rubrics, knowledge base, prompts, evals) and its home.

Why: in a checkout (editable install) the data lives at the repository root,
while a built wheel carries copies under ``coach/_data/``. Every module asks
here instead of guessing, so both layouts work from any working directory.

Why private folders: ``OKR_COACH_HOME`` holds model replies, batch results and tutor
attempts, all of them the words of someone's plans. Folders we create there are 0700
(``private_dir``), and so is the home itself when we create it, so another account on a
shared machine cannot list or read them. Folders that already exist are left as they are:
``OKR_COACH_HOME`` may point at a folder the user chose and set up.

Why ``contain_library_files``: libraries we load write their own files outside the home
unless told otherwise. onnxruntime (1.29+ on Linux) keeps a telemetry device id and an event
queue under ``~/.cache/Microsoft/DeveloperTools/.onnxruntime`` as soon as it is imported, and
uploads the events when it can; matplotlib writes a font cache under ``~/.cache/matplotlib``.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE_DIR / "_data"
_REPO_ROOT = _PACKAGE_DIR.parent
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
_CHECKED: set[Path] = set()  # homes already made (or found) this process: one stat each


def data_dir(name: str) -> Path:
    """Return the directory holding the named data set (``rubrics``, ``knowledge_base``...)."""
    bundled = _BUNDLED / name
    if bundled.is_dir():
        return bundled
    return _REPO_ROOT / name


def home_dir() -> Path:
    """Where indexes, caches and databases live (``OKR_COACH_HOME``, else ``~/.okr-coach``).

    The folder is created (0700) the first time it is asked for and is missing, so that
    whichever module writes there first, the home is private; a failure to create it is
    left to the caller that writes, which reports it in its own words.
    """
    configured = os.environ.get("OKR_COACH_HOME")
    path = Path(configured).expanduser() if configured else Path.home() / ".okr-coach"
    if path not in _CHECKED:
        try:
            private_dir(path)
            _CHECKED.add(path)
        except OSError:
            pass
    return path


def private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parents as 0700 folders; existing ones are not changed."""
    missing: list[Path] = []
    probe = path
    while not probe.is_dir():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue  # another process made it first: theirs, with the same mode
        os.chmod(folder, PRIVATE_DIR_MODE)  # mkdir's mode is masked by the umask
    return path


def contain_library_files() -> None:
    """Stop the libraries we load from writing outside ``OKR_COACH_HOME``; call before importing them.

    * ``ORT_DISABLE_TELEMETRY=1``: onnxruntime creates no device id, event database or
      uploader (it reads the variable once, when it is imported, so this must come first).
      Set whatever the caller had: telemetry that uploads a description of the machine
      breaks the promise that nothing leaves it.
    * ``MPLCONFIGDIR``: matplotlib's font cache goes under ``OKR_COACH_HOME/cache/matplotlib``
      unless the user chose a folder.
    """
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"
    if not os.environ.get("MPLCONFIGDIR"):
        os.environ["MPLCONFIGDIR"] = str(home_dir() / "cache" / "matplotlib")
