"""Drafts shared by several test files (imported like llm_server: tests/ is on sys.path)."""

SUPPORT_DRAFT = """Period: Q3 2026
Objective: Make support the reason customers stay with us
- Raise CSAT from 82% to 92%
- Improve response times
- Launch the new help centre
"""


def verdict(draft: str, criterion: str) -> tuple[bool, str | None]:
    """(passed, trigger) of ``criterion`` (a file stem, e.g. "kr-ambition") on the draft's first
    key result: what a test of one line's kind asks."""
    from coach.service.review import review_text

    findings = review_text(draft).objectives[0].key_results[0].findings
    found = [f for f in findings if f.criterion.endswith(criterion)]
    assert found, (criterion, draft)
    return found[0].passed, found[0].trigger


def reviewed_with_suggestions(draft: str) -> object:
    """The review of ``draft`` with the offline rewriter's suggestions added (no cache), as
    ``okr-coach review --suggest --offline`` makes it: what a test of a rewrite kind reads."""
    from coach.service.inputs import parse_draft
    from coach.service.review import review_okr_set
    from coach.suggest.pipeline import add_suggestions

    okr = parse_draft(draft)
    review = review_okr_set(okr)
    add_suggestions(okr, review, cache=False)
    return review
