"""Reports: pasted markup is escaped in HTML; markdown and text show fixes and evidence."""

from __future__ import annotations

from coach.report.html import render_html
from coach.report.markdown import render_markdown
from coach.report.text import render_text
from coach.service.review import review_text

HOSTILE = "Objective: <script>alert('x')</script> Win <b>big</b>\n- Launch <img src=x onerror=alert(1)>\n"


def test_html_escapes_pasted_text() -> None:
    html = render_html(review_text(HOSTILE))
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "alert(" not in html and "Win big" in html  # tags and script content are dropped from items


def test_markdown_lists_every_key_result_with_status_and_fix() -> None:
    md = render_markdown(review_text("Objective: Make onboarding painless\n- Launch the new flow\n"
                                     "- Raise activation from 30% to 45% by Q3\n"))
    assert "❌ **O1.KR1** Launch the new flow" in md
    assert "Fix: Ask what will be different" in md
    assert "**O1.KR2** Raise activation from 30% to 45% by Q3" in md


def test_text_report_underlines_evidence_when_colour_is_on() -> None:
    text = "Objective: Make onboarding painless\n- Launch the new flow\n- Raise activation from 30% to 45%\n"
    result = review_text(text)
    plain = render_text(result, color=False)
    coloured = render_text(result, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[4;1;31mLaunch\x1b[0m" in coloured  # the triggering word, underlined in the error colour
    assert "✖ KR1 Launch the new flow" in plain


def _suggested(text: str):  # type: ignore[no-untyped-def]
    from coach.core.parsing import parse
    from coach.service.review import review_okr_set
    from coach.suggest.pipeline import add_suggestions

    okr = parse(text)
    result = review_okr_set(okr)
    add_suggestions(okr, result, cache=False)
    return result


def test_markdown_and_html_end_with_the_improved_set_when_something_was_rewritten() -> None:
    result = _suggested("Objective: Make onboarding painless\n- Launch the new onboarding flow\n"
                        "- Raise activation from 30% to 45% by Q3\n")
    rewrite = result.objectives[0].key_results[0].suggestions[0].text
    md = render_markdown(result)
    improved = md.split("## Improved set", 1)[1]
    assert f"- {rewrite}" in improved and "- Launch the new onboarding flow" not in improved
    assert "- Raise activation from 30% to 45% by Q3" in improved  # untouched lines stay as written
    html = render_html(result)
    assert 'id="improved-set"' in html and html.count(rewrite) >= 2
    plain = render_markdown(review_text("Objective: Make onboarding painless\n- Launch the new flow\n"))
    assert "Improved set" not in plain  # no rewrites asked for, nothing to take away


def test_a_draft_cannot_drive_the_terminal_or_smuggle_markup_into_markdown() -> None:
    hostile = ("Objective: Grow \x1b]0;owned\x07 revenue \x1b[2J\n"
               "- Launch <img src=x onerror=alert(1)> [docs](javascript:alert(1)) from [baseline]\n")
    result = review_text(hostile)
    text = render_text(result, color=True)
    assert "\x1b]" not in text and "\x1b[2J" not in text and "\x07" not in text and "␛" in text
    md = render_markdown(result)
    assert "<img" not in md and "](javascript:" not in md and "javascript:" not in md
    assert "[baseline]" in md  # placeholders stay as written
