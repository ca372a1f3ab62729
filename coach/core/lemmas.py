"""Which words can be verbs, and their lemmas, from lemminflect's English lexicon.

Why a lexicon and not a suffix stripper: a key result is judged by the verb of its claim
("identifies", "published", "selecting", "stood up"), and only a dictionary knows that
"stood" is "stand", that "data" is never a verb and that "lead" can be either.

Why a cache: lemminflect reads its lexicon from a gzipped CSV on first use (about a
quarter of a second, with numpy), which would dominate a cold review. The part we use
(every word that can be a verb, with its lemma and whether it can also be a noun or an
adjective) is written once to ``OKR_COACH_HOME/cache`` as one marshalled string, keyed by
the lexicon file's size and date, and read back in about a millisecond; words are looked
up in it on demand and cached.
"""

from __future__ import annotations

import importlib.util
import marshal
import os
import threading
from functools import lru_cache
from pathlib import Path

from coach.core.text import TEXT_CACHE
from coach.paths import home_dir

_LOCK = threading.Lock()
# first two letters -> "\nword\tclasses:lemma" lines: a few hundred strings load in a
# millisecond, and a lookup searches one short string
_TABLE: dict[str, str] | None = None
_LEXICON = "resources/lemma_lu.csv.gz"


def _version() -> str:
    """The installed lexicon's identity: its file's size and mtime (reading package metadata
    would cost more than loading the whole table from the cache)."""
    spec = importlib.util.find_spec("lemminflect")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("lemminflect is not installed; reinstall okr-coach (pip install -e .)")
    stat = (Path(next(iter(spec.submodule_search_locations))) / _LEXICON).stat()
    return f"{stat.st_size}-{int(stat.st_mtime)}"


def _build() -> dict[str, str]:
    """Every word that can be a verb, as "word\t<classes>:<lemma>" lines; classes from v
    (verb), n (noun), a (adjective)."""
    from lemminflect.core.Lemmatizer import Lemmatizer

    lemmatizer = Lemmatizer()
    lemmatizer.getAllLemmas("warm")  # loads the lexicon
    table: dict[str, str] = {}
    for word, by_pos in lemmatizer.lemma_dict.items():
        verbs = by_pos.get("VERB") or by_pos.get("AUX")
        if not verbs:
            continue
        classes = "v" + ("n" if "NOUN" in by_pos else "") + ("a" if "ADJ" in by_pos else "")
        table.setdefault(word.lower(), f"{classes}:{verbs[0]}")
    buckets: dict[str, list[str]] = {}
    for w, v in sorted(table.items()):
        buckets.setdefault(w[:2], []).append(f"{w}\t{v}\n")
    return {key: "\n" + "".join(lines) for key, lines in buckets.items()}


def _load() -> dict[str, str]:
    global _TABLE
    if _TABLE is not None:
        return _TABLE
    with _LOCK:
        if _TABLE is not None:
            return _TABLE
        path = home_dir() / "cache" / f"verbs-lemminflect-{_version()}.marshal"
        try:
            loaded = marshal.loads(path.read_bytes())
            if isinstance(loaded, dict):
                _TABLE = loaded
                return loaded
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


@lru_cache(maxsize=TEXT_CACHE)
def _entry(word: str) -> str | None:
    """The table's entry for a lower-cased word (a substring search, cached per word)."""
    table = _load().get(word[:2], "")
    at = table.find(f"\n{word}\t")
    if at < 0:
        return _derived(word)
    start = at + len(word) + 2
    return table[start:table.index("\n", start)]


# Workplace verbs the lexicon lacks ("Onboard 3 nurses", "Upskill the help desk"); like "lead",
# each can also head a noun phrase ("onboarding completion rate"), so a metric noun after it decides
_JARGON = frozenset("onboard offboard upskill reskill upsell dogfood timebox replatform rearchitect "
                    "productionize productionise operationalize operationalise containerize containerise "
                    "dockerize".split())
_ENDINGS = (("ing", ""), ("ed", ""), ("s", ""))


def _derived(word: str) -> str | None:
    """A verb the lexicon lacks: workplace jargon, and a known verb done again ("replant",
    "re-slot"). Only words the lexicon does not hold get here, so "record" or "retail" keep
    their own entries."""
    for ending, back in (("", ""), *_ENDINGS):
        if ending and not word.endswith(ending):
            continue
        stem = word[: len(word) - len(ending)] + back if ending else word
        if stem in _JARGON:
            return f"vn:{stem}"
    if word.startswith("re") and len(word) > 5 and word[2:3] != "e":
        rest = word[3:] if word[2] == "-" else word[2:]
        found = _entry(rest) if rest[:1].isalpha() else None
        if found is not None:
            classes, base = found.split(":", 1)
            return f"{classes}:re{'-' if word[2] == '-' else ''}{base}"
    return None


def verb_lemma(word: str) -> str | None:
    """The verb this word is a form of ("identifies" -> "identify"), or None when it is never a verb."""
    found = _entry(word.lower())
    return found.split(":", 1)[1] if found else None


def can_be_other(word: str) -> bool:
    """Whether the word can also be a noun or an adjective ("lead", "live", "set")."""
    found = _entry(word.lower())
    return found is not None and found.split(":", 1)[0] != "v"
