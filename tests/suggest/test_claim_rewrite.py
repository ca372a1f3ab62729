"""Rewrites from the claim: the kinds of real key result that used to get a verb pasted in
front of them, and the rules that name a malformed rewrite. Sentences are our own."""

from __future__ import annotations

import pytest

from coach.suggest.claim_rewrite import outcome_of, read_thing
from coach.suggest.offline_rules import rewrite_key_result
from coach.suggest.wellformed import problems

OUTCOME = ["okr-core.kr-outcome"]


@pytest.mark.parametrize("text, problem", [
    ("Raise Appoint two mentors for new staff from [baseline] to [target]", "pasted"),
    ("Raise the export button is logged from [baseline] to [target]", "clause"),
    ("Run the new new campaign", "doubled"),
    ("Cut cost per lead $140 $95 from [baseline]", "two figures"),
    ("Raise sign-ups. from [baseline] to [target]", "sentence inside"),
    ("Raise the [metric of the wiki from [baseline] to [target]", "bracket"),
])
def test_malformed_rewrites_are_named(text: str, problem: str) -> None:
    found = problems(text, draft=text.split(" ", 1)[1])
    assert any(problem in p for p in found), found


@pytest.mark.parametrize("text", [
    "Raise the share of new members who complete the welcome flow from [baseline] to [target]",
    "Cut first-response time on tickets handled by the support agents from [baseline] to [target]",
    "Keep uptime at or above 99.9% while raising [stretch metric] from [baseline] to [target]",
    "Grow revenue from 10% to 20% by the end of Q3",
])
def test_good_rewrites_pass(text: str) -> None:
    assert problems(text) == []


@pytest.mark.parametrize("line, thing", [
    ("Podcast channel for makers", "podcast channel for makers"),
    ("The pricing policy is published on the site", "the pricing policy"),  # the sentence's capital goes
    ("Speaking at two trade fairs", "two trade fairs"),
    ("Streamline & clearly document our release checklist", "our release checklist"),
    ("Survey sent to every reseller", "survey sent to every reseller"),
])
def test_the_thing_is_read_from_the_claim(line: str, thing: str) -> None:
    assert read_thing(line).text == thing


def test_a_deliverable_without_a_verb_becomes_a_sentence_about_its_result() -> None:
    out = rewrite_key_result("Podcast channel for makers", OUTCOME, "Be known by makers")
    assert out is not None
    assert out.text == ("Raise qualified sign-ups that come through the podcast channel for makers "
                        "from [baseline] to [target]")
    assert out.initiative == "Podcast channel for makers" and problems(out.text) == []


def test_a_count_of_outputs_moves_to_the_initiative_and_the_number_is_kept_there() -> None:
    out = rewrite_key_result("Publish 6 how-to guides for installers", OUTCOME, "Help installers")
    assert out is not None and "6" not in out.text and "guides" in out.text
    assert out.initiative is not None and "6" in out.initiative


def test_what_people_can_do_becomes_the_share_who_do_it() -> None:
    out = outcome_of("members can book a room from the app")
    assert out is not None
    assert out[0] == "Raise the share of members who can book a room from the app {span}" or \
        out[0] == "Raise the share of members who book a room from the app {span}"


def test_questions_and_prohibitions_get_no_rewrite_rather_than_a_pasted_one() -> None:
    assert rewrite_key_result("How do we pick the next market?", OUTCOME, "Grow") is None
    assert rewrite_key_result("Don't merge code without review.", OUTCOME, "Ship safely") is None
