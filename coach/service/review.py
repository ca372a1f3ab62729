"""The one review every face calls: pick the pack, check the profile, run the engine, explain.

Why here: CLI, HTTP API, web page, batch and tutor must give the same answer for the same
draft; they differ only in how they read input and print output. "Why this matters" comes
from the compiled pack (one passage per criterion and kind of failure, chosen when the pack
was compiled), and the review carries each passage once in ``Review.passages``.
"""

from __future__ import annotations

from typing import Any

from coach.core.models import OkrSet, Review
from coach.errors import UsageProblem
from coach.rubric.engine import review
from coach.rubric.model import Rubric
from coach.service.inputs import parse_draft

SEMANTIC_ALIGNMENT = {"kr-alignment": {"method": "hybrid"}}


class ReviewError(UsageProblem):
    """A request no pack can answer: an unknown pack or profile, an invalid pack (HTTP 422)."""

    status = 422


def rubric_for(pack: str | None = None) -> Rubric:
    """The compiled pack by name or folder; unknown or broken packs are a ReviewError."""
    from coach.rubric.model import RubricError
    from coach.rubric.packs import PackNotFound, get_rubric

    try:
        return get_rubric(pack)
    except PackNotFound as exc:
        raise ReviewError(str(exc)) from None
    except RubricError as exc:
        first = "; ".join(f"{f}: {r}" for f, r in exc.problems[:3])
        raise ReviewError(f"rubric pack '{pack}' is invalid: {first} (see 'okr-coach rubrics check')") \
            from None


def check_profile(rubric: Rubric, profile: str) -> None:
    if profile not in rubric.profile_names():
        raise ReviewError(f"unknown profile '{profile}' (choose one of: {', '.join(rubric.profile_names())})")


def attach_guidance(result: Review, rubric: Rubric) -> None:
    """Each failing finding gets the id of the passage that explains its kind of failure."""
    for finding, _item in result.all_findings():
        if finding.passed:
            continue
        passage = rubric.why(finding.criterion, finding.trigger)
        if passage is not None:
            finding.why = passage.id
            result.passages.setdefault(passage.id, passage)


def review_okr_set(okr: OkrSet, profile: str = "default", pack: str | None = None,
                   rubric: Rubric | None = None, explain: bool = True, semantic: bool = False) -> Review:
    """Review a parsed draft under a pack (default okr-core) and profile.

    ``semantic`` lets the alignment criterion also accept a key result whose meaning is
    close to its objective (MiniLM embeddings); off by default, see README "Alignment".
    """
    rubric = rubric or rubric_for(pack)
    check_profile(rubric, profile)
    result = review(okr, rubric, profile, SEMANTIC_ALIGNMENT if semantic else None)
    if explain:
        attach_guidance(result, rubric)
    return result


def review_text(text: str, profile: str = "default", fmt: str = "auto", pack: str | None = None,
                explain: bool = True) -> Review:
    """Review a pasted draft (markdown, bullets, table, JSON or YAML text)."""
    return review_okr_set(parse_draft(text, requested=fmt), profile, pack, explain=explain)


def review_request(text: str | None, okrs: Any = None, input_format: str = "auto",
                   profile: str = "default", pack: str | None = None) -> tuple[OkrSet, Review]:
    """What the API and the web page both do with a posted draft: check, parse, review.

    The pack and profile are checked before parsing, so a typo in either is reported
    even when the draft is also wrong.
    """
    rubric = rubric_for(pack)
    check_profile(rubric, profile)
    okr = parse_draft(text, okrs, input_format)
    return okr, review_okr_set(okr, profile, rubric=rubric)
