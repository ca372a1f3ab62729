"""Rubric files: validated with file and reason, examples behave, schema committed and current."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from coach.paths import data_dir
from coach.rubric.checks import REGISTRY
from coach.rubric.examples import example_set, finding_for
from coach.rubric.loader import RubricError, load_rubric
from coach.rubric.packs import default_rubric
from coach.rubric.schema import export_schema

PACK = data_dir("rubrics") / "okr-core"
RUBRIC = default_rubric()


def _example_cases() -> list[tuple[str, str, bool]]:
    cases = []
    for c in RUBRIC.criteria:
        cases += [(c.id, t, True) for t in c.examples.passing]
        cases += [(c.id, t, False) for t in c.examples.failing]
    return cases


@pytest.mark.parametrize(("criterion_id", "text", "should_pass"), _example_cases())
def test_criterion_examples_behave(criterion_id: str, text: str, should_pass: bool) -> None:
    criterion = RUBRIC.get(criterion_id)
    finding = finding_for(criterion, example_set(criterion, text), RUBRIC)
    assert finding is not None, "the criterion must apply to its own examples"
    assert finding.passed is should_pass, finding.message


def test_every_criterion_has_examples_both_ways_and_the_headline_ids() -> None:
    for c in RUBRIC.criteria:
        assert c.examples.passing and c.examples.failing, c.id
    ids = " ".join(c.id for c in RUBRIC.criteria)
    for word in ("outcome", "measurable", "ambition", "alignment"):
        assert word in ids
    assert any("objective" in c.id and "qualitative" in c.id for c in RUBRIC.criteria)


def test_committed_schema_is_current_and_validates_every_file() -> None:
    committed = json.loads((data_dir("rubrics") / "schema.json").read_text())
    assert committed == export_schema(), "run: okr-coach rubrics schema > rubrics/schema.json"
    for path in PACK.glob("*.yaml"):
        data = yaml.safe_load(path.read_text())
        schema = committed["pack"] if path.name == "rubric.yaml" else committed["criterion"]
        jsonschema.validate(data, schema)


def test_every_check_type_is_used_and_documented() -> None:
    used = {c.check for c in RUBRIC.criteria}
    assert used == set(REGISTRY)
    assert all(check.doc for check in REGISTRY.values())


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(PACK, target)
    return target


def _edit(path: Path, **changes: object) -> None:
    data = yaml.safe_load(path.read_text())
    data.update(changes)
    path.write_text(yaml.safe_dump(data))


def test_invalid_files_are_reported_with_file_and_reason(pack_copy: Path) -> None:
    _edit(pack_copy / "kr-outcome.yaml", colour="red")
    _edit(pack_copy / "kr-measurable.yaml", check="telepathy")
    _edit(pack_copy / "kr-baseline.yaml", params={"nonsense": 1})
    _edit(pack_copy / "kr-ambition.yaml", level="fatal")
    (pack_copy / "stray.yaml").write_text("name: x\n")
    (pack_copy / "kr-time-bound.yaml").write_text("name: [unclosed\n")
    with pytest.raises(RubricError) as info:
        load_rubric(pack_copy)
    problems = dict(info.value.problems)
    assert "Extra inputs are not permitted" in problems["kr-outcome.yaml"]
    assert "unknown check type 'telepathy'" in problems["kr-measurable.yaml"]
    assert "unknown param 'nonsense'" in problems["kr-baseline.yaml"]
    assert "level" in problems["kr-ambition.yaml"]
    assert "not listed" in problems["stray.yaml"]
    assert "cannot read" in problems["kr-time-bound.yaml"]


def test_missing_listed_file_and_bad_profile(pack_copy: Path) -> None:
    (pack_copy / "kr-baseline.yaml").unlink()
    manifest = yaml.safe_load((pack_copy / "rubric.yaml").read_text())
    manifest["profiles"]["startup"]["overrides"]["no-such-criterion"] = {"max": 1}
    (pack_copy / "rubric.yaml").write_text(yaml.safe_dump(manifest))
    with pytest.raises(RubricError) as info:
        load_rubric(pack_copy)
    text = str(info.value)
    assert "kr-baseline.yaml: listed in rubric.yaml but missing" in text
    assert "no-such-criterion" in text


def test_a_criterion_is_tunable_as_data(pack_copy: Path) -> None:
    """Adding a task verb in YAML changes the verdict without touching code."""
    from coach.evals.rubric import LabelledItem, predictions

    # A verb no list knows, with a measured level, reads as a result until the YAML calls it a task.
    item = LabelledItem(id="x", kind="key_result", text="Calibrate 95% of the ovens every week", labels={})
    assert predictions(item, load_rubric(pack_copy))["kr-outcome"] is True
    data = yaml.safe_load((pack_copy / "kr-outcome.yaml").read_text())
    data["params"]["task_verbs"].append("calibrate")
    (pack_copy / "kr-outcome.yaml").write_text(yaml.safe_dump(data))
    assert predictions(item, load_rubric(pack_copy))["kr-outcome"] is False
