"""The one tokenizer and stemmer: words with offsets for the rubric, terms for search.

Why one: the rubric's checks and the knowledge-base search (BM25, the hashing embedder)
used to stem differently, so a word could match in one and not the other, and the
uncached stemmer was the hottest function of a review. Both now share ``stem`` (cached)
and differ only in which words they leave out: the rubric drops OKR verbs such as
"improve" that say nothing about a key result's subject, search keeps them.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Per-text caches (stems, quantities, deadlines, first words) hold this many texts: every
# check of a key result reuses what the parser computed for it, and a review of up to
# ~100,000 items never computes the same text twice (a smaller cache made the cost per key
# result jump by a third past 16,000 key results).
TEXT_CACHE = 1 << 17

WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
TOKEN_RE = re.compile(r"[a-z0-9]+")
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
    january february march april may june july august september october november december jan feb
    mar apr jun jul aug sep sept oct nov dec h1 h2 eoq eoy eom fy today
    """.split()
)
"""Words that carry no subject for the rubric (alignment, duplicates, key terms). Dates and
periods are here too: two lines due "by June" share a deadline, not a topic."""

SEARCH_STOP_WORDS = frozenset(
    """
    a an and are as at be been but by can do does for from has have how i if in into is it
    its me my of on or our should so than that the their them then there these they this
    to was we what when where which who why will with you your
    """.split()
)
"""Function words only: a search for "how to improve a key result" keeps "improve"."""

_SUFFIXES = (("ational", "ate"), ("ization", "ize"), ("isation", "ize"), ("ations", "ate"),
             ("ation", "ate"), ("ities", "ity"), ("iness", "y"), ("ness", ""),
             ("ments", "ment"), ("ies", "y"), ("ing", ""), ("ied", "y"), ("ed", ""),
             ("ers", "er"), ("ly", ""), ("sses", "ss"), ("es", "e"), ("s", ""))


def words(text: str) -> list[re.Match[str]]:
    """Word matches with their offsets (numbers and punctuation are skipped)."""
    return list(WORD_RE.finditer(text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A deliberately light stemmer: plural, -ing, -ed, -ly, -tion forms collapse together.

    Words of three letters or fewer are left alone, so acronyms such as NPS or KPI stay
    themselves ("kpis" becomes "kpi"); digits never change.
    """
    w = word.lower().replace("’", "'").strip("'-")
    if len(w) <= 3 or w.isdigit():
        return w
    # "process", "status" and "analysis" keep their s; "kpis" does not.
    keeps_s = w.endswith(("ss", "us")) or (w.endswith("is") and len(w) > 4)
    for suffix, repl in _SUFFIXES:
        if suffix == "s" and keeps_s:
            break
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: len(w) - len(suffix)] + repl
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


@lru_cache(maxsize=TEXT_CACHE)
def content_stems(text: str) -> frozenset[str]:
    """Stems of the words that carry meaning (stop words and one-letter words left out)."""
    out: set[str] = set()
    for m in WORD_RE.finditer(text):
        for part in _WORD_PARTS.split(m.group(0)):  # "first-response" counts as both words
            if len(part) > 1 and part.lower() not in STOP_WORDS:
                out.add(stem(part))
    return frozenset(out)


def search_terms(text: str) -> list[str]:
    """Lowercase word and number tokens, function words dropped, stemmed: what search indexes."""
    return [stem(t) for t in TOKEN_RE.findall(text.lower()) if t not in SEARCH_STOP_WORDS]


def short(text: str, limit: int = 70) -> str:
    """Text trimmed for a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def mostly_latin(text: str) -> bool:
    """Whether most letters of the text are Latin. The word lists and rewrite rules read
    English; a line in another script ("每周游泳两次") is neither judged as a task nor wrapped
    in an English template: the engine says nothing it cannot read."""
    if text.isascii():
        return True  # the common case, in C: every letter is Latin
    letters = [ch for ch in text if ch.isalpha()]
    latin = sum(1 for ch in letters if ch.isascii() or "\u00c0" <= ch <= "\u024f")
    return not letters or latin * 2 >= len(letters)


# Function words of the other languages OKR drafts here are written in (Spanish, Portuguese,
# French, German, Dutch), left out where English has the same word ("a", "in", "on")
_FOREIGN_WORDS = frozenset("""de la el los las del con para por y una un que se al es sin sobre desde cada
nuestro nuestra nuestros do da dos das com em uma não ao nos pelo pela le les des du et une pour avec
sur dans aux est der die das und mit für ein eine den dem im zu von auf ist nicht het een voor zijn wordt
worden naar bij niet ook aan om dat mijn onze ik wij""".split())
_ENGLISH_WORDS = frozenset("""the of and to for with from by at our is are per each every this that
their its into than be will""".split())


def reads_english(text: str) -> bool:
    """Whether a Latin-script line reads as English: the rewrite templates are English, so a
    Spanish line ("Recibo compartible por SMS desde la caja") gets no template pasted round it."""
    tokens = [w.lower() for w in re.findall(r"[^\W\d_]+", text)]
    foreign = sum(1 for w in tokens if w in _FOREIGN_WORDS)
    english = sum(1 for w in tokens if w in _ENGLISH_WORDS)
    return foreign < 2 or english >= foreign


_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def has_cjk(text: str) -> bool:
    """Whether the line holds Chinese, Japanese or Korean words, also among Latin identifiers
    ("launch 文件暴露 map_path"): an English template round it would read as two languages."""
    return _CJK.search(text) is not None
