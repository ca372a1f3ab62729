"""GET /api/v1/rubrics: the packs, their criteria, profiles and grade bands a review is judged by.

Why: a client choosing a pack or a profile, or explaining a finding's criterion id, should
not need to read YAML files; this is the same data ``okr-coach rubrics list`` prints.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from api.deps import require_token
from api.schemas import RubricsResponse
from coach.rubric.model import Rubric
from coach.rubric.packs import pack_names
from coach.service.review import rubric_for

router = APIRouter(prefix="/api/v1", tags=["rubrics"], dependencies=[Depends(require_token)])


def _info(rubric: Rubric) -> dict[str, Any]:
    pack = rubric.pack
    profiles = [{"name": "default", "description": "Balanced thresholds that suit most teams."}]
    profiles += [{"name": name, "description": p.description} for name, p in sorted(pack.profiles.items())]
    return {"name": pack.name, "version": pack.version, "description": pack.description,
            "extends": pack.extends, "school": pack.school, "profiles": profiles,
            "grades": [list(g) for g in pack.grades],
            "criteria": [{"id": c.id, "name": c.name, "applies_to": c.applies_to, "level": c.level,
                          "weight": c.weight, "guidance": c.guidance} for c in rubric.criteria]}


@router.get("/rubrics", response_model=RubricsResponse, summary="Rubric packs, criteria and profiles")
async def list_rubrics() -> RubricsResponse:
    return RubricsResponse.model_validate({"rubrics": [_info(rubric_for(name)) for name in pack_names()]})
