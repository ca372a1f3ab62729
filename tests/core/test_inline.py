"""One line cleaned: labels, owners, links, emphasis, checkboxes and published scores become fields."""

from __future__ import annotations

import pytest

from coach.core.inline import clean


@pytest.mark.parametrize(("raw", "text", "fields"), [
    ("**Key Result 2:** Repeat orders grow by 8 points.", "Repeat orders grow by 8 points.",
     {"label": "key_result", "number": "2"}),
    ("Objective 3:", "", {"label": "objective", "number": "3"}),
    ("O4. Cut onboarding time", "Cut onboarding time", {"label": "objective", "number": "4"}),
    ("[x] Ship the [beta](https://example.org/beta) to 5 partners => 66% - On Track",
     "Ship the beta to 5 partners", {"done": True, "progress": 0.66, "status": "on track"}),
    ("[ ] Raise NPS from 30 to 45", "Raise NPS from 30 to 45", {"done": False}),
    ("**Key Result 1.2:** [x] Add a loyalty card to the till app.", "Add a loyalty card to the till app.",
     {"label": "key_result", "done": True}),
    ("KR: [ ] Move the order book to a shared sheet", "Move the order book to a shared sheet",
     {"label": "key_result", "done": False}),
    ("Growth Marketing: Raise trial signups from 400 to 700 a week : 8/10 (80%)",
     "Raise trial signups from 400 to 700 a week", {"owner": "Growth Marketing", "progress": 0.8}),
    ("Sales (Enterprise) KR: Close 12 new logos (0.7)", "Close 12 new logos",
     {"owner": "Sales (Enterprise)", "progress": 0.7}),
    ("VP Product KR: Launch pricing v2 ✅ done", "Launch pricing v2", {"owner": "VP Product", "done": True}),
    ("Platform:Core - Cut p95 latency from 900 ms to 300 ms", "Cut p95 latency from 900 ms to 300 ms",
     {"owner": "Platform:Core"}),
    ("Existing: 700 new signups a week", "700 new signups a week", {"tags": ["existing"]}),
    ("**Support docs [COMMITTED]:** Update the top 5 articles", "Support docs: Update the top 5 articles",
     {"tags": ["committed"]}),
    ("`Hire 1 full time developer (ewd)`", "Hire 1 full time developer", {}),
    ("Reach 500 stars (https://example.org/stars );", "Reach 500 stars", {}),
    ("→ Raise 150K in grants", "Raise 150K in grants", {}),
    ("Ship <b>the</b> page <script>alert(1)</script>", "Ship the page", {}),
    ("Improve: faster pages", "Improve: faster pages", {"owner": None}),
    ("Key results: Ana and Luis", "Ana and Luis", {"label": "key_result", "plural": True}),
])
def test_clean(raw: str, text: str, fields: dict[str, object]) -> None:
    c = clean(raw, 100)
    assert c.text == text
    for key, value in fields.items():
        assert getattr(c, key) == value, key
    assert all(raw[p - 100] == ch for p, ch in zip(c.span.pos, c.text)), "each character points into the line"


def test_links_are_kept_as_references() -> None:
    c = clean("Publish the [guide](https://example.org/guide) and <https://example.org/faq>", 0)
    assert c.text == "Publish the guide and" and c.links == ["https://example.org/guide", "https://example.org/faq"]
