"""Words and small judgements shared by the outcome-or-task checks of key results
(:mod:`coach.rubric.checks.outcome`) and of objectives (:mod:`coach.rubric.checks.objective_outcome`).

Why a module: both read word lists from the criterion's params as lemmas, ask whether a line
is measured, and fail with the same shape of finding (its kind, trigger and spans).
"""

from __future__ import annotations

import re
from typing import Any

from coach.core.claim import Claim
from coach.core.kr_parts import find_multiplier, has_quantity, quantities
from coach.core.lemmas import verb_lemma
from coach.rubric.checks.base import Outcome, find_terms

WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*")

FROM_TO = re.compile(r"\bfrom\b.+\bto\b", re.IGNORECASE)


def lemmas_of(words: list[str]) -> frozenset[str]:
    """The word list as lemmas (lists in rubric files may hold any form)."""
    out = set()
    for w in words:
        w = w.lower()
        out.add(w)
        base = verb_lemma(w)
        if base:
            out.add(base)
    return frozenset(out)


_LEMMA_SETS: dict[int, frozenset[str]] = {}


def word_set(words: list[str]) -> frozenset[str]:
    """``lemmas_of`` once per word list object (params are loaded once per rubric)."""
    key = id(words)
    found = _LEMMA_SETS.get(key)
    if found is None:
        found = _LEMMA_SETS[key] = lemmas_of(words)
    return found


def lemma(word: str) -> str:
    """The verb lemma of a word, else the word in lower case."""
    return verb_lemma(word) or word.lower()


IMPROVE_LIKE = frozenset("improve enhance optimize optimise upgrade refresh update fix polish revamp "
                         "streamline".split())


def noun_is(word: str, words: frozenset[str]) -> bool:
    """Whether the noun, singular or plural, is in the set."""
    w = word.lower()
    return w in words or w.rstrip("s") in words or (w.endswith("ies") and w[:-3] + "y" in words)


def measured(text: str) -> bool:
    """A measured level: a quantity with a unit or percent, a multiplier, or a from-to move."""
    return any(q.unit not in (None, "x") for q in quantities(text)) or bool(FROM_TO.search(text)) or \
        find_multiplier(text) is not None


COMPARATIVE = re.compile(r"\b(?:more|less|fewer|better|faster|easier|simpler|cheaper|safer|happier|"
                         r"quicker|smoother|clearer|stronger|higher|lower|greater|healthier|calmer)\b",
                         re.IGNORECASE)


def fail(kind: str, trigger: str, spans: list[tuple[int, int]], note: str | None = None) -> Outcome:
    """A failed outcome-or-task finding: what kind of work the line is, and the words that say so."""
    return Outcome(False, 0.0, spans=spans, fields={"kind": kind}, trigger=trigger, note=note)


def improve_like(text: str, claim: Claim, p: dict[str, Any]) -> Outcome | None:
    """"Improve the onboarding page": a change to an artifact, unless it is measured."""
    if (claim.verb or "") not in IMPROVE_LIKE:
        return None
    artifacts = find_terms(text, p["artifact_nouns"])
    if artifacts and not has_quantity(text):
        return fail("change to an artifact", "artifact-change", [(claim.start, artifacts[0][1])])
    return None
