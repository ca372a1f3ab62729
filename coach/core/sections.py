"""Section shapes met in published OKR files that the general reader would misread.

Why apart from :mod:`coach.core.reading`: each is one recognisable shape of a whole
heading's section, decided from the heading and what sits right under it, and the reader
only asks "is this heading one of these?" before its general rules. Kept here, the reader
stays about structure in general and each shape is read (and explained) in one place:

- a heading that names an objective by a slug or short title and states it in a
  ``**Description:** ...`` line, over a key-result table or list (:func:`described_objective`);
- a key result written as a heading (``### KR 1.2: ...``), whose lists and label lines are
  its acceptance criteria and tracking, not more key results (:func:`key_result_heading`);
- a person's section (``### 1. OKR: @maria``) over ``#### Objectives`` and ``#### Key Results``
  lists (:func:`person_section`, :func:`listed_objectives`, :func:`listed_key_results`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from coach.core import inline
from coach.core.inline import Cleaned
from coach.core.line_kinds import META, OWNER_LINE, clean_node, kr_verb, looks_like_kr
from coach.core.models import KeyResult
from coach.core.outline import Node

if TYPE_CHECKING:
    from coach.core.reading import Reader

_DESCRIPTION = re.compile(r"^description\s*:\s*(?=\S)", re.IGNORECASE)
# "Acceptance criteria:", "Definition of done:": a label over the list that follows it
_LABEL_ONLY = re.compile(r"^[\w][\w ()/&'’-]{0,40}:$")
# "Deliverable: ...", "Due: TBD": a labelled line, never the statement of a key result
_LABEL_LINE = re.compile(r"^[\w][\w ()/&'’-]{0,30}:\s")
# "Current: 0.0", "Current score: 0.4": where a key result scored on 0..1 stands now
_CURRENT_SCORE = re.compile(r"^current(?:\s+(?:score|grade))?\s*:\s*(?P<v>0|1|[01]?\.\d{1,2}|[01]\.0{1,2})$",
                            re.IGNORECASE)
_READ_AS_STATUS = ("status", "progress", "score", "grade")  # read by Reader.status_children
# "Objectives", "Ultimate Objectives", "Our team objectives" over a list (at most two words
# before; none that puts the list out of play: "Previous objectives", "Example objectives")
_QUALIFIER = r"(?:(?!okrs?\b|objectives?\b|previous\b|past\b|old\b|former\b|last\b|archived?\b|" \
             r"dropped\b|abandoned\b|rejected\b|deprecated\b|non\b|not\b|examples?\b|sample\b|bad\b)[\w'’-]+\s+)"
_OBJECTIVES_LIST = re.compile(rf"^{_QUALIFIER}{{0,2}}objectives$", re.IGNORECASE)
_KEY_RESULTS_LIST = re.compile(rf"^{_QUALIFIER}{{1,2}}key\s+results$", re.IGNORECASE)
# "OKR: @maria", "OKRs of @maria", "@maria's OKRs": one person's OKRs
_PERSON_SECTION = re.compile(r"^OKRs?\s*(?::|-|–|—|\s(?:of|for|by)\s)\s*(?P<who>@[\w.-]+)$|"
                             r"^(?P<who2>@[\w.-]+)['’]s\s+OKRs?$", re.IGNORECASE)


def _holds_key_results(children: list[Node]) -> bool:
    """A list, or a table whose header names a key-result column."""
    from coach.core.tables import header_roles

    for child in children:
        if child.kind == "item":
            return True
        if child.kind == "table" and child.rows:
            roles = header_roles([cell for cell, _ in child.rows[0]])
            if roles is not None and "key_result" in roles:
                return True
    return False


def described_objective(reader: Reader, h: Node) -> bool:
    """``## data-quality`` then ``**Description:** Reports can be trusted.`` then the key results:
    one objective; True when ``h`` was one.

    Which line is the objective: the heading is a name (a slug such as "data-quality", often
    with a status mark after it), used as an id by the files that link to it; the description
    is the sentence that says what should become true, which is what a reader (and the
    rubric) judges as the objective. So the description is the objective's text, and its
    line is where findings point. The section must hold key results (a list, or a table with
    a key-result column), or a "Description:" line is only a description of something else.
    """
    opening = next((n for n in h.children if n.kind != "para" or n.body.strip()), None)
    if opening is None or opening.kind != "para":
        return False
    c = clean_node(opening, allow_owner=False)
    m = _DESCRIPTION.match(c.text)
    if m is None or c.label is not None:
        return False
    rest = [n for n in h.children if n is not opening]
    if not _holds_key_results(rest):
        return False
    statement = Cleaned(c.span.cut([(0, m.end())]).strip(), tags=list(c.tags))
    reader.objective = None
    objective = reader.new_objective(statement, opening, parent=reader.heading_parent(h))
    reader.by_heading[id(h)] = objective
    reader.kr_children(h, rest)
    reader.objective = None
    return True


def key_result_heading(reader: Reader, h: Node, c: Cleaned) -> None:
    """``### KR 1.2: Booking flow approved by the board (0.0 → 1.0)`` over its details: one key result.

    What sits under such a heading says how the key result is done and tracked: acceptance
    criteria as checkboxes or bullets, "Deliverable:", "Due: TBD", "Current: 0.0". A reader
    takes those as the heading's notes, never as key results of their own (nor "Due: TBD" as
    the objective's period). "Current: <0..1>" is the published score (as "(0.0 → 1.0)" on the
    heading is), "Owner: x" its owner, "Status:" / "Progress:" lines its status; a sub-heading
    is read as a heading again (the next key result, or an objective).

    Where the heading is only a title ("### KR1 — Retention", "## KR1 — Leading Metric": a few
    words, no figure) and the line or sub-heading under it states a result ("Raise 30-day
    retention from 20% to 30%"), that line is the key result, as with "**KR1 — Title**" over
    its text in a list.
    """
    node, children = h, h.children
    first = next((n for n in h.children if n.kind != "para" or n.body.strip()), None)
    if first is not None and first.kind in ("para", "heading") and len(c.text.split()) <= 4 and \
            not any(ch.isdigit() for ch in c.text):
        stated = clean_node(first, allow_owner=first.kind == "para")
        if stated.label is None and not _LABEL_LINE.match(stated.text) and \
                (looks_like_kr(stated.text) or kr_verb(stated.text)):
            rest = [n for n in h.children if n is not first]
            # "## KR1 — Leading Metric" over "### >= 60% of starters finish week 4": the
            # sub-heading states the key result, and what sits under it is its details
            node, c, children = first, stated, [*first.children, *rest] if first.kind == "heading" else rest
    reader.add_key_result(c, node)
    objective = reader.objective
    if reader.last_line != node.line or objective is None or not objective.key_results:
        return  # not read as a key result ("KR 3: TBD"): nothing to attach details to
    kr = objective.key_results[-1]
    reader.status_children(h)
    for child in children:
        if child.kind == "heading":
            reader.heading(child)
        elif child.kind in ("para", "item"):
            attach_details(kr, child)


def attach_details(kr: KeyResult, child: Node) -> None:
    """A line under a key result (and its sub-lines) as the key result's details: its owner,
    its published score, or a note ("Target: 25% fewer within 45 days", "How to measure: ...")."""
    for line in (child, *child.iter_walk()):
        if line.kind not in ("para", "item"):
            continue
        text = clean_node(line, allow_owner=False).text
        if not text or (line.kind == "para" and _LABEL_ONLY.match(line.body.strip(" *_"))):
            continue
        meta = META.match(text)
        if meta and meta.group("key").lower() in _READ_AS_STATUS:
            continue
        owner = OWNER_LINE.match(text)
        if owner and kr.owner is None:
            kr.owner = inline.markup_only(owner.group(1)) or None
            continue
        current = _CURRENT_SCORE.match(text)
        if current:
            kr.progress = float(current.group("v"))
            continue
        kr.notes.append(text)


def labelled_detail(node: Node) -> bool:
    """"Baseline: ...", "How to measure: ...", "Note: ...": a labelled line under a key result."""
    return node.kind == "item" and _LABEL_LINE.match(clean_node(node, allow_owner=False).text) is not None


def person_section(reader: Reader, h: Node, text: str) -> bool:
    """``### 1. OKR: @maria`` / ``## OKRs of @maria``: a group whose owner is that person, like the
    ``## @maria`` headings the reader already knows; True when ``h`` was one. (Read as an
    objective, "OKR: @maria" would stand over key results its own "Objectives" list names.)"""
    m = _PERSON_SECTION.match(text)
    if m is None:
        return False
    reader.group(h, m.group("who") or m.group("who2"))
    return True


def listed_objectives(reader: Reader, h: Node, text: str) -> bool:
    """``#### Objectives`` (or "Ultimate Objectives") over a list: each item an objective, its
    sub-items its key results; True when ``h`` was one.

    A "Key Results" list after it (:func:`listed_key_results`, or a plain "Key Results"
    heading) is read with the objective read last as the current one, which is the reader's
    rule for key results that follow objectives without saying whose they are ("Objective: A",
    "Objective: B", "Key results: ..."): with one objective listed they are its key results.
    """
    if not _OBJECTIVES_LIST.match(text) or any(n.kind == "heading" for n in h.children):
        return False
    items = [n for n in h.children if n.kind == "item"]
    if not items:
        return False
    parent = reader.heading_parent(h)
    reader.objective = None
    last = None
    for item in items:
        c = clean_node(item)
        if not c.text or c.label in ("key_result", "initiative") or c.text.lower() in reader.heading_texts:
            continue  # a label ("Key results:"), or a table of contents of the headings below
        reader.objective = None
        reader.item_objective(item, c, parent)
        last = reader.okr.objectives[-1] if reader.okr.objectives else None
        if last is not None and c.label != "objective":  # "- Objective 2: ..." is said to be one
            reader.aims.add(id(last))
    reader.objective = last
    reader.closed = None  # the key results of the list that follows are its, nested or not
    return True


def listed_key_results(reader: Reader, h: Node, text: str) -> bool:
    """``### Ultimate Key Results`` / ``### Team Key Results``: a "Key Results" section with a
    qualifier (the plain "Key Results" heading is a label the reader reads already)."""
    if not _KEY_RESULTS_LIST.match(text):
        return False
    reader.key_result_section(h)
    return True
