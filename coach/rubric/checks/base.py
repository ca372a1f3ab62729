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
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from coach.core.models import Evidence, Finding, KeyResult, Objective, OkrSet
from coach.core.text import stem, words


@dataclass(slots=True)
class Subject:
    """What a check looks at: one item and its surroundings."""

    kind: str
    text: str
    okr: OkrSet
    objective: Objective | None = None
    kr: KeyResult | None = None
    kr_findings: dict[str, dict[str, Finding]] = field(default_factory=dict)

    @property
    def offset(self) -> int:
        item = self.kr or self.objective
        return item.offset if item is not None and self.okr.source == "text" else 0


@dataclass(slots=True)
class Outcome:
    """A check's verdict; ``spans`` are relative to the subject's text, ``evidence`` is ready-made.

    ``trigger`` names the kind of failure (one of the check type's declared triggers), which
    picks the guidance passage shown with it.
    """

    passed: bool
    score: float = 1.0
    spans: list[tuple[int, int]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    note: str | None = None
    trigger: str | None = None


CheckFn = Callable[[Subject, dict[str, Any]], "Outcome | None"]


@dataclass(frozen=True)
class CheckType:
    name: str
    applies_to: frozenset[str]
    defaults: dict[str, Any]
    fn: CheckFn
    doc: str
    triggers: tuple[str, ...]


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
    base = item.offset if item is not None and subject.okr.source == "text" else 0
    return Evidence(start=base + start, end=base + end, text=text[start:end])


# --- shared word-level helpers -------------------------------------------------------------

_LEAD_FILLER = re.compile(
    r"^\s*(?:(?:KR|key\s+result)\s*\d*(?:\.\d+)?\s*[:.)\-–—]\s*|(?:we|i|the\s+team)\s+(?:will|shall|should|must|want\s+to|plan\s+to|need\s+to)\s+|to\s+"
    r"|(?:successfully|fully|finally|formally|officially|completely|properly)\s+)+",
    re.IGNORECASE,
)


_FIRST_WORD = re.compile(r"\s*([A-Za-z][A-Za-z-]*)")


@lru_cache(maxsize=16384)
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
def stem_set(terms: tuple[str, ...]) -> frozenset[str]:
    """Stems of a word list, computed once per list."""
    return frozenset(stem(t) for t in terms)


