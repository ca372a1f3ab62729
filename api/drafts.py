"""From a request body to a reviewed draft, with every failure mapped to a status and reason.

Why shared: the JSON API, the suggestion stream and the web page read drafts the same way,
so the same paste gives the same review (and the same error) whichever face it came through.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from api.errors import ApiError
from api.schemas import DraftRequest
from coach.core.models import OkrSet, Review
from coach.core.parsing import MAX_INPUT_CHARS, ParseError, parse, parse_structured
from coach.rubric.loader import default_rubric
from coach.service.review import review_okr_set


def profile_names() -> list[str]:
    """'default' first, then the pack's organisation profiles."""
    return ["default", *sorted(default_rubric().pack.profiles)]


def check_profile(profile: str) -> None:
    if profile not in profile_names():
        raise ApiError(422, f"unknown profile '{profile}' (choose one of: {', '.join(profile_names())})")


def parse_draft(text: str | None, okrs: Any = None, input_format: str = "auto") -> OkrSet:
    """Parse pasted text or structured data; 413 when too long, 400 when unreadable."""
    try:
        if text is not None:
            if len(text) > MAX_INPUT_CHARS:
                raise ApiError(413, f"the draft is {len(text):,} characters; the limit is "
                                    f"{MAX_INPUT_CHARS:,} (review one team's OKRs at a time)")
            return parse(text, None if input_format == "auto" else input_format)
        return parse_structured(okrs)
    except ParseError as exc:
        raise ApiError(400, str(exc), line=exc.line) from None


def review_draft(req: DraftRequest) -> tuple[OkrSet, Review]:
    """Parse and review a request's draft under its profile (no model involved)."""
    check_profile(req.profile)
    okr = parse_draft(req.text, req.okrs, req.input_format)
    try:
        return okr, review_okr_set(okr, profile=req.profile)
    except ValueError as exc:  # the engine's own reasons (e.g. a profile it does not know)
        raise ApiError(422, str(exc)) from None


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_json_safe(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _json_safe(dataclasses.asdict(value))
    return str(value)


def stats_dict(stats: Any) -> dict[str, Any]:
    """Whatever the suggestion engine reports (to_dict(), pydantic, dataclass, dict) as JSON data."""
    if stats is None:
        return {}
    if hasattr(stats, "to_dict"):
        data = stats.to_dict()
    elif hasattr(stats, "model_dump"):
        data = stats.model_dump(mode="json")
    elif dataclasses.is_dataclass(stats) and not isinstance(stats, type):
        data = dataclasses.asdict(stats)
    else:
        data = stats
    safe = _json_safe(data)
    return safe if isinstance(safe, dict) else {"value": safe}


def collected_suggestions(review: Review) -> list[dict[str, Any]]:
    """Every suggestion in a review, each with the id of the item it rewrites."""
    out: list[dict[str, Any]] = []
    for objective in review.objectives:
        out += [{"item": objective.id, **s.model_dump(mode="json")} for s in objective.suggestions]
        for kr in objective.key_results:
            out += [{"item": kr.id, **s.model_dump(mode="json")} for s in kr.suggestions]
    return out
