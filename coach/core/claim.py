"""What a key result claims: its main verb (lemmatised), how it is said, and who says it.

Why not the first word: published key results put a subject or an owner before the verb
("The data team identifies 4 bottlenecks"), say a deliverable in the passive or as a state
("the policy is published", "the export is available to all users"), use gerunds
("Selecting a pricing model"), or drop the verb ("GA of the export API", "Checkout
latency"). The checks judge the claim, so this module finds it:

- ``imperative``: a verb first ("Launch ...", "Stand up ...");
- ``gerund``: an -ing form first ("Selecting ...");
- ``finite``: a subject, then its verb ("Weekly users grow ...", "The team identify ...");
- ``passive`` / ``stative``: a form of *be* with a participle or a done-state adjective;
- ``number``: a figure first ("35% of trials convert");
- ``noun``: no verb at all ("GA of the export API", "Checkout latency under 200 ms").
"""

from __future__ import annotations

import re
from functools import lru_cache

from coach.core.lemmas import can_be_other, verb_lemma
from coach.core.record import Record
from coach.core.text import TEXT_CACHE

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*|[$€£]?\d[\d.,]*(?:%|[kKmM]\b)?")
_FIGURE_ONLY = re.compile(r"\s*(?:[<>≤≥=~]\s*)?[$€£]?\d[\d.,]*\s*(?:%|[kKmM])?\s*\.?\s*")
_LEAD = re.compile(
    r"^\s*(?:(?:KR|key\s+result)\s*\d*(?:\.\d+)?\s*[:.)\-–—]\s*|"
    r"(?:by|before|until|in)\s+(?:the\s+)?(?:end\s+of\s+)?(?:week|month|sprint|q[1-4]|day)\s*\d*\s*,\s*|"
    r"[A-Z][\w\s/&-]{1,30}:\s+(?=[A-Z0-9$€£])|(?:we|i|the\s+team|our\s+team)\s+(?:will|shall|should|must|want\s+to|plan\s+to|need\s+to|aim\s+to|"
    r"are\s+going\s+to|commit\s+to)\s+|to\s+|(?:successfully|fully|finally|formally|officially|completely|"
    r"properly|actively|continuously|effectively)\s+)+", re.IGNORECASE)
_BE = frozenset("is are was were be been being 's".split())
# Words that open a clause inside a noun phrase ("alerts when the temperature rises")
_SUBORDINATE = frozenset("when whenever if unless until once".split())
_HAVE = frozenset("has have had".split())
_MODAL = frozenset("will shall should must can could may might would".split())
# Adjectives that say a deliverable is done ("the guide is live", "SSO is available").
DONE_STATES = frozenset("""available live published done complete completed ready launched deployed released
operational enabled documented implemented established finished shipped delivered installed integrated
migrated approved signed finalised finalized defined assigned in-place""".split())
_DETERMINER = frozenset("the a an our their its this that these those all every each".split())
# Number words that open a claim the way a figure does ("Zero Sev-1 incidents", "One in five").
# "At least 20 items ...", "More than 40% of ...": a figure, said with its comparator first
_COMPARED_FIRST = re.compile(r"(?:at\s+(?:least|most)|more\s+than|less\s+than|fewer\s+than|over|under|"
                             r"up\s+to|nearly|almost|about|around)\s+[$€£]?\d", re.IGNORECASE)
_NUMBER_WORDS = frozenset("zero no one two three four five six seven eight nine ten eleven twelve twenty "
                          "hundred thousand half".split())
# Nouns that make an ambiguous first word part of a metric's name ("Build time", "Repeat purchase rate").
_METRIC_HEAD = frozenset("""time times rate rates cost costs speed size score count coverage latency error
errors success quality volume share growth revenue churn retention conversion""".split())


class Claim(Record):
    """The claim of one line: ``verb`` is the lemma of its main verb (None for ``noun`` and
    ``number``), ``start``/``end`` the verb's span, ``subject`` what stands before it."""

    __slots__ = ("form", "verb", "start", "end", "subject", "word")
    form: str
    verb: str | None
    start: int
    end: int
    subject: str
    word: str

    def __init__(self, form: str, verb: str | None = None, start: int = 0, end: int = 0, subject: str = "",
                 word: str = "") -> None:
        self.form, self.verb, self.start, self.end = form, verb, start, end
        self.subject, self.word = subject, word


def _inflected(word: str, lemma: str) -> bool:
    """A finite or participle form ("grows", "identified", "stood"), not the base form."""
    return word.lower() != lemma


