"""From a request body to a reviewed draft, through the one service layer, errors mapped to statuses.

Why this file stays tiny: reading, limits, format detection, pack and profile checks all
live in ``coach.service``; a face only turns the service's ``UsageProblem`` into an
``ApiError`` with the status it carries (400 unreadable, 413 too large, 422 unknown pack
or profile), so the same paste gives the same answer through every face.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from api.errors import ApiError
from api.schemas import DraftRequest
from coach.core.models import OkrSet, Review
from coach.errors import UsageProblem
from coach.report.json import suggestion_dict
from coach.service.review import review_request


def api_error(exc: UsageProblem) -> ApiError:
    return ApiError(exc.status, str(exc), line=getattr(exc, "line", None))


def review_draft(req: DraftRequest) -> tuple[OkrSet, Review]:
    """Parse and review a request's draft under its pack and profile (no model involved)."""
    try:
        return review_request(req.text, req.okrs, req.input_format, req.profile, req.pack)
    except UsageProblem as exc:
        raise api_error(exc) from None


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
    """Whatever the suggestion engine reports (to_dict(), dataclass, dict) as JSON data."""
    if stats is None:
        return {}
    if hasattr(stats, "to_dict"):
        data = stats.to_dict()
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
        out += [{"item": objective.id, **suggestion_dict(s)} for s in objective.suggestions]
        for kr in objective.key_results:
            out += [{"item": kr.id, **suggestion_dict(s)} for s in kr.suggestions]
    return out
