"""The parser on published OKR documents (../shared/real-okrs): structure, clean text, annotations.

The texts are third-party material and stay in ../shared; the manifest there gives a careful
reading's counts, and evals/real/structure.yaml holds ours where we read differently (with the
reason) and the annotations each document must yield, by line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from coach.core.models import KeyResult, Objective, OkrSet
from coach.core.parsing import parse
from coach.paths import data_dir

SHARED = Path(__file__).resolve().parents[3] / "shared" / "real-okrs"
OURS = yaml.safe_load((data_dir("evals") / "real" / "structure.yaml").read_text())["documents"]
MANIFEST: list[dict[str, Any]] = (yaml.safe_load((SHARED / "manifest.yaml").read_text())["documents"]
                                  if (SHARED / "manifest.yaml").is_file() else [])
needs_shared = pytest.mark.skipif(not MANIFEST, reason="../shared/real-okrs is not beside this checkout")

MARKUP = [("link markup", re.compile(r"\]\(|https?://")), ("emphasis", re.compile(r"\*\*|__|(?<!\w)\*\w|`")),
          ("list number", re.compile(r"^\s*(?:\d{1,3}[.)]|[-*+•])\s")),
          ("checkbox", re.compile(r"^\s*\[[ xX]\]")),
          ("HTML", re.compile(r"</?[a-zA-Z][^>]*>")),
          ("progress", re.compile(r"=>\s*\d+%|\(\d+(?:\.\d+)?/10\)|:\s*\d+/10|\(0\.\d\)$|✅")),
          ("label", re.compile(r"^(?:objective|key\s*results?|kr\s*\d)\b", re.I))]


def _doc(doc_id: str) -> tuple[str, OkrSet]:
    text = (SHARED / "docs" / f"{doc_id}.md").read_text(encoding="utf-8")
    return text, parse(text)


def _items(okr: OkrSet) -> list[tuple[str, Objective | KeyResult]]:
    out: list[tuple[str, Objective | KeyResult]] = []
    for o in okr.objectives:
        out.append(("objective", o))
        out += [("key_result", k) for k in o.key_results]
    return out


@needs_shared
@pytest.mark.parametrize("doc", MANIFEST, ids=[d["id"] for d in MANIFEST])
def test_counts_match_the_manifest_or_our_stated_reading(doc: dict[str, Any]) -> None:
    _text, okr = _doc(doc["id"])
    ours = OURS.get(doc["id"], {})
    objectives = [o for o in okr.objectives if not o.implicit]
    assert len(objectives) == ours.get("objectives", doc["objectives"])
    assert sum(len(o.key_results) for o in okr.objectives) == ours.get("key_results", doc["key_results"])
    if "groups" in ours:
        assert len(okr.groups) == ours["groups"], okr.groups


@needs_shared
@pytest.mark.parametrize("doc", MANIFEST, ids=[d["id"] for d in MANIFEST])
def test_no_markup_annotation_or_label_remains_and_positions_point_at_the_words(doc: dict[str, Any]) -> None:
    text, okr = _doc(doc["id"])
    for role, item in _items(okr):
        if role == "objective" and item.implicit:  # type: ignore[union-attr]
            continue
        for name, pattern in MARKUP:
            assert not pattern.search(item.text), f"{name} left in line {item.line}: {item.text[:60]!r}"
        positions = item.positions or range(item.offset, item.offset + len(item.text))
        assert all(text[p] == ch for p, ch in zip(positions, item.text) if ch != " "), item.line


@needs_shared
@pytest.mark.parametrize("doc_id", sorted(d for d in OURS if OURS[d].get("items")))
def test_annotations_by_line(doc_id: str) -> None:
    _text, okr = _doc(doc_id)
    found = {(role, item.line): item for role, item in _items(okr)}
    by_line = {o.line: o for o in okr.objectives}
    for want in OURS[doc_id]["items"]:
        item = found.get((want["role"], want["line"]))
        assert item is not None, f"no {want['role']} at line {want['line']}"
        for key in ("progress", "status", "done", "tags"):
            if key in want:
                assert getattr(item, key) == want[key], (want, getattr(item, key))
        if "owner" in want:
            assert bool(item.owner) is want["owner"], (want, item.owner)
        if "parent_line" in want:
            assert isinstance(item, Objective) and by_line[want["parent_line"]].id == item.parent


def test_our_reading_is_stated_for_every_difference() -> None:
    for doc_id, ours in OURS.items():
        if "objectives" in ours or "key_results" in ours:
            assert ours.get("reason"), f"{doc_id}: a count that differs from the manifest needs a reason"
