"""Does each team objective ladder up to a company objective? (``okr-coach batch --company FILE``)

Two kinds of evidence, in this order:

- **named**: the team objective names its parent ("supports C2", "parent: company objective
  1", "→ O3"): the author's word wins;
- **meaning**: the company objective (with its key results) closest to the team objective
  (with its key results) by the bundled MiniLM embeddings, when the closeness clears
  ``MIN_SIMILARITY``; without the model, shared content words (and the method says so).

The threshold is not calibrated on labelled company/team pairs (we have none yet): treat
"supports nothing" as a question for the ambassador to ask, not a verdict.
"""

from __future__ import annotations

import re
from typing import Any

from coach.core.models import OkrSet
from coach.core.text import content_stems
from coach.service.batch import BatchResult

MIN_SIMILARITY = 0.35
MIN_SHARED = 2
_NAMED = re.compile(r"\b(?:supports?|parent|ladders?\s+(?:up\s+)?to|aligns?\s+(?:with|to)|contributes?\s+to)"
                    r"\s*:?\s*(?:the\s+)?(?:company\s+)?(?:objective\s*|O|C)\s*(\d{1,2})\b|→\s*(?:O|C)(\d{1,2})\b",
                    re.IGNORECASE)


def read_company(path: str) -> OkrSet:
    from coach.service.inputs import parse_draft, read_source

    return parse_draft(read_source(path), name=path)


def _named(text: str, count: int) -> int | None:
    """The 0-based company objective a team objective names, if any."""
    m = _NAMED.search(text)
    if not m:
        return None
    n = int(m.group(1) or m.group(2)) - 1
    return n if 0 <= n < count else None


def _context(objective: dict[str, Any]) -> list[str]:
    return [objective.get("text", ""), *(k.get("text", "") for k in objective.get("key_results", []))]


def link(result: BatchResult, company: OkrSet) -> dict[str, Any]:
    """Each team objective's company objective (or none), and the company objectives no team supports."""
    from coach.knowledge.similarity import available, context_similarity

    semantic = available()
    parents: list[dict[str, Any]] = [{"id": o.id, "text": o.text,
                                      "context": [o.text, *(k.text for k in o.key_results)]}
                                     for o in company.objectives]
    tree: list[dict[str, Any]] = [{"id": p["id"], "text": p["text"], "supported_by": []} for p in parents]
    unaligned = []
    for team, review in result.teams:
        for objective in review.get("objectives", []):
            text = objective.get("text", "")
            named = _named(text, len(parents))
            best, score, by = named, None, "named"
            if named is None:
                by = "meaning" if semantic else "words"
                scores = []
                for p in parents:
                    if semantic:  # either side's objective against the other's objective and key results
                        values = [context_similarity(text, p["context"]),
                                  context_similarity(p["text"], _context(objective))]
                        scores.append(max((v for v in values if v is not None), default=0.0))
                    else:
                        mine = content_stems(" ".join(_context(objective)))
                        scores.append(float(len(mine & content_stems(" ".join(p["context"])))))
                if scores:
                    top = max(range(len(scores)), key=scores.__getitem__)
                    score = round(scores[top], 3)
                    clears = score >= (MIN_SIMILARITY if semantic else MIN_SHARED)
                    best = top if clears else None
            entry = {"team": team.name, "objective": text, "by": by, "score": score}
            if best is None:
                unaligned.append(entry)
            else:
                tree[best]["supported_by"].append(entry)
    return {"method": "semantic" if semantic else "lexical", "company": tree,
            "unsupported_company": [c["id"] for c in tree if not c["supported_by"]],
            "unaligned": unaligned}
