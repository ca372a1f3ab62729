"""Our own drafts in the messy styles real documents use (examples/) parse to exactly what they say."""

from __future__ import annotations

import json

import pytest

from coach.cli import main
from coach.core.parsing import parse
from coach.paths import data_dir

EXAMPLES = data_dir("examples")


def _shape(name: str) -> list[tuple[str, int, str | None, str | None]]:
    okr = parse((EXAMPLES / name).read_text(encoding="utf-8"))
    return [(o.id, len(o.key_results), o.parent, o.owner) for o in okr.objectives]


def test_company_tree_keeps_parents_owners_and_teams() -> None:
    okr = parse((EXAMPLES / "company-tree.md").read_text(encoding="utf-8"))
    assert _shape("company-tree.md") == [
        ("O1", 3, None, "CEO"), ("O2", 2, None, "CEO"), ("O3", 2, "O1", "VP Product"),
        ("O4", 2, "O3", "VP Product"), ("O5", 2, "O3", "VP Product"), ("O6", 2, None, "VP Operations")]
    assert [o.team for o in okr.objectives] == ["Company", "Company", "Product", "Mobile team", "Web team",
                                                "Operations"]
    assert (okr.period, okr.team) == ("Q3 2026", "Northwind Outfitters")
    ops = okr.objectives[5]
    assert [k.owner for k in ops.key_results] == ["Warehouse Lead", "Carrier Manager"]
    assert ops.initiatives == ["Move the evening shift forward by one hour"]
    assert all("Retro" not in k.text for o in okr.objectives for k in o.key_results)  # the Notes section


def test_bold_labels_toc_rationale_and_comments() -> None:
    okr = parse((EXAMPLES / "bold-labels.md").read_text(encoding="utf-8"))
    assert [(o.text, len(o.key_results)) for o in okr.objectives] == [
        ("Patients leave knowing exactly what happens next", 3),
        ("Nobody waits longer than they were told", 2)]  # "Objective 2:" with its title on the next line
    kr = okr.objectives[0].key_results[2]
    assert kr.text == "Publish the new discharge leaflet in five languages" and kr.links
    assert kr.parts.target_text == "five"  # "Key Result 3:" is a label, not a target of 3
    assert okr.period == "2026 Q4"


def test_a_sheet_of_several_teams_uses_its_columns() -> None:
    okr = parse((EXAMPLES / "team-sheet.md").read_text(encoding="utf-8"))
    assert okr.groups == ["Growth", "Support"] and [o.team for o in okr.objectives] == ["Growth", "Support"]
    cost = okr.objectives[0].key_results[2]
    assert (cost.text, cost.owner, cost.progress) == ("Cost per paying team from $140 to $95", "Luis", 0.1)
    assert (cost.parts.baseline, cost.parts.target) == (140.0, 95.0)
    assert okr.objectives[1].key_results[2].progress == 1.0


def test_a_checklist_with_published_scores() -> None:
    okr = parse((EXAMPLES / "checklist-scores.md").read_text(encoding="utf-8"))
    first = okr.objectives[0].key_results
    assert [(k.done, k.progress, k.status) for k in first] == [
        (True, 0.8, "on track"), (False, 0.6, None), (False, 0.4, None), (True, 1.0, "done")]
    assert first[0].text == "Cut failed deployments from 12 a month to 3" and first[0].parts.target == 3
    assert first[2].parts.placeholders == []  # "[ ]" is a checkbox, not a placeholder target
    assert okr.objectives[1].key_results[0].status == "at risk"


def test_the_json_carries_parent_owner_team_and_progress(capsys: pytest.CaptureFixture[str]) -> None:
    main(["review", str(EXAMPLES / "company-tree.md"), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    mobile = data["objectives"][3]
    assert (mobile["parent"], mobile["owner"], mobile["team"]) == ("O3", "VP Product", "Mobile team")
    main(["review", str(EXAMPLES / "checklist-scores.md"), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["objectives"][0]["key_results"][1]["progress"] == 0.6
    time_bound = next(f for f in data["objectives"][0]["key_results"][1]["findings"]
                      if f["criterion"] == "okr-core.kr-time-bound")
    assert time_bound["passed"]  # inherits Q2 2026 from the title


@pytest.mark.parametrize("text", [
    "hello world, notes from the meeting\n",
    "# Meeting notes\n\nWe talked about the roadmap and agreed to meet again.\n\n- Anna to send slides\n",
])
def test_text_without_okrs_is_refused_with_a_reason(text: str, capsys: pytest.CaptureFixture[str],
                                                    tmp_path: object) -> None:
    import pathlib

    path = pathlib.Path(str(tmp_path)) / "notes.md"
    path.write_text(text)
    assert main(["review", str(path)]) == 2
    err = capsys.readouterr().err
    assert "no objectives or key results found" in err and err.count("\n") == 1
