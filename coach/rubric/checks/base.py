"""What every check type shares: the subject it reads, the outcome it returns, the registry.

Why a closed set: criteria are data (word lists, thresholds, messages) that a team can
tune without code, while what a check *can do* stays small, tested and reviewable, as in
the Vale prose linter. Each check reads one subject (a key result, an objective or the
whole set) and returns an Outcome, or None when the criterion does not apply. A failing
outcome names its ``trigger`` (which kind of failure it is), so the report can show the
guidance passage for that kind rather than for the criterion in general.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from coach.core.models import Evidence, Finding, KeyResult, Objective, OkrSet
from coach.core.record import Record
from coach.core.text import TEXT_CACHE, stem, words


class Subject(Record):
    """What a check looks at: one item and its surroundings."""

    __slots__ = ("kind", "kr", "kr_findings", "objective", "okr", "text")
    kind: str
    text: str
    okr: OkrSet
    objective: Objective | None
    kr: KeyResult | None
    kr_findings: dict[str, dict[str, Finding]]

    def __init__(self, kind: str, text: str, okr: OkrSet, objective: Objective | None = None,
                 kr: KeyResult | None = None,
                 kr_findings: dict[str, dict[str, Finding]] | None = None) -> None:
        self.kind, self.text, self.okr, self.objective, self.kr = kind, text, okr, objective, kr
        self.kr_findings = kr_findings if kr_findings is not None else {}

    @property
    def offset(self) -> int:
        item = self.kr or self.objective
        return item.offset if item is not None and self.okr.source == "text" else 0


class Outcome(Record):
    """A check's verdict; ``spans`` are relative to the subject's text, ``evidence`` is ready-made.

    ``trigger`` names the kind of failure (one of the check type's declared triggers), which
    picks the guidance passage shown with it.
    """

    __slots__ = ("evidence", "fields", "note", "passed", "score", "spans", "trigger")
    passed: bool
    score: float
    spans: list[tuple[int, int]]
    evidence: list[Evidence]
    fields: dict[str, Any]
    note: str | None
    trigger: str | None

    def __init__(self, passed: bool, score: float = 1.0, spans: list[tuple[int, int]] | None = None,
                 evidence: list[Evidence] | None = None, fields: dict[str, Any] | None = None,
                 note: str | None = None, trigger: str | None = None) -> None:
        self.passed, self.score, self.note, self.trigger = passed, score, note, trigger
        self.spans = spans if spans is not None else []
        self.evidence = evidence if evidence is not None else []
        self.fields = fields if fields is not None else {}


CheckFn = Callable[[Subject, dict[str, Any]], "Outcome | None"]


class CheckType(Record):
    """A registered check: its function, where it applies, its params with defaults, its triggers."""

    __slots__ = ("applies_to", "defaults", "doc", "fn", "name", "triggers")
    name: str
    applies_to: frozenset[str]
    defaults: dict[str, Any]
    fn: CheckFn
    doc: str
    triggers: tuple[str, ...]

    def __init__(self, name: str, applies_to: frozenset[str], defaults: dict[str, Any], fn: CheckFn,
                 doc: str, triggers: tuple[str, ...]) -> None:
        self.name, self.applies_to, self.defaults, self.fn, self.doc = name, applies_to, defaults, fn, doc
        self.triggers = triggers


REGISTRY: dict[str, CheckType] = {}


def register(name: str, applies_to: set[str], defaults: dict[str, Any],
             triggers: tuple[str, ...]) -> Callable[[CheckFn], CheckFn]:
    """Add a check type; ``defaults`` declare which params a criterion may set, ``triggers``
    the kinds of failure it reports (each can have its own guidance passage)."""

    def wrap(fn: CheckFn) -> CheckFn:
        REGISTRY[name] = CheckType(name, frozenset(applies_to), defaults, fn,
                                   (fn.__doc__ or "").strip().splitlines()[0], triggers)
        return fn

    return wrap


def registry_signature() -> str:
    """What the compiled rubric cache depends on in code: check names, params and triggers."""
    return ";".join(f"{c.name}:{','.join(sorted(c.defaults))}:{','.join(c.triggers)}"
                    for c in sorted(REGISTRY.values(), key=lambda c: c.name))


def evidence_for(subject: Subject, item: KeyResult | Objective | None, start: int, end: int) -> Evidence:
    """Evidence in the coordinates of the contract: absolute for pasted text, else item-relative."""
    text = item.text if item is not None else subject.text
    pasted = item is not None and subject.okr.source == "text"
    positions = item.positions if item is not None and pasted else None
    if positions and 0 <= start < end <= len(positions):
        # cleaned text is not always one slice of the draft ("[docs](url)", a wrapped line):
        # each character knows where it came from
        return Evidence(start=positions[start], end=positions[end - 1] + 1, text=text[start:end])
    base = item.offset if item is not None and pasted else 0
    return Evidence(start=base + start, end=base + end, text=text[start:end])


# --- shared word-level helpers -------------------------------------------------------------

_LEAD_FILLER = re.compile(
    r"^\s*(?:(?:KR|key\s+result)\s*\d*(?:\.\d+)?\s*[:.)\-–—]\s*|(?:we|i|the\s+team)\s+(?:will|shall|should|must|want\s+to|plan\s+to|need\s+to)\s+|to\s+"
    r"|(?:successfully|fully|finally|formally|officially|completely|properly)\s+)+",
    re.IGNORECASE,
)


_FIRST_WORD = re.compile(r"\s*([A-Za-z][A-Za-z-]*)")


@lru_cache(maxsize=TEXT_CACHE)
def first_word(text: str) -> tuple[str, int, int] | None:
    """The first meaningful word (after 'we will', 'to', 'successfully'...) with its span."""
    lead = _LEAD_FILLER.match(text)
    offset = lead.end() if lead else 0
    m = _FIRST_WORD.match(text, offset)
    if not m:
        return None
    return m.group(1).lower(), m.start(1), m.end(1)


def verb_matches(word: str, verbs: list[str]) -> bool:
    """'launching', 'launched', 'launches' all match 'launch'."""
    return word in verbs or stem(word) in stem_set(tuple(verbs))


def find_terms(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Spans of whole-word (or phrase) matches, case-insensitive, stem-tolerant for single words."""
    spans: list[tuple[int, int]] = []
    single, phrases = _term_index(tuple(terms))
    for m in words(text):
        if stem(m.group(0)) in single:
            spans.append((m.start(), m.end()))
    if phrases is not None:
        spans += [m.span() for m in phrases.finditer(text)]
    return sorted(spans)


@lru_cache(maxsize=256)
def _term_index(terms: tuple[str, ...]) -> tuple[frozenset[str], re.Pattern[str] | None]:
    """Stems of single-word terms and one regex for the phrases, built once per word list."""
    single = frozenset(stem(t) for t in terms if " " not in t)
    phrases = [re.escape(t) for t in terms if " " in t]
    pattern = re.compile(r"\b(?:" + "|".join(phrases) + r")\b", re.IGNORECASE) if phrases else None
    return single, pattern


@lru_cache(maxsize=256)
def pattern(regex: str) -> re.Pattern[str]:
    """A criterion's regular expression (case-insensitive), compiled once per process."""
    return re.compile(regex, re.IGNORECASE)


@lru_cache(maxsize=256)
def any_word(words: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled regex matching any of the words, whole-word and case-insensitive."""
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=256)
def stem_set(terms: tuple[str, ...]) -> frozenset[str]:
    """Stems of a word list, computed once per list."""
    return frozenset(stem(t) for t in terms)


