"""Marks that sheets and chat exports put on a key result: an arrow between a start and a target
("Win rate 18% → 25%", "Paying readers 8,000 → 11,000") is a move, not a published score; a
percentage after a dash is how far the work has got when it follows work ("Loyalty card
launched — 50%") and the target when it follows a metric ("Activation — 45%"); "@handles"
before the line are its owners. The drafts are ours."""

from __future__ import annotations

import pytest

from coach.core.parsing import parse


def _kr(line: str):  # type: ignore[no-untyped-def]
    return parse(f"Objective: Readers stay with us\n- {line}\n").objectives[0].key_results[0]


@pytest.mark.parametrize("line, start, target", [
    ("Renewals recovered by reminders: 35% → 55%", 35, 55),
    ("Win rate on qualified deals 18% -> 25%", 18, 25),
    ("Paying digital readers 8,000 → 11,000", 8000, 11000), ("Cost per lead $140 -> $95", 140, 95)])
def test_an_arrow_between_figures_is_a_start_and_a_target(line: str, start: float, target: float) -> None:
    kr = _kr(line)
    assert kr.progress is None and kr.text == line
    assert (kr.parts.baseline, kr.parts.target) == (start, target)


def test_an_arrow_after_words_is_still_a_score() -> None:
    kr = _kr("Move the archive to the new host -> 40%")
    assert kr.progress == pytest.approx(0.4) and kr.text == "Move the archive to the new host"


@pytest.mark.parametrize("line, text, progress", [
    ("Loyalty card launched — 50%", "Loyalty card launched", 0.5),
    ("Card terminal migration (phase 1) — 60%", "Card terminal migration (phase 1)", 0.6)])
def test_a_dash_percentage_after_work_is_its_progress(line: str, text: str, progress: float) -> None:
    kr = _kr(line)
    assert kr.text == text and kr.progress == pytest.approx(progress) and kr.parts.target is None


@pytest.mark.parametrize("line", ["Activation — 45%", "Uptime of the booking site — 99.9%"])
def test_a_dash_percentage_after_a_metric_is_its_target(line: str) -> None:
    kr = _kr(line)
    assert kr.progress is None and kr.parts.target is not None


@pytest.mark.parametrize("line, owner", [("@maria — Raise renewals from 60% to 70%", "@maria"),
                                         ("@sam, @li: Raise renewals from 60% to 70%", "@sam, @li")])
def test_handles_before_the_line_are_its_owners(line: str, owner: str) -> None:
    kr = _kr(line)
    assert kr.owner == owner and kr.text == "Raise renewals from 60% to 70%"


def test_struck_out_words_and_key_results_are_gone() -> None:
    okr = parse("Objective: Ship the portal\n- BPS KR 1.3: ~~Production site deployed and live~~ REMOVED\n"
                "- KR 2: ~~Open a Berlin office~~ (dropped)\n- Raise weekly users from ~~300~~ 400 to 900\n")
    krs = okr.objectives[0].key_results
    assert [k.text for k in krs] == ["Raise weekly users from 400 to 900"]
    assert (krs[0].parts.baseline, krs[0].parts.target) == (400, 900)


def test_a_dash_percentage_after_a_metric_of_work_is_still_its_target() -> None:
    kr = _kr("Adoption of the new launch — 40%")
    assert kr.progress is None and kr.parts.target == 40
