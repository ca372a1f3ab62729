"""Marks every report shares: which words are underlined, failing order, counts, the 'why' lookup."""

from __future__ import annotations

from coach.core.models import Evidence, Finding
from coach.report.marks import counts, excerpt, failing, highlight, locate, why
from coach.service.review import review_text


def test_highlight_marks_cited_words_and_merges_overlaps() -> None:
    text = "Hire 3 account managers"

    def finding(level: str, *spans: tuple[int, int]) -> Finding:
        return Finding(criterion=f"okr-core.{level}", passed=False, score=0, level=level,
                       message="m", evidence=[Evidence(start=a + 100, end=b + 100, text=text[a:b])
                                              for a, b in spans])

    segments = highlight(text, [finding("warning", (5, 6)), finding("error", (0, 6)),
                                finding("suggestion", (0, len(text)))])
    assert [(s.text, s.level) for s in segments] == [("Hire 3", "error"), (" account managers", None)]
    passed = Finding(criterion="okr-core.x", passed=True, score=1, level="error", message="ok",
                     evidence=[Evidence(start=0, end=4, text="Hire")])
    assert [s.level for s in highlight(text, [passed])] == [None]
    relative = Finding(criterion="okr-core.y", passed=False, score=0, level="warning", message="m",
                       evidence=[Evidence(start=22, end=30, text="managers")])
    assert highlight("managers of 3 account managers", [relative])[-1].text == "managers"


def test_locate_uses_offsets_when_they_fit_and_searches_when_not() -> None:
    text = "Raise NPS from 30 to 40"
    assert locate(text, Evidence(106, 109, "NPS"), offset=100) == 6  # absolute, pasted text
    assert locate(text, Evidence(6, 9, "NPS"), offset=0) == 6  # relative, structured input
    assert locate(text, Evidence(500, 503, "nps"), offset=0) == 6  # neither: found by its words
    assert locate(text, Evidence(0, 3, "CSAT"), offset=0) == -1


def test_failing_order_counts_and_why_come_from_the_review() -> None:
    result = review_text("Objective: Grow revenue 30%\n- Launch the new help centre\n"
                         "- Maintain 99.9% uptime\n")
    levels = [f.level for f in failing(result.objectives[0].key_results[0].findings)]
    assert levels == sorted(levels, key=["error", "warning", "suggestion"].index)
    n = counts(result)
    assert sum(n.values()) == len(result.failing("suggestion")) and n["error"] >= 2
    task = next(f for f in result.objectives[0].key_results[0].findings if not f.passed)
    passage = why(result, task)
    assert passage is not None and passage.id == task.why and passage.id in result.passages
    passing = next(f for f in result.objectives[0].key_results[0].findings if f.passed)
    assert why(result, passing) is None


def test_excerpt_never_cuts_mid_word() -> None:
    text = "alpha beta gamma delta epsilon"
    assert excerpt(text, 14) == "alpha beta…" and excerpt(text, 100) == text
    assert excerpt("one, two, three four", 12) == "one, two…"