@lru_cache(maxsize=TEXT_CACHE)
def read_claim(text: str) -> Claim:
    """The claim of ``text`` (see the module docstring); spans are offsets into ``text``.
    Cached: the outcome and ambition checks both ask. Callers must not change the result."""
    lead = _LEAD.match(text)
    offset = lead.end() if lead else 0
    if lead and text[lead.end() - 2:lead.end()].strip() == ":" and _FIGURE_ONLY.fullmatch(text, offset):
        offset = 0  # "Publish the guide: 100%": the label is the claim, the figure its target
    tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text, offset)][:16]
    if not tokens:
        return Claim("noun")
    first, start, end = tokens[0]
    if first[0].isdigit() or first[0] in "$€£" or first.lower() in _NUMBER_WORDS or _COMPARED_FIRST.match(
            text, start):
        return Claim("number", start=start, end=end, word=first)
    lemma = verb_lemma(first)
    if lemma is not None and can_be_other(first) and _noun_first(tokens):
        lemma = None  # "Build time under 8 minutes", "Release of the SDK": a noun here
    if lemma is not None and first.lower() not in _BE | _HAVE | _MODAL:
        if first.lower().endswith("ing") and _inflected(first, lemma):
            return Claim("gerund", lemma, start, end, word=first)
        if not _inflected(first, lemma) and not (can_be_other(first) and _finite_later(tokens)):
            return Claim("imperative", lemma, start, end, word=first)
    # A subject first: find its verb.
    for i, (word, w_start, w_end) in enumerate(tokens[1:], start=1):
        low = word.lower()
        if low in _SUBORDINATE:
            break  # "Automatic alerts when the temperature rises": the verb is the clause's, not the line's
        if low in _BE | _HAVE:
            after = _participle_after(tokens, i)
            if after is not None:
                form, verb, a_start, a_end, a_word = after
                return Claim(form, verb, a_start, a_end, text[offset:w_start].strip(), a_word)
            if low in _BE:
                return Claim("finite", "be", w_start, w_end, text[offset:w_start].strip(), word)
            return Claim("finite", "have", w_start, w_end, text[offset:w_start].strip(), word)
        if low in _MODAL and i + 1 < len(tokens):
            nxt, n_start, n_end = tokens[i + 1]
            v = verb_lemma(nxt)
            if v is not None:
                return Claim("finite", v, n_start, n_end, text[offset:w_start].strip(), nxt)
        v = verb_lemma(word)
        if v is None or not _finite(word, v, tokens, i):
            continue
        return Claim("finite", v, w_start, w_end, text[offset:w_start].strip(), word)
    return Claim("noun", start=start, end=end, word=first)


def _noun_first(tokens: list[tuple[str, int, int]]) -> bool:
    """An ambiguous first word that a metric noun or "of" shows to be a noun."""
    follow = [t[0].lower() for t in tokens[1:3]]
    if not follow or follow[0][0].isdigit() or follow[0] in _DETERMINER:
        return False  # "Post 30 times", "Raise the share of ...": a verb and its object
    if tokens[0][0].lower() in _METRIC_HEAD and follow[0] in ("per", "to", "for", "from"):
        return True  # "Cost per delivery", "Time to first reply": a metric's name
    return follow[0] == "of" or any(w in _METRIC_HEAD for w in follow)


def _after_number(tokens: list[tuple[str, int, int]], i: int) -> bool:
    """"25 churned customers": a participle right after a number or determiner describes a noun."""
    prev = tokens[i - 1][0].lower() if i > 0 else ""
    return bool(prev) and (prev[0].isdigit() or prev in _DETERMINER or prev in _NUMBER_WORDS)


def _finite(word: str, lemma: str, tokens: list[tuple[str, int, int]], i: int) -> bool:
    """Whether the word at ``i`` reads as the clause's verb rather than part of a noun phrase."""
    low = word.lower()
    if _after_number(tokens, i):
        return False
    if not _inflected(word, lemma):
        # "The data team identify 4 bottlenecks": a base form after a plural subject
        return i >= 2 and not can_be_other(word) and tokens[i - 1][0].lower() not in _DETERMINER
    if low.endswith("ing"):
        return False  # "onboarding flow", "tracking sheet": part of the noun phrase
    if can_be_other(word):
        # "leads", "reviews", "closed": a verb only where something follows as its object or complement
        nxt = tokens[i + 1][0].lower() if i + 1 < len(tokens) else ""
        return bool(nxt) and (nxt[0].isdigit() or nxt in _DETERMINER or nxt in ("to", "by", "from", "above",
                                                                                 "below", "under", "over"))
    return True


def _finite_later(tokens: list[tuple[str, int, int]]) -> bool:
    """Whether a later word is an unambiguous finite verb ("Field sales revenue grows ...")."""
    for i, (word, _, _) in enumerate(tokens[1:8], start=1):
        low = word.lower()
        if low in ("who", "which", "whom", "whose"):
            return False  # "Talk with neighbours who might ...": the verbs after it are the clause's
        if low in _BE or low in _MODAL:
            return True
        v = verb_lemma(word)
        if v is not None and _inflected(word, v) and not low.endswith("ing") and not can_be_other(word) \
                and not _after_number(tokens, i):
            return i >= 1
    return False


def _participle_after(tokens: list[tuple[str, int, int]], i: int) -> tuple[str, str, int, int, str] | None:
    """After a form of be/have: a participle ("is published") or a done-state ("is live")."""
    for word, start, end in tokens[i + 1:i + 4]:
        low = word.lower()
        if low in ("not", "now", "already", "fully", "publicly", "automatically", "successfully", "also",
                   "still", "being", "been", "then", "all"):
            continue
        if low in DONE_STATES:
            return ("stative", verb_lemma(word) or low, start, end, word)
        v = verb_lemma(word)
        if v is not None and _inflected(word, v) and not low.endswith(("ing", "s")):
            return ("passive", v, start, end, word)
        return None
    return None
