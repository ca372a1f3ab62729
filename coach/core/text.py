"""Small text helpers shared by checks: tokens with offsets, stop words, a light stemmer.

Why our own: the rubric must stay dependency-free and fast (10,000 key results
in well under two seconds), and the few rules here are easy to read and test.
"""

from __future__ import annotations

import re
from functools import lru_cache

WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_WORD_PARTS = re.compile(r"[-'’]")

STOP_WORDS = frozenset(
    """
    a an the and or of to for in on at by with from into per our we us my your their its it is are
    be been being this that these those as than then so such all any each every more most less new
    over under via up down out off about across after before during within while without will shall
    can should would could make making made get getting have has had do does done i you they them he
    she his her who whom which what when where how why not no yes also very just only both either
    neither own set sets reach achieve ensure improve increase raise grow reduce cut decrease lower
    keep maintain become be q1 q2 q3 q4 quarter year month week weeks days day end least most
    """.split()
)


def words(text: str) -> list[re.Match[str]]:
    """Word matches with their offsets (numbers and punctuation are skipped)."""
    return list(WORD_RE.finditer(text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A deliberately light stemmer: plural, -ing, -ed, -ly, -tion forms collapse together."""
    w = word.lower().replace("’", "'").strip("'-")
    for suffix, repl in (("ational", "ate"), ("ization", "ize"), ("isation", "ize"), ("ations", "ate"),
                         ("ation", "ate"), ("ities", "ity"), ("iness", "y"), ("ness", ""),
                         ("ments", "ment"), ("ies", "y"), ("ing", ""), ("ied", "y"), ("ed", ""),
                         ("ers", "er"), ("ly", ""), ("es", "e"), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: len(w) - len(suffix)] + repl
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


@lru_cache(maxsize=16384)
def content_stems(text: str) -> frozenset[str]:
    """Stems of the words that carry meaning (stop words and one-letter words left out)."""
    out: set[str] = set()
    for m in words(text):
        for part in _WORD_PARTS.split(m.group(0)):  # "first-response" counts as both words
            if len(part) > 1 and part.lower() not in STOP_WORDS:
                out.add(stem(part))
    return frozenset(out)


def short(text: str, limit: int = 70) -> str:
    """Text trimmed for a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
