"""Key-result parts: the numbers and words every measurability check relies on."""

from __future__ import annotations

import pytest

from coach.core.kr_parts import extract_parts, find_deadline, has_quantity


@pytest.mark.parametrize(
    ("text", "baseline", "target", "unit", "direction"),
    [
        ("Raise website conversion from 1.5% to 4%", 1.5, 4.0, "%", "increase"),
        ("Reduce 30-day churn from 40% to 10%", 40.0, 10.0, "%", "decrease"),
        ("Grow qualified pipeline from $50k to $200k", 50_000.0, 200_000.0, "USD", "increase"),
        ("Cut p95 latency from 900 ms to 400 ms", 900.0, 400.0, "ms", "decrease"),
        ("Reach 10,000 monthly organic visits", None, 10_000.0, None, "increase"),
        ("Raise weekly active teams from 1,200 to 2,000 by 30 June", 1200.0, 2000.0, None, "increase"),
        ("Keep p95 latency under 400 ms", None, 400.0, "ms", "keep"),
        ("On-time delivery ≥ 97% by end of Q2 (now 91%)", 91.0, 97.0, "%", "increase"),
    ],
)
def test_baseline_target_unit_direction(text: str, baseline: float | None, target: float,
                                        unit: str | None, direction: str) -> None:
    parts = extract_parts(text)
    assert parts.baseline == baseline
    assert parts.target == target
    assert parts.unit == unit
    assert parts.direction == direction


def test_relative_change_from_baseline_and_from_words() -> None:
    assert extract_parts("Raise NPS from 40 to 44").relative_change == pytest.approx(0.1)
    assert extract_parts("Increase conversion rate by 20%").relative_change == pytest.approx(0.2)
    assert extract_parts("Double customer retention").relative_change == pytest.approx(1.0)
    assert extract_parts("Halve onboarding tickets").relative_change == pytest.approx(-0.5)
    assert extract_parts("Complaints cut by a third").relative_change == pytest.approx(-1 / 3)


@pytest.mark.parametrize(
    ("text", "comparator"),
    [("at least 3 hospitals sign", ">="), ("≥ 95% of orders on time", ">="),
     ("p95 search latency under 300 ms", "<="), ("NPS above 50", ">")],
)
def test_comparators(text: str, comparator: str) -> None:
    assert extract_parts(text).comparator == comparator


@pytest.mark.parametrize(
    ("text", "deadline"),
    [("Raise X from 1 to 2 by 7 March", "by 7 March"), ("Ship it by end of Q3", "by end of Q3"),
     ("Reach 500 schools this quarter", "this quarter"), ("Sign up 40 users in the first week",
                                                          "in the first week"),
     ("Cut time within six weeks", "within six weeks"), ("Go live by 2026-09-30", "by 2026-09-30")],
)
def test_deadlines(text: str, deadline: str) -> None:
    found = find_deadline(text)
    assert found is not None and found.group(0) == deadline


def test_deadline_numbers_are_not_targets() -> None:
    parts = extract_parts("Launch the beta by 7 March")
    assert parts.target is None and parts.deadline == "by 7 March"


@pytest.mark.parametrize("text", ["Replace the espresso machine on floor 3", "Conduct 5S audits",
                                  "Obtain ISO 27001 certification", "Harmonise the two HR systems",
                                  "Sponsor the five-a-side team", "Make 2026 our best year"])
def test_numbers_that_are_names_are_not_quantities(text: str) -> None:
    assert not has_quantity(text)


def test_placeholders_are_recorded_not_invented() -> None:
    parts = extract_parts("Raise NPS from [baseline] to [target] by end of Q3")
    assert parts.placeholders == ["[baseline]", "[target]"]
    assert parts.target is None and parts.target_text == "[target]"


def test_number_evidence_points_at_the_text() -> None:
    text = "Raise CSAT from 82% to 92%"
    parts = extract_parts(text)
    assert [text[n.start:n.end] for n in parts.numbers] == ["82%", "92%"]
    assert parts.metric == "CSAT"


def test_guard_clause_numbers_are_not_baseline_or_target() -> None:
    parts = extract_parts("Cut incidents from [baseline] to [target] while keeping uptime at or above 99.9%")
    assert parts.baseline is None and parts.target is None and parts.target_text == "[target]"
    assert [n.text for n in parts.numbers] == ["99.9%"]  # still evidence, just not the target
