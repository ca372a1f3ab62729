"""Measurability read as a coach reads it: a share said in words ("Every new hire ...",
"Half of members ...", "the majority of orders ...") is a target; a product's version after a
migration verb ("Migrate to Postgres 16") is not; a blank left to fill ("$___") is a
placeholder, not emphasis. The drafts are ours."""

from __future__ import annotations

import pytest
from drafts import verdict

from coach.core.kr_parts import extract_parts
from coach.core.parsing import parse


def _measurable(line: str) -> tuple[bool, str | None]:
    return verdict(f"Objective: Members get more from the club\n- {line}\n", "kr-measurable")


@pytest.mark.parametrize("line", ["Every new volunteer leads a walk in their first month",
                                  "Half of members renew online",
                                  "The majority of orders come through the app",
                                  "Two-thirds of visitors book a second class"])
def test_a_share_in_words_is_a_target(line: str) -> None:
    assert _measurable(line)[0] is True


@pytest.mark.parametrize("line", ["Most members renew online", "Improve the experience for every member"])
def test_a_vague_share_is_not(line: str) -> None:
    assert _measurable(line)[0] is False


@pytest.mark.parametrize("line", ["Migrate the booking site to Postgres 16", "Upgrade the API to Node 22"])
def test_a_version_after_a_migration_verb_is_no_target(line: str) -> None:
    assert extract_parts(line).target is None
    assert _measurable(line)[0] is False


def test_a_count_after_to_is_still_a_target() -> None:
    assert extract_parts("Grow Berlin members to 400").target == 400


@pytest.mark.parametrize("line, kept", [("Grow revenue to $___ this year", "$___"),
                                        ("Sign ___ new partners", "___")])
def test_a_blank_stays_and_is_a_placeholder(line: str, kept: str) -> None:
    text = parse(f"Objective: A\n- {line}\n").objectives[0].key_results[0].text
    assert kept in text
    assert _measurable(line) == (False, "placeholder")


def test_emphasis_in_underscores_is_still_markup() -> None:
    kr = parse("Objective: A\n- ___Bold move___ to 40%\n").objectives[0].key_results[0]
    assert kr.text == "Bold move to 40%"


@pytest.mark.parametrize("line, target", [("Falls per 1,000 bed days", None),
                                          ("Invoice disputes per 1k invoices below 4", 4),
                                          ("Cost of $5 per user", 5)])
def test_a_rates_denominator_is_not_its_target(line: str, target: float | None) -> None:
    assert extract_parts(line).target == target
