"""Which words can be verbs, and their lemmas, from lemminflect's English lexicon.

Why a lexicon and not a suffix stripper: a key result is judged by the verb of its claim
("identifies", "published", "selecting", "stood up"), and only a dictionary knows that
"stood" is "stand", that "data" is never a verb and that "lead" can be either.

Why a cache: lemminflect reads its lexicon from a gzipped CSV on first use (about a
quarter of a second, with numpy), which would dominate a cold review. The part we use
(every word that can be a verb, with its lemma and whether it can also be a noun or an
adjective) is written once to ``OKR_COACH_HOME/cache`` in marshal form, keyed by the
library's version, and read back in a few milliseconds.
"""

from __future__ import annotations

import marshal
import os
import threading
from importlib import metadata

from coach.paths import home_dir

_LOCK = threading.Lock()
_TABLE: dict[str, str] | None = None


def _version() -> str:
    try:
        return metadata.version("lemminflect")
    except metadata.PackageNotFoundError:  # pragma: no cover - a broken install
        return "unknown"


def _build() -> dict[str, str]:
    """word -> "<classes>:<lemma>", classes from v (verb), n (noun), a (adjective)."""
    from lemminflect.core.Lemmatizer import Lemmatizer

    lemmatizer = Lemmatizer()
    lemmatizer.getAllLemmas("warm")  # loads the lexicon
    table: dict[str, str] = {}
    for word, by_pos in lemmatizer.lemma_dict.items():
        verbs = by_pos.get("VERB") or by_pos.get("AUX")
        if not verbs:
            continue
        classes = "v" + ("n" if "NOUN" in by_pos else "") + ("a" if "ADJ" in by_pos else "")
        table[word.lower()] = f"{classes}:{verbs[0]}"
    return table


def _load() -> dict[str, str]:
    global _TABLE
    if _TABLE is not None:
        return _TABLE
    with _LOCK:
        if _TABLE is not None:
            return _TABLE
        path = home_dir() / "cache" / f"verbs-lemminflect-{_version()}.marshal"
        try:
            _TABLE = marshal.loads(path.read_bytes())
            return _TABLE
        except (OSError, ValueError, EOFError, TypeError):
            pass
        table = _build()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(table))
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only home: the table stays in memory for this process
        _TABLE = table
        return table


def verb_lemma(word: str) -> str | None:
    """The verb this word is a form of ("identifies" -> "identify"), or None when it is never a verb."""
    found = _load().get(word.lower())
    return found.split(":", 1)[1] if found else None


def can_be_other(word: str) -> bool:
    """Whether the word can also be a noun or an adjective ("lead", "live", "set")."""
    found = _load().get(word.lower())
    return found is not None and found.split(":", 1)[0] != "v"
