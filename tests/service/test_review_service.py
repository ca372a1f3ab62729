"""The one review every face calls: pack and profile checked first, guidance attached once."""

from __future__ import annotations

import pytest

from coach.service.inputs import InputError
from coach.service.review import ReviewError, review_request, review_text

DRAFT = "Objective: Make onboarding painless\n- Launch the new flow\n- Raise activation from 30% to 45%\n"


def test_pack_and_profile_are_checked_before_the_draft() -> None:
    with pytest.raises(ReviewError, match="unknown profile 'huge'") as caught:
        review_request("", None, "auto", "huge")  # an empty draft too, but the profile is named first
    assert caught.value.status == 422
    with pytest.raises(ReviewError, match="no rubric pack"):
        review_request(DRAFT, None, "auto", "default", "nope")
    with pytest.raises(InputError, match="input is empty"):
        review_request("   ", None)


def test_each_failing_finding_cites_a_passage_the_review_carries_once() -> None:
    review = review_text(DRAFT)
    failing = review.failing("suggestion")
    assert failing and all(f.why in review.passages for f in failing)
    assert all(f.why is None for f, _ in review.all_findings() if f.passed)
    assert len(review.passages) == len({f.why for f in failing})
    explained = review_text(DRAFT, explain=False)
    assert not explained.passages and all(f.why is None for f, _ in explained.all_findings())


def test_profiles_of_each_pack_are_offered() -> None:
    from coach.service.review import rubric_for

    assert rubric_for(None).profile_names() == ["default", "corporate", "scaleup", "startup"]
    assert rubric_for("radical-focus").profile_names() == ["default", "corporate", "scaleup", "startup"]
    assert review_text(DRAFT, profile="startup", pack="radical-focus").profile == "startup"
