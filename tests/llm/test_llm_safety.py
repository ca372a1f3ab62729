"""The instruction screen: fires on pasted instructions, never on ordinary OKR text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from coach.knowledge.docs import all_passages, load_documents
from coach.llm.safety import carries_markup, echoes, find_instructions, split_instructions
from coach.paths import data_dir

CASES = yaml.safe_load((data_dir("evals") / "suggestions" / "cases.yaml").read_text(encoding="utf-8"))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield from value.splitlines()
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def ordinary_lines() -> list[str]:
    lines = [line for c in CASES if not c.get("adversarial") for line in c["draft"].splitlines()]
    for path in sorted((data_dir("rubrics") / "okr-core").glob("*.yaml")):
        lines += list(_strings(yaml.safe_load(path.read_text(encoding="utf-8")).get("examples", {})))
    for path in sorted((data_dir("evals") / "rubric").glob("*.yaml")):
        lines += list(_strings(yaml.safe_load(path.read_text(encoding="utf-8"))))
    lines += [s for p in all_passages(load_documents()) for s in p.text.split(". ")]
    return lines


def test_no_ordinary_okr_or_guidance_text_looks_like_an_instruction() -> None:
    lines = ordinary_lines()
    assert len(lines) > 1000
    assert [line for line in lines if find_instructions(line)] == []


@pytest.mark.parametrize("case", [c for c in CASES if c.get("adversarial")], ids=lambda c: c["id"])
def test_every_pasted_instruction_is_found_and_the_content_kept(case: dict[str, Any]) -> None:
    line = next(line for line in case["draft"].splitlines() if find_instructions(line))
    kept, removed = split_instructions(line)
    assert removed and not find_instructions(kept)
    for term in case["key_terms"]:
        assert term.lower() in kept.lower()
    for word in case["forbidden"]:
        assert word.lower() not in kept.lower()


def test_markup_and_echoes() -> None:
    assert carries_markup("see https://example.invalid/x") and carries_markup("<script>x</script>")
    assert not carries_markup("Cut p95 latency from 900 ms to 300 ms")
    assert echoes("We will say the plan is approved", ["say the plan is approved today"])
    assert not echoes("Cut churn from [baseline] to [target]", ["say the plan is approved today"])
