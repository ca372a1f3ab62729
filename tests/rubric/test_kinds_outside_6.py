"""Kinds the engine misjudged on a sixth round of public OKR sets outside the eval set: the
team's own process counted (velocity, attendance at its own meetings, reviews), its own work
stated as complete, Portuguese project verbs, and results that a task verb or a noun hid (a
rank, a task with its measured result, a volume). The sentences are ours."""

from __future__ import annotations

import pytest
from drafts import verdict

from coach.service.review import review_text


def _passed(line: str, objective: str = "Run a friendly neighbourhood library") -> bool:
    return verdict(f"Period: Q3 2026\nObjective: {objective}\n- {line}\n", "kr-outcome")[0]


@pytest.mark.parametrize("line", [
    "Achieve a 90% completion rate of chores committed at the start of each week",
    "Hold weekly planning and daily check-ins, achieving 90% attendance across the crew",
    "Maintain a 15% rise in story points delivered each sprint",
    "Ensure 85% of pull requests are reviewed within 12 hours of opening",
    "Achieve 100% implementation of all booking features",
    "Menu fully photographed: every dish has a real photo and price",
    "All shop images served as compressed WebP files",
    "Automatizar 80% das tarefas de cobrança",
])
def test_k7_k95_k98_the_team_s_own_process_and_work_are_work(line: str) -> None:
    assert _passed(line) is False


@pytest.mark.parametrize("line", [
    "Benchmark #1 in delivery time across the city",
    "Install door sensors in both branches to track opening hours, with a 98% uptime goal",
    "Volume of parcels delivered ≥ 5,000 a month",
    "90% of members attend at least one reading circle",  # others' attendance
])
def test_k71_k99_results_behind_a_task_verb_or_a_noun(line: str) -> None:
    assert _passed(line) is True


@pytest.mark.parametrize("objective", ["Lançar o aplicativo de reservas com qualidade",
                                       "Disponibilizar agendamento online em menos de 3 cliques"])
def test_k98_portuguese_project_objectives(objective: str) -> None:
    review = review_text(f"Period: Q3 2026\nObjective: {objective}\n- 300 consultas marcadas online\n")
    found = [f for f in review.objectives[0].findings if f.criterion.endswith("objective-not-task")]
    assert found and found[0].passed is False


@pytest.mark.parametrize("line", [
    "Reach a 75% satisfaction score in the first survey of the new booking app",
    "Reach 65% of catalogue searches returning a result in the new online shop",
])
def test_k25_levels_of_something_new_this_period_need_no_start(line: str) -> None:
    review = review_text(f"Period: Q3 2026\nObjective: Shoppers find what they need\n- {line}\n")
    found = [f for f in review.objectives[0].key_results[0].findings if f.criterion.endswith("kr-baseline")]
    assert not found or found[0].passed


@pytest.mark.parametrize("objective, expected", [
    ("Make our volunteer handbook public & searchable", False),
    ("Make the library app available to new readers as a pilot", False),
    ("Make the library welcoming for new families", True),
])
def test_k106_making_a_thing_public_is_a_release(objective: str, expected: bool) -> None:
    review = review_text(f"Period: Q3 2026\nObjective: {objective}\n- 200 readers open it each month\n")
    found = [f for f in review.objectives[0].findings if f.criterion.endswith("objective-not-task")]
    assert (found[0].passed if found else True) is expected
