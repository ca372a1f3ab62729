"""kr-ambition judges holds, floors and rate moves by what they claim (issue 10, blind
spots the tutor's lesson writers met): a hold under growing load is a stretch, "at least"
inside a metric's definition is no floor, and a rate move that closes most of the gap to
100% is no timid move, while plain holds, floors and small moves still fail."""

from __future__ import annotations

import pytest
from drafts import verdict


def _ambition(line: str) -> tuple[bool, str | None]:
    return verdict(f"Objective: Make customers love our support\n- {line} by June\n", "kr-ambition")


@pytest.mark.parametrize("line", [
    "Keep median response time under 2 hours while ticket volume grows 30%",
    "Keep p95 latency under 300 ms even as traffic doubles",
    "Raise the share of members who attend at least two classes from 30% to 50%",
    "Raise task success from 93% to 99%",
    "Raise uptime from 99.1% to 99.9%",
])
def test_stretch_in_disguise_passes(line: str) -> None:
    assert _ambition(line) == (True, None)


@pytest.mark.parametrize(("line", "trigger"), [
    ("Keep crash rate below 1%", "holds-level"),
    ("Checkout uptime stays above 99.5%", "holds-level"),
    ("Sign at least one new integration partner", "floor"),
    ("Raise conversion from 40% to 42%", "timid-change"),
    ("Raise uptime from 99.1% to 99.3%", "timid-change"),  # a fifth of the gap: still timid
])
def test_holds_floors_and_small_moves_still_fail(line: str, trigger: str) -> None:
    assert _ambition(line) == (False, trigger)


def test_a_shared_deadline_is_no_shared_topic() -> None:
    from coach.core.text import content_stems

    assert not content_stems("by June") and not content_stems("end of Q3, EOY")
