"""Check types for objectives and the whole set (registered into ``base.REGISTRY``).

Why separate: these read several items at once (an objective's key results, the
set's objectives) and the findings already made on key results.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from coach.core.kr_parts import find_deadline, find_multiplier, quantities
from coach.core.models import Evidence
from coach.core.text import content_stems, mostly_latin, words
from coach.rubric.checks.base import Outcome, Subject, evidence_for, find_terms, pattern, register

_TIME_BOX = re.compile(r"\b(?:in|within|over)\s+(?:the\s+(?:next|first)\s+)?\d{1,3}\s+"
                       r"(?:days?|weeks?|months?|sprints?)\b", re.IGNORECASE)


@register("no_metric", {"objective"}, {}, triggers=("carries-metric",))
def no_metric(s: Subject, p: dict[str, Any]) -> Outcome | None:
    """An objective states a direction in words; numbers belong in its key results."""
    # "Open the branch library in 10 weeks": a time box is when, not how much
    boxes = [m.span() for m in _TIME_BOX.finditer(s.text)]
    spans = [(q.start, q.end) for q in quantities(s.text)
             if not any(a <= q.start < b for a, b in boxes)]
    multiplier = find_multiplier(s.text)
    if multiplier:
        spans.append(multiplier[1].span())
    if spans:
        return Outcome(False, 0.0, spans=sorted(spans)[:3], trigger="carries-metric")
    return Outcome(True)


@register("clarity", {"objective"}, {
    "min_words": 2, "max_words": 20, "negative_words": [], "jargon": [],
}, triggers=("too-short", "too-long", "negative", "jargon"))
def clarity(s: Subject, p: dict[str, Any]) -> Outcome | None:
    """Clear and concise: a short sentence, positively framed, free of buzzwords. Text in a
    script without spaces between words ("建立社区图书馆的借阅体系") cannot be counted in words."""
    if not mostly_latin(s.text):
        return None
    count = len(words(s.text))
    if count < p["min_words"]:
        return Outcome(False, 0.2, spans=[(0, len(s.text))], trigger="too-short",
                       fields={"why": f"{count} word(s) say too little about the aim"})
    if count > p["max_words"]:
        return Outcome(False, 0.5, spans=[(0, len(s.text))], trigger="too-long",
                       fields={"why": f"{count} words; aim for {p['max_words']} or fewer"})
    negative = find_terms(s.text, p["negative_words"])
    if negative:
        return Outcome(False, 0.5, spans=negative[:2], trigger="negative",
                       fields={"why": "it says what to stop, not what to become"})
    jargon = find_terms(s.text, p["jargon"])
    if jargon:
        return Outcome(False, 0.6, spans=jargon[:2], fields={"why": "buzzwords blur the aim"},
                       trigger="jargon")
    return Outcome(True)


@register("count_range", {"objective", "set"}, {"min": 1, "max": 5}, triggers=("too-few", "too-many"))
def count_range(s: Subject, p: dict[str, Any]) -> Outcome | None:
    """Focus: how many objectives a team has, or key results an objective has.

    A document of several teams (a company -> team tree, a sheet with a Team column) is
    judged by its busiest team: six objectives spread over three teams is focus, not sprawl.
    """
    if s.objective is not None:
        count = len(s.objective.key_results)
    else:
        per_team = Counter(o.team for o in s.okr.objectives)
        count = max(per_team.values(), default=0)
    noun = "key result" if s.objective is not None else "objective"
    fields = {"count": count, "min": p["min"], "max": p["max"], "noun": noun,
              "plural": "" if count == 1 else "s"}
    if count < p["min"]:
        return Outcome(False, 0.0 if count == 0 else 0.5, fields=fields, trigger="too-few")
    if count > p["max"]:
        return Outcome(False, max(0.0, 1 - 0.15 * (count - p["max"])), fields=fields, trigger="too-many")
    return Outcome(True, fields=fields)


@register("phrase_match", {"objective", "key_result"}, {"patterns": []}, triggers=("phrase",))
def phrase_match(s: Subject, p: dict[str, Any]) -> Outcome | None:
    """Fails when any of the criterion's regular expressions matches (Vale's 'existence')."""
    for regex in p["patterns"]:
        m = pattern(regex).search(s.text)
        if m:
            return Outcome(False, 0.2, spans=[m.span()], fields={"match": m.group(0)}, trigger="phrase")
    return Outcome(True)


@register("children_failing", {"objective"}, {"criterion": "", "max_share": 0.5, "min_children": 2},
          triggers=("mostly-failing",))
def children_failing(s: Subject, p: dict[str, Any]) -> Outcome | None:
    """Flags an objective whose key results mostly fail one criterion (a checklist of tasks)."""
    assert s.objective is not None
    krs = s.objective.key_results
    if len(krs) < p["min_children"]:
        return None
    failing = [kr for kr in krs
               if (f := s.kr_findings.get(kr.id, {}).get(p["criterion"])) is not None and not f.passed]
    share = len(failing) / len(krs)
    fields = {"failing": len(failing), "total": len(krs)}
    if share > p["max_share"]:
        evidence = [evidence_for(s, kr, 0, len(kr.text)) for kr in failing[:3]]
        return Outcome(False, 1 - share, evidence=evidence, fields=fields, trigger="mostly-failing")
    return Outcome(True, fields=fields)


@register("near_duplicates", {"objective"}, {"min_similarity": 0.6}, triggers=("duplicate",))
def near_duplicates(s: Subject, p: dict[str, Any]) -> Outcome | None:
    """Two key results that measure the same thing split the effort and double-count progress."""
    assert s.objective is not None
    krs = s.objective.key_results
    stems = [content_stems(_without_deadline(kr.text)) for kr in krs]
    least = p["min_similarity"]
    for i, j in _similar_pairs(stems, least):
        a, b = stems[i], stems[j]
        if not a or not b:
            continue
        similarity = len(a & b) / len(a | b)
        if similarity >= least:
            evidence = [evidence_for(s, krs[i], 0, len(krs[i].text)),
                        evidence_for(s, krs[j], 0, len(krs[j].text))]
            return Outcome(False, 0.4, evidence=evidence, trigger="duplicate",
                           fields={"first": krs[i].id, "second": krs[j].id,
                                   "similarity": f"{similarity:.0%}"})
    return Outcome(True)


def _similar_pairs(stems: list[frozenset[str]], least: float) -> Iterator[tuple[int, int]]:
    """The pairs (i, j), i < j, in the order of a loop over all pairs, that can be ``least``
    similar (Jaccard): every pair for a few key results, else only the pairs that share a
    stem of their prefixes (see below), so a long list costs about its length, not its square.

    Prefix filtering (Chaudhuri et al., 2006): with the stems of every set ordered rarest
    first, two sets with Jaccard >= t share at least ceil(t * |a|) of the |a| stems of a, so
    they share a stem among the first |a| - ceil(t * |a|) + 1 of each. The bound is taken a
    little low (a longer prefix: more candidates, never fewer), so float rounding cannot drop
    a pair the full loop would find; the caller computes each candidate's similarity exactly.
    """
    n = len(stems)
    if n <= 64 or not 0 < least <= 1:
        yield from ((i, j) for i in range(n) for j in range(i + 1, n))
        return
    df = Counter(stem for each in stems for stem in each)
    index: dict[str, list[int]] = {}
    prefixes: list[list[str]] = []
    for k, each in enumerate(stems):
        ordered = sorted(each, key=lambda stem: (df[stem], stem))
        overlap = max(1, math.ceil(least * len(ordered) - 1e-9))
        prefix = ordered[: len(ordered) - overlap + 1]
        prefixes.append(prefix)
        for stem in prefix:
            index.setdefault(stem, []).append(k)
    for i in range(n):
        later = {j for stem in prefixes[i] for j in index[stem] if j > i}
        yield from ((i, j) for j in sorted(later))


def _without_deadline(text: str) -> str:
    m = find_deadline(text)
    return text[: m.start()] + text[m.end():] if m else text


@register("counter_metric", {"objective"}, {"volume_terms": [], "guard_terms": []}, triggers=("no-guard",))
def counter_metric(s: Subject, p: dict[str, Any]) -> Outcome | None:
    """Pushing a volume or speed metric without a quality guard invites gaming it."""
    assert s.objective is not None
    pushed: list[Evidence] = []
    for kr in s.objective.key_results:
        if kr.parts.direction in ("increase", "decrease"):
            hits = find_terms(kr.text, p["volume_terms"])
            if hits:
                pushed.append(evidence_for(s, kr, *hits[0]))
    if not pushed:
        return None
    every_text = " ".join([s.objective.text] + [kr.text for kr in s.objective.key_results])
    if find_terms(every_text, p["guard_terms"]):
        return Outcome(True)
    return Outcome(False, 0.6, evidence=pushed[:2], fields={"metric": pushed[0].text}, trigger="no-guard")

