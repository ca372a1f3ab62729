"""Verdict kinds met in an eighth round of outside OKR pages: effort behind verbs that can name
results (input gathered, time spent, the team's own output with the team as subject); objectives
that build a place or a team described by its quality ("Create a welcoming library for
teenagers"), progress toward an aim, and more of the team's own effort as an objective. The
drafts are ours; only the shapes are borrowed."""

from __future__ import annotations

import pytest
from drafts import verdict

from coach.service.review import review_text


def _kr(line: str) -> bool:
    return verdict(f"# Q3 2027\n\n## Objective: Things go well\n- {line}\n", "kr-outcome")[0]


def _objective(line: str) -> bool:
    o = review_text(f"# Q3 2027\n\n## Objective: {line}\n- NPS from 30 to 45\n").objectives[0]
    return next(f for f in o.findings if f.criterion.endswith("objective-not-task")).passed


@pytest.mark.parametrize("line", ["Get input from 20 hospital pharmacists every month",
                                  "Gather feedback from 12 school heads",
                                  "Spend 4 hours a week pairing with new analysts",
                                  "Engineering teams contribute 1200 code reviews by end of every sprint",
                                  "Our squad writes 25 help-centre articles"])
def test_effort_behind_a_result_verb_is_work(line: str) -> None:
    assert _kr(line) is False


@pytest.mark.parametrize("line", ["Get positive feedback from 90% of tour guests",
                                  "Get 30 new paying customers",
                                  "Get featured in 3 national newspapers"])
def test_results_after_get_stay_results(line: str) -> None:
    assert _kr(line) is True


@pytest.mark.parametrize("line", ["Build a calm and well-staffed night shift",
                                  "Create a welcoming library for teenagers",
                                  "Create a high-performing support team",
                                  "Progress toward a carbon-neutral delivery fleet",
                                  "Double the number of towns we deliver to"])
def test_aims_stay_aims(line: str) -> None:
    assert _objective(line) is True


@pytest.mark.parametrize("line", ["Increase the number of webinars we host for partners",
                                  "Build a data warehouse",
                                  "Progress on the whitepaper", "Create a content calendar"])
def test_projects_and_effort_are_not_objectives(line: str) -> None:
    assert _objective(line) is False
