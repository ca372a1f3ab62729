"""Alignment on real pairs: a key result under its own objective, and under another team's.

Why pairs: on real documents nearly every key result sits under the objective it supports,
so a checker that never warns looks perfect there. Pairing each labelled key result
(``aligned: true``) with its own objective and with an objective of another organisation,
half of those chosen because they share a word with it ("pairs that share a word but
measure different things"), gives a balanced set where saying "aligned" to everything
scores 0.5. The texts come from ``../shared/real-okrs`` at run time; only ids are kept.
"""

from __future__ import annotations

from typing import Any

from coach.core.kr_parts import extract_parts
from coach.core.models import KeyResult, Objective, OkrSet
from coach.core.text import content_stems
from coach.evals.real import DocResult


class Pair:
    """A key result placed under an objective, among that objective's other key results."""

    __slots__ = ("doc", "line", "kr", "objective", "siblings", "aligned", "shares_word")

    def __init__(self, doc: str, line: int, kr: str, objective: str, siblings: list[str], aligned: bool,
                 shares_word: bool) -> None:
        self.doc, self.line, self.kr, self.objective, self.siblings = doc, line, kr, objective, siblings
        self.aligned, self.shares_word = aligned, shares_word


def _org(doc: str) -> str:
    return doc.split("-")[0]


def _context_stems(objective: str, siblings: list[str]) -> set[str]:
    out = set(content_stems(objective))
    for text in siblings:
        out |= content_stems(text)
    return out


def _stated(results: list[DocResult]) -> list[tuple[str, str, int, str, str, list[str]]]:
    """(organisation, doc, line, kr, own objective, its other key results) for aligned KRs."""
    out = []
    for r in results:
        by_line = {i["line"]: i for i in r.labels.get("items") or [] if i["kind"] == "key_result"}
        for objective in r.result.objectives:
            if objective.implicit:
                continue
            for kr in objective.key_results:
                label = by_line.get(kr.line or -1)
                if label is not None and label.get("aligned") is True:
                    siblings = [k.text for k in objective.key_results if k is not kr]
                    out.append((_org(r.doc), r.doc, kr.line or 0, kr.text, objective.text, siblings))
    return out


def build_pairs(results: list[DocResult], pool: list[DocResult]) -> list[Pair]:
    """Balanced pairs for the key results of ``results``; negatives drawn from ``pool``'s
    objectives of other organisations (deterministic: no randomness, same pairs every run)."""
    objectives = [(_org(r.doc), o.text, [k.text for k in o.key_results])
                  for r in pool for o in r.result.objectives if not o.implicit]
    pairs: list[Pair] = []
    for n, (org, doc, line, kr, own, siblings) in enumerate(_stated(results)):
        stems = content_stems(kr)
        pairs.append(Pair(doc, line, kr, own, siblings, True, bool(stems & _context_stems(own, siblings))))
        others = [(text, krs) for o_org, text, krs in objectives if o_org != org]
        if not others:
            continue
        sharing = [o for o in others if stems & _context_stems(*o)]
        text, krs = sharing[n % len(sharing)] if sharing and n % 2 == 0 else others[(n * 7) % len(others)]
        pairs.append(Pair(doc, line, kr, text, krs, False, bool(stems & _context_stems(text, krs))))
    return pairs


def verdict(pair: Pair, method: str, params: dict[str, Any]) -> bool | None:
    """The alignment check's verdict on one pair (None: it did not judge)."""
    from coach.rubric.checks.base import REGISTRY, Subject

    kr = KeyResult(id="O1.KR1", text=pair.kr, parts=extract_parts(pair.kr))
    siblings = [KeyResult(id=f"O1.KR{i + 2}", text=t) for i, t in enumerate(pair.siblings)]
    objective = Objective(id="O1", text=pair.objective, key_results=[kr, *siblings])
    okr = OkrSet(objectives=[objective], source="structured")
    check = REGISTRY["alignment"]
    outcome = check.fn(Subject("key_result", pair.kr, okr, objective, kr),
                       {**check.defaults, **params, "method": method})
    return None if outcome is None else outcome.passed  # a question (unsure) does not confirm it


def score(pairs: list[Pair], method: str, params: dict[str, Any]) -> dict[str, float | int]:
    """Accuracy over the pairs judged, and how many were judged (coverage)."""
    judged = right = 0
    for pair in pairs:
        v = verdict(pair, method, params)
        if v is None:
            continue
        judged += 1
        right += v == pair.aligned
    return {"pairs": len(pairs), "judged": judged, "accuracy": right / judged if judged else 0.0,
            "sharing_negatives": sum(1 for p in pairs if not p.aligned and p.shares_word)}
