"""The passes over a whole document around the reader: which regime, which sections, what
repeats, and whether anything read is an OKR at all.

Why apart: the reader (:mod:`coach.core.reading`) walks one tree line by line; these
passes look at the whole tree before it walks (labelled or not, OKR sections, sections
left out that hold objectives again) and at what it read afterwards (objectives mentioned
twice, parents named by text, text that holds no OKRs).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from coach.core.line_kinds import (
    CLEANED,
    OKR_WORDS,
    SKIP,
    clean_node,
    kr_verb,
    labels_okrs,
    looks_like_kr,
    names_okrs,
    plain,
    scores_bare,
)
from coach.core.models import Objective, OkrSet
from coach.core.outline import Node
from coach.core.reading import Reader

if TYPE_CHECKING:
    from collections.abc import Iterator


class DocumentError(ValueError):
    """The text holds no objective or key result."""



def _anchors(root: Node) -> list[Node]:
    """Headings that name an OKR section ("## OKRs", "Community 2022-Q1 OKRs", "Objectives for Q3")."""
    return [n for n in root.walk() if n.kind == "heading" and OKR_WORDS.search(plain(n.body))
            and not SKIP.match(plain(n.body)) and n.level > 1]


def _prune_to_anchors(root: Node) -> None:
    """In an unlabelled document with OKR sections, sections beside them that are not are dropped."""
    anchors = _anchors(root)
    if not anchors:
        return
    keep: set[int] = set()
    for a in anchors:
        node: Node | None = a
        while node is not None:
            keep.add(id(node))
            node = node.parent
    for a in anchors:
        for d in a.walk():
            keep.add(id(d))
    _drop_headings_not_kept(root, keep)


def _drop_headings_not_kept(node: Node, keep: set[int]) -> None:
    node.children = [c for c in node.children if c.kind != "heading" or id(c) in keep]
    for c in node.children:
        if c.kind == "heading":
            _drop_headings_not_kept(c, keep)


_QUOTES = re.compile(r"[\"'“”‘’«»]")
_REVIEW_SECTION = re.compile(r"\b(?:self[-\s]?review|review|reflection|evaluation|assessment|critique|"
                             r"feedback|check(?:list)?)\b", re.IGNORECASE)


def drop_mentions(okr: OkrSet, aims: set[int] | None = None) -> None:
    """An objective named once with no key results and again, in full, further on is one objective.

    Reviews and articles list their objectives first ("we set three objectives: ...") and
    then give each its section; the list is a mention, not more objectives. So are aims the
    reader marked (``aims``: "**Goal**: ..." lines, a "Primary Objectives" list) when none of
    them got key results and other objectives did, and an objective quoted again in a review
    section. Ids are given again in order afterwards, and parents follow them.
    """
    aims = aims or set()
    full = {o.text.lower() for o in okr.objectives if o.key_results}
    kept = [o for o in okr.objectives if o.key_results or o.text.lower() not in full]
    if full and not any(o.key_results for o in okr.objectives if id(o) in aims):
        # "## v0.1 (Q3)" / "**Goal**: set up the catalogue", a "Primary Objectives" list over the
        # real OKR section: aims named once with no key results, beside objectives that have them
        kept = [o for o in kept if id(o) not in aims]
    # "## Self-review" then "- **Objective**: "<the same text>"" with comments under it: the
    # objective quoted again to be judged, and the comments are no key results
    seen: set[str] = set()
    for o in list(kept):
        said = _QUOTES.sub("", o.text).lower()
        if said in seen and _REVIEW_SECTION.search(o.group or ""):
            kept.remove(o)
        seen.add(said)
    if len(kept) == len(okr.objectives):
        return
    renamed: dict[str, str] = {}
    for n, objective in enumerate(kept, start=1):
        renamed[objective.id] = objective.id = f"O{n}"
        for k, kr in enumerate(objective.key_results, start=1):
            kr.id = f"{objective.id}.KR{k}"
    for objective in kept:
        if objective.parent is not None:
            objective.parent = renamed.get(objective.parent, objective.parent)
    okr.objectives = kept


def resolve_parents(okr: OkrSet) -> None:
    """"Parent: O1" or "Parent: <objective text>" becomes that objective's id where one matches:
    the first other objective whose text is, or starts with, the one named (case aside)."""
    ids = {o.id for o in okr.objectives}
    found = _ObjectivesByText(okr.objectives)
    for objective in okr.objectives:
        ref = objective.parent
        if not ref or (ref in ids and ref != objective.id):
            continue
        wanted = ref.strip().lower()
        match = next((o for o in found.starting(wanted) if o is not objective), None) if wanted else None
        if match is not None:
            objective.parent = match.id


class _ObjectivesByText:
    """Objectives by the start of their text, in document order, each text looked up once.

    Why not a scan per reference: a file of thousands of objectives that each name a parent
    by text cost the square of its length. The texts are sorted once (when a reference needs
    them), so those starting with a reference are one contiguous run found by bisection.
    """

    def __init__(self, objectives: list[Objective]) -> None:
        self.objectives = objectives
        self.keys: list[str] | None = None
        self.order: list[int] = []
        self.found: dict[str, list[int]] = {}

    def starting(self, wanted: str) -> Iterator[Objective]:
        if self.keys is None:
            lowered = [o.text.lower() for o in self.objectives]
            self.order = sorted(range(len(lowered)), key=lowered.__getitem__)
            self.keys = [lowered[k] for k in self.order]
        at = self.found.get(wanted)
        if at is None:
            at, pos = [], bisect_left(self.keys, wanted)
            while pos < len(self.keys) and self.keys[pos].startswith(wanted):
                at.append(self.order[pos])
                pos += 1
            at.sort()
            self.found[wanted] = at
        return (self.objectives[k] for k in at)


_TOC_ENTRY = re.compile(r"^\s*\[[^\]]*\]\(#[^)]*\)\s*$")


def _release_from_skipped(root: Node) -> None:
    """A section left out (a table of contents, notes) ends where labelled OKRs start again.

    Markdown has no end to a section but the next heading, so "## Contents" followed by a
    link list and then "**Objective 1:** ..." would otherwise swallow the objectives.
    (Depth first with a stack of its own, not by recursion: a list nested a thousand deep
    would exhaust Python's.)
    """
    # each entry: a node and the children it had when the pass reached it (moved ones are not
    # looked at again)
    stack: list[tuple[Node, Iterator[Node]]] = [(root, iter(list(root.children)))]
    while stack:
        node, pending = stack[-1]
        child = next(pending, None)
        if child is None:
            stack.pop()
            continue
        if child.kind == "heading" and SKIP.match(plain(child.body)):
            for k, grand in enumerate(child.children):
                if grand.kind in ("para", "item") and grand.indent == 0 and not _TOC_ENTRY.match(grand.body) \
                        and clean_node(grand).label == "objective":
                    moved = child.children[k:]
                    child.children = child.children[:k]
                    at = next(n for n, c in enumerate(node.children) if c is child) + 1
                    for m in moved:
                        m.parent = node
                    node.children[at:at] = moved
                    break
        stack.append((child, iter(list(child.children))))


def read_document(root: Node, max_objectives: int) -> OkrSet:
    """The OKR set a document holds (see the module docstring); DocumentError when there is none."""
    CLEANED.clear()
    _release_from_skipped(root)
    labelled = labels_okrs(root)
    if not labelled:
        _prune_to_anchors(root)
    reader = Reader(labelled, max_objectives)
    reader.bare_scores = scores_bare(root)
    try:
        okr = reader.read(root)
    finally:
        CLEANED.clear()
    drop_mentions(okr, reader.aims)
    periods = {o.period for o in okr.objectives if o.period}
    if okr.period is None and len(periods) == 1:
        okr.period = periods.pop()  # one period named anywhere: the document's ("Shared Q2 goal")
    okr.groups = list(dict.fromkeys(o.group for o in okr.objectives if o.group))
    resolve_parents(okr)
    if okr.objectives and not labelled and not names_okrs(root):
        # Nothing says these are OKRs, so their shape must: key results that measure something.
        krs = [k.text for o in okr.objectives for k in o.key_results]
        if not krs or sum(1 for k in krs if looks_like_kr(k) or kr_verb(k)) < len(krs) / 2:
            okr.objectives = []
    if not okr.objectives:
        raise DocumentError("no objectives or key results found; write 'Objective: ...' lines (or headings) "
                            "with key results as bullets beneath them")
    return okr
