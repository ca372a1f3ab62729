"""GET /api/v1/kb/search: passages of the guidance that answer a question.

Why here and not only in the review: a person reading "why this matters" often wants
more, and the same search is what the suggestion prompts are grounded on.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool

from api.deps import require_token
from api.errors import ApiError
from api.schemas import ERROR_RESPONSES, ErrorResponse, KbSearchResponse
from coach.knowledge.docs import KnowledgeBaseError
from coach.knowledge.search import Searcher
from coach.rubric.packs import DEFAULT_PACK

_CRITERIA = Query(default_factory=list, description="Only passages for these criteria (any of)")
_TOPICS = Query(default_factory=list, description="Only passages on these topics (any of)")
router = APIRouter(prefix="/api/v1/kb", tags=["knowledge"], dependencies=[Depends(require_token)])


def _split(values: list[str]) -> list[str]:
    """Accept both ?criteria=a&criteria=b and ?criteria=a,b."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _criteria(values: list[str]) -> list[str]:
    """Criterion ids as the guidance files cite them: 'kr-ambition' means 'okr-core.kr-ambition'."""
    return [c if "." in c else f"{DEFAULT_PACK}.{c}" for c in _split(values)]


@router.get("/search", response_model=KbSearchResponse, summary="Search the guidance",
            responses={**ERROR_RESPONSES,
                       503: {"model": ErrorResponse, "description": "The knowledge base is unusable"}})
async def search(request: Request,
                 q: str = Query(min_length=1, max_length=500, description="What to look for"),
                 k: int = Query(5, ge=1, le=20, description="How many passages"),
                 criteria: list[str] = _CRITERIA,
                 topics: list[str] = _TOPICS,
                 ) -> KbSearchResponse:
    """Hybrid (vector + BM25) search when the index can run here, BM25 alone otherwise;
    `engine` says which answered and `note` why it fell back."""
    if not q.strip():
        raise ApiError(422, "q: the query is blank")
    searcher: Searcher = request.app.state.kb_searcher
    try:
        engine, hits = await run_in_threadpool(searcher.search, q.strip(), k, _criteria(criteria),
                                               _split(topics))
    except KnowledgeBaseError as exc:
        raise ApiError(503, f"the knowledge base cannot be read: {exc}") from None
    return KbSearchResponse.model_validate({"query": q.strip(), "engine": engine, "note": searcher.note,
                                            "hits": [h.summary() for h in hits]})
