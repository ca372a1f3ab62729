"""The one service layer every face calls: parse, review, explain (and later suggest).

Why here: CLI, HTTP API, batch and tutor must give the same answer for the same
draft; they differ only in how they read input and print output.
"""

from __future__ import annotations

from typing import Any

from coach.core.models import Finding, OkrSet, Passage, Review
from coach.core.parsing import parse, parse_structured
from coach.rubric.engine import review
from coach.rubric.loader import Rubric, default_rubric

SEMANTIC_ALIGNMENT = {"kr-alignment": {"method": "hybrid"}}


def review_okr_set(okr: OkrSet, profile: str = "default", rubric: Rubric | None = None,
                   explain: bool = True, semantic: bool = False) -> Review:
    """Review a parsed set; with ``explain`` each failing finding gets its guidance passage.

    ``semantic`` lets the alignment criterion also accept a key result whose meaning is
    close to its objective (MiniLM embeddings); off by default, see README "Alignment".
    """
    result = review(okr, rubric or default_rubric(), profile, SEMANTIC_ALIGNMENT if semantic else None)
    if explain:
        attach_guidance(result)
    return result


def review_text(text: str, profile: str = "default", fmt: str | None = None,
                explain: bool = True) -> Review:
    """Review a pasted draft (markdown, bullets, table, JSON or YAML text)."""
    return review_okr_set(parse(text, fmt), profile, explain=explain)


def review_structured(data: Any, profile: str = "default", explain: bool = True) -> Review:
    """Review the structured shape of design section 3."""
    return review_okr_set(parse_structured(data), profile, explain=explain)


def _all_failing(result: Review) -> list[tuple[Finding, str]]:
    pairs: list[tuple[Finding, str]] = [(f, "") for f in result.findings if not f.passed]
    for objective in result.objectives:
        pairs += [(f, objective.text) for f in objective.findings if not f.passed]
        for kr in objective.key_results:
            pairs += [(f, kr.text) for f in kr.findings if not f.passed]
    return pairs


def attach_guidance(result: Review) -> None:
    """'Why this matters': the best passage of the criterion's own guidance documents.

    Picked lexically from the criterion's documents, so a plain review needs
    neither the vector store nor the embedding model.
    """
    try:
        from coach.knowledge.docs import guidance_passage
    except ImportError:  # knowledge base machinery not installed: reviews still work
        return
    for finding, text in _all_failing(result):
        passage = guidance_passage(finding.guidance, f"{finding.message} {text}")
        if passage is not None:
            finding.why = Passage(id=passage.id, title=f"{passage.title}: {passage.heading}"
                                  if passage.heading else passage.title, text=passage.text)
