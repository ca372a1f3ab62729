"""Read an outline as an OKR document: context -> groups -> objectives (maybe nested) -> key results.

Why by structure and not by position: in what organisations publish, a heading can be the
document's title, a quarter, an owner, a theme, or the objective itself; a bullet can be
an objective, a key result, an initiative or a note. The reader decides from what is
around a line: an explicit label ("Objective:", "O1.", "KR 2:", "Key Results:"), children
that read as key results, a heading that only groups, a section that is about something
else (notes, rationale, tracking tables, a table of contents).

Two regimes, chosen per document. A *labelled* document names its objectives or key
results somewhere; then only labelled objectives open objectives, and the unlabelled lines
under them (or under a "Key results" label) are their key results. An *unlabelled*
document is read by shape: a heading with a list under it, a list item with sub-items, or
a line followed by a list is an objective and the list its key results; and where the
document names an OKR section ("## OKRs", "Community 2022-Q1 OKRs"), only such sections
are read. Sub-items of a key result are details or initiatives, never more key results.
Key results with no objective above them get an implicit objective that says so.

Marks decide where labels are missing: a priority ("P1 - ..."), a line of owners before a
list, a bold quarter on its own line, a bare score in documents that score every line.
What a single line is lives in :mod:`coach.core.line_kinds`; the passes over the whole
document (regime, sections, repeats, refusal) in :mod:`coach.core.document`.
"""

from __future__ import annotations

import re

from coach.core import inline, sections
from coach.core.inline import Cleaned
from coach.core.kr_parts import extract_parts
from coach.core.line_kinds import (
    ATTRIBUTE,
    BARE_SCORE,
    BOLD_ONLY,
    HORIZON,
    META,
    MONTH_LINE,
    NAMES_OBJECTIVES,
    NOT_A_NAME,
    OKR_WORDS,
    OWNER_LINE,
    PERIOD_RE,
    PERSONAL,
    PLACEHOLDER,
    QUESTION_STUB,
    ROLE,
    SEASON_IN_TITLE,
    SECTION_ITEM,
    SKIP,
    SKIP_ANYWHERE,
    TITLE_WORDS,
    aside_label,
    clean_node,
    column_names,
    flat_list_heading,
    has_items,
    heads_objective,
    is_short,
    labelled_objective_heading,
    looks_like_kr,
    over_key_results,
    over_objectives,
    own_period,
    para_with_list,
    paragraph_krs,
    plain,
    priority,
    prose,
    skipped_section,
    team_of,
    title_like,
)
from coach.core.models import KeyResult, Objective, OkrSet
from coach.core.outline import Node

# Prose that announces the set's aims names its period: "These are our goals for H1 2027."
_GOAL_WORDS = re.compile(r"\b(?:goals?|targets|priorities|aims|plan|roadmap|focus\s+(?:for|areas?))\b",
                         re.IGNORECASE)
_TIME_SECTION = re.compile(r"^(?:time\s*(?:horizon|frame|line)|timeframe|period|duration|cycle|dates?)\b",
                           re.IGNORECASE)
_DATE_OR_PERIOD = re.compile(r"\b\d{1,2}[./]\d{1,2}[./](?:19|20)\d{2}\b|\b(?:19|20)\d{2}-\d{2}-\d{2}\b|"
                             + PERIOD_RE.pattern, re.IGNORECASE)
# "2019 Q4", "Draft Q2 2027": a bold line that only names a period (a word or two around it)
_PERIOD_LABEL = re.compile(r"(?:[A-Za-z]+\s+){0,2}(?:" + PERIOD_RE.pattern
                           + r")(?:\s+[A-Za-z]+)?(?:\s+\d{4})?", re.IGNORECASE)
# "... in a way that:", "... so that:": a sentence a list below must finish
_UNFINISHED = re.compile(r"\b(?:that|which|where|so|by|while|who|whose|with)\s*[*_]*\s*:\s*[*_]*\s*$",
                         re.IGNORECASE)
_GOAL_LABEL = re.compile(r"^[\s*_>#-]*goals?\s*[*_]*\s*:", re.IGNORECASE)
# "Tool Library OKRs: ...": a name and the plural OKRs, which no single objective is
_NAMED_OKRS = re.compile(r"\bOKRs\s*:", re.IGNORECASE)
_NOBODY = re.compile(r"^(?:my|our|personal|individual|team|company|shared|draft|new|the)?$", re.IGNORECASE)


def _acronym_of(short: str, name: str) -> bool:
    """"Riverside Food Bank (RFB)": the brackets spell the name's initials, not its owner."""
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", name) if w[0].isupper())
    return short.isupper() and len(short) >= 2 and initials.upper().endswith(short.upper())


_NEXT_KR_LABEL = re.compile(r"[.;]\s+(?:KR|Key\s+Result)\s*\d{1,2}(?:\.\d{1,2})?\s*:\s*", re.IGNORECASE)
_INITIATIVES_LINE = re.compile(r"^initiatives?\b[\w\s()-]{0,20}:?$", re.IGNORECASE)
# A key result its author struck through (the label, the struck text, then perhaps why)
_STRUCK = re.compile(r"^\s*(?:[-*+]\s+)?(?:\[[ xX]\]\s*)?(?:\*\*)?(?:[\w .#]{0,24}[:.)-]\s*)?(?:\*\*)?\s*"
                     r"~~[^~]+~~\s*[.,;:—-]?\s*(?:\(?\s*(?:removed|dropped|cancell?ed|descoped|deprecated|"
                     r"moved|deferred|n/?a)\s*\)?)?\s*\.?\s*$", re.IGNORECASE)


def _announces_krs(node: Node) -> bool:
    """A "Key results:" line with nothing after the label."""
    c = clean_node(node)
    return c.label == "key_result" and not c.text


class _Runs:
    """For each of a list of sibling nodes: where the block of paragraph lines starting there
    ends (the next blank line, a change of indentation, or a node that is no paragraph line),
    and the next paragraph line at or after it that is long (over 25 words), or that reads as
    a key result.

    Why precomputed: the reader asks these of every line of a block; asked by scanning the
    rest of the block each time, a few thousand lines of prose without blank lines between
    them cost the square of their number (4,000 lines: 15 s).
    """

    __slots__ = ("end", "first_long", "next_kr", "siblings")

    def __init__(self, siblings: list[Node]) -> None:
        n = len(siblings)
        self.siblings = siblings
        self.end, self.first_long, self.next_kr = [0] * n, [n] * (n + 1), [n] * (n + 1)
        for k in range(n - 1, -1, -1):
            node = siblings[k]
            after = siblings[k + 1] if k + 1 < n else None
            joined = after is not None and after.kind == "para" and not after.blank_before \
                and after.indent == node.indent
            self.end[k] = self.end[k + 1] if joined else k + 1
            text = clean_node(node).text if node.kind == "para" else None
            self.first_long[k] = k if text is not None and not is_short(text, 25) else self.first_long[k + 1]
            self.next_kr[k] = k if text is not None and looks_like_kr(text) else self.next_kr[k + 1]


def _unlabelled_section(h: Node) -> bool:
    """A section with no OKR label in it whose bold lines each stand over a list."""
    nodes = [n for n in h.walk() if n is not h and n.kind in ("heading", "para", "item")]
    if not nodes or any(clean_node(n, allow_owner=False).label in ("objective", "key_result") for n in nodes):
        return False
    paras = [n for n in h.children if n.kind == "para" and n.body.strip()]
    return bool(paras) and all(BOLD_ONLY.match(n.body) for n in paras) and \
        any(n.kind == "item" for n in h.children)


class Reader:
    def __init__(self, labelled: bool, max_objectives: int) -> None:
        self.okr = OkrSet()
        self.labelled = labelled
        self.max_objectives = max_objectives
        self.objective: Objective | None = None
        self.groups: list[str] = []
        self.period: str | None = None
        self.owner: str | None = None
        self.para_pattern = False  # this document writes objectives as lines followed by a list
        self.seen_heading = False
        self.sticky: str | None = None
        self.last_line = -1  # the line of the last objective or key result read
        self.by_heading: dict[int, Objective] = {}
        self.closed: Objective | None = None  # an objective whose key results were nested under it
        self.bare_scores = False
        self.heading_texts: set[str] = set()
        self.container_groups: list[str] = []  # the groups where the current heading's content starts
        self.flat_lists: dict[int, tuple[list[Node], bool]] = {}  # see _sibling_items_are_flat
        self.runs: dict[int, _Runs] = {}  # see _runs
        self.table_groups: set[str] = set()  # the groups tables added to okr.groups
        # objectives that may only name aims ("**Goal**: ..." under a roadmap version, a "Primary
        # Objectives" list): dropped afterwards when they got no key results and others did
        self.aims: set[int] = set()

    # ------------------------------------------------------------------ building

    def new_objective(self, c: Cleaned, node: Node, parent: Objective | None = None,
                      implicit: bool = False) -> Objective:
        from coach.core.parsing import ParseError

        if len(self.okr.objectives) >= self.max_objectives:
            raise ParseError(f"more than {self.max_objectives:,} objectives; split the file", node.line)
        c = self.scored(c)
        span = c.span
        objective = Objective(
            id=f"O{len(self.okr.objectives) + 1}", text=c.text, offset=span.offset, line=node.line,
            owner=c.owner or self.owner, parent=parent.id if parent else None,
            team=team_of(self.groups[-1]) if self.groups else None, group=" / ".join(self.groups) or None,
            period=self.period or own_period(c.text) or next((t for t in c.tags if PERIOD_RE.fullmatch(t)),
                                                             None),
            implicit=implicit, progress=c.progress,
            tags=list(c.tags),
            positions=None if span.contiguous() else list(span.pos))
        self.okr.objectives.append(objective)
        self.objective = objective
        self.last_line = node.line
        if _GOAL_LABEL.match(node.body):
            self.aims.add(id(objective))
        return objective

    def scored(self, c: Cleaned) -> Cleaned:
        """The line with a bare trailing score taken off into ``progress`` (see BARE_SCORE)."""
        if not self.bare_scores or c.progress is not None:
            return c
        m = BARE_SCORE.search(c.text)
        if m is None or m.start() == 0:
            return c
        return Cleaned(c.span.cut([m.span()]).strip(), c.label, c.number, c.owner, float(m.group("v")),
                       c.status, c.done, c.links, c.tags, c.plural)

    def implicit_objective(self, node: Node) -> Objective:
        name = self.groups[-1] if self.groups else "Key results"
        stand_in = inline.Cleaned(inline.Span(f"(no objective stated: {name})", []))
        return self.new_objective(stand_in, node, implicit=True)

    def add_key_result(self, c: Cleaned, node: Node) -> None:
        if not c.text or PLACEHOLDER.match(c.text) or (c.label == "key_result" and c.plural) or \
                column_names(c):
            return  # "Key Results: Martin and Bedeho" names who, "Key Results: 3-5 ..." defines
        if "~~" in node.body and _STRUCK.match(node.body):
            return  # "KR 1.3: ~~Production site live~~ REMOVED": struck out by its author
        more = _NEXT_KR_LABEL.search(c.text) if c.label == "key_result" else None
        if more is not None:  # "KR1: 200 paid seats. KR2: churn under 3%.": two key results on one line
            first = c.span.cut([(more.start() + 1, len(c.text))]).strip(" ;")
            rest = c.span.cut([(0, more.end())]).strip()
            self.add_key_result(Cleaned(first, c.label, c.number, c.owner), node)
            self.add_key_result(Cleaned(rest, c.label, None, c.owner), node)
            return
        objective = self.objective or self.implicit_objective(node)
        self.last_line = node.line
        c = self.scored(c)
        span = c.span
        objective.key_results.append(KeyResult(
            id=f"{objective.id}.KR{len(objective.key_results) + 1}", text=c.text, offset=span.offset,
            line=node.line, owner=c.owner, parts=extract_parts(c.text), team=objective.team,
            progress=c.progress, status=c.status, done=c.done, tags=list(c.tags), links=list(c.links),
            positions=None if span.contiguous() else list(span.pos)))

    # ------------------------------------------------------------------ context

    def meta(self, key: str, value: str) -> bool:
        """A "Team: X" / "Period: Q3" line; True when it was one we use."""
        key = key.lower()
        value = inline.markup_only(value)
        if not value:
            return True
        if key == "team":
            self.okr.team = self.okr.team or value
        elif key in ("owner", "owners", "dri", "accountable", "lead"):
            if self.objective is not None:
                self.objective.owner = value
            else:
                self.owner = value
        elif key in ("deadline", "kr measurement deadline", "due", "due date", "timeline", "end") and \
                self.objective:
            if self.objective.period is None or self.objective.period == self.period:
                self.objective.period = value  # its key results are due then (more exact than a heading's)
        elif key in ("timeline", "due date", "deadline") and _DATE_OR_PERIOD.search(value):
            # "**Timeline:** H2 2025" or "due date: 30.09.2026" above the objectives
            if self.groups:
                self.period = self.period or value
            else:
                self.okr.period = self.okr.period or value
        elif key in ("period", "quarter", "timeframe", "time frame", "cycle", "horizon", "time horizon",
                     "time scale", "timescale"):
            if self.groups:
                self.period = value
            else:
                self.okr.period = self.okr.period or value
        elif key.startswith("parent") or key.startswith("align") or key in ("supports", "company objective"):
            if self.objective is not None:
                self.objective.parent = value
            else:
                self.okr.parents.append(value)
        return True

    # ------------------------------------------------------------------ walking

    def read(self, root: Node) -> OkrSet:
        self.para_pattern = any(para_with_list(n, siblings[k + 1] if k + 1 < len(siblings) else None)
                                for parent in (root, *root.iter_walk()) for siblings in (parent.children,)
                                for k, n in enumerate(siblings) if n.kind == "para")
        # Heading levels where a heading over a flat list reads as an objective: the other
        # headings of that level are objectives too, even where their items have sub-items.
        self.objective_levels = {h.level for h in root.walk()
                                 if h.kind == "heading" and flat_list_heading(h)}
        self.heading_texts = {plain(h.body).lower() for h in root.walk() if h.kind == "heading"}
        if root.body:  # front matter "title: Q3 OKRs"
            self.title(plain(root.body))
        self.container(root, mode="top")
        return self.okr

    def container(self, node: Node, mode: str) -> None:
        """The children of a heading (or of the root) in order."""
        children = node.children
        saved_sticky, saved_groups, self.sticky = self.sticky, list(self.groups), None
        saved_base, self.container_groups = self.container_groups, saved_groups
        i = 0
        while i < len(children):
            child = children[i]
            if child.kind == "heading":
                before = self.sticky
                self.heading(child)
                if self.sticky is not None and self.sticky != before:
                    self.groups = [*saved_groups, self.sticky]
                    if PERSONAL.match(self.sticky):  # "## `Bedeho` (@bedeho)": a person's OKRs follow
                        self.owner = self.sticky.strip("`").split(" (")[0].strip("`")
            elif child.kind == "table":
                self.table(child, mode)
            elif child.kind == "item":
                i = self.item(children, i, mode)
                continue
            else:
                i = self.para(children, i, mode)
                continue
            i += 1
        self.sticky, self.groups, self.container_groups = saved_sticky, saved_groups, saved_base
        if saved_sticky is None and self.owner is not None and PERSONAL.match(self.owner or ""):
            self.owner = None

    def heading(self, h: Node) -> None:
        c = clean_node(h, allow_owner=False)
        text = c.text
        first = not self.seen_heading
        self.seen_heading = True
        if not text and c.label is None:
            return
        if c.label is None and not h.children and not SKIP.match(text) and not first:
            self.sticky = text  # "## `Bedeho`" then "## Objective: ...": an owner heading over its siblings
            return
        if c.label is None and (skipped_section(h) or (SKIP_ANYWHERE.search(text)
                                                       and not OKR_WORDS.search(text))):
            if re.search(r"\binitiatives?\b", text, re.I):
                self.initiatives(h)
            if _TIME_SECTION.match(text):
                self.time_section(h)
            for child in h.children:  # "## What are my OKRs?" over "### Objective 1: ...": read those
                if labelled_objective_heading(child):
                    self.heading(child)
            return
        if c.label == "initiative":
            self.initiatives(h)
            return
        if first and h.level == 1 and c.label == "objective" and _NAMED_OKRS.search(h.body) and \
                any(child.kind == "heading" for child in h.children):
            self.title(plain(h.body))  # "# Tool Library OKRs: Roadmap (2026-2027)" over the OKRs
            self.container(h, mode="top")
            return
        if c.label == "objective" and not over_objectives(h):
            self.objective_heading(h, c)
            return
        if c.label == "objective":  # "## Team OKR — Shared goal" over "### Objective": a group
            self.group(h, plain(h.body))
            return
        if c.label == "key_result":
            if c.text and not c.plural:
                sections.key_result_heading(self, h, c)
            else:
                self.key_result_section(h)
            return
        if c.label is None and (sections.described_objective(self, h)
                                or sections.person_section(self, h, text)
                                or sections.listed_objectives(self, h, text)
                                or sections.listed_key_results(self, h, text)):
            return
        meta = META.match(text)
        if meta:
            self.meta(meta.group("key"), meta.group("value"))
            self.container(h, mode="top")
            return
        if h.level == 1 and first and title_like(text):
            self.title(text)
            self.container(h, mode="top")
            return
        if over_key_results(h) and not over_objectives(h):
            self.objective_heading(h, c)  # "## Grow the business" over "### Key Results"
            return
        if not self.labelled and heads_objective(h, text, h.level in self.objective_levels):
            self.objective = None
            self.new_objective(c, h)
            self.kr_children(h)
            return
        paras = [] if self.labelled or OKR_WORDS.search(text) else paragraph_krs(h)
        if paras:  # "#### Objective" then its key results as separate paragraphs
            self.objective = None
            self.new_objective(c, h)
            for p in paras:
                self.add_key_result(clean_node(p), p)
            self.objective = None
            return
        self.group(h, text)

    def time_section(self, h: Node) -> None:
        """"## Time horizon" / "## Timeframe": the period its text states applies to the document."""
        if self.okr.period:
            return
        for child in (h, *h.walk()):  # "## Timeframe: Q2 2027" states it in the heading itself
            found = [m.group(0) for m in _DATE_OR_PERIOD.finditer(child.body)]
            if found:
                self.okr.period = found[0] if len(found) == 1 else f"{found[0]} – {found[-1]}"
                return

    def title(self, text: str) -> None:
        self.okr.title = text
        season = SEASON_IN_TITLE.search(text) if OKR_WORDS.search(text) else None
        period = PERIOD_RE.search(text) or season or HORIZON.search(text)  # "OKRs for this quarter"
        if period and not self.okr.period:
            self.okr.period = period.group(0)
        if not re.search(r"[—–:|·]|\s-\s", text) or self.okr.team:
            return  # "World Changing OKRs" names no team; "Q3 OKRs — Payments" does
        parts = re.split(r"[—–:|·]|\s-\s", text)
        names = [NOT_A_NAME.sub("", PERIOD_RE.sub("", TITLE_WORDS.sub("", p)).strip(" -—–:|,()·")).strip()
                 for p in parts]
        about_okrs = TITLE_WORDS.search(parts[0]) or PERIOD_RE.search(parts[0])
        # "Q3 OKRs — Payments" names Payments; "Personal OKRs — Rest of 2026" names no team
        named = [n for n in (names[1:] if about_okrs else names[:1]) if len(n) > 2]
        if not named and about_okrs and not _NOBODY.match(names[0]):
            named = [n for n in names[:1] if len(n) > 2]  # "Payments OKRs — Q3"
        if named:
            self.okr.team = named[-1]

    def group(self, h: Node, text: str) -> None:
        saved = (list(self.groups), self.period, self.owner, self.objective)
        depth = self._group_depth(h)
        self.groups = [*self.groups[:depth], text]
        period = PERIOD_RE.search(text) or HORIZON.search(text)  # "Short term — next 90 days"
        if period:
            self.period = period.group(0)
        if PERSONAL.match(text):
            self.owner = text.strip("`").split(" (")[0]
        role = ROLE.match(text)
        if role and not _acronym_of(role.group("who"), role.group("name")) and \
                inline.owner_prefix(role.group("who") + ": x") is not None:
            self.owner = role.group("who")  # "Product (VP Product)": the team, then its owner
        self.objective = None
        labelled = self.labelled
        if labelled and _unlabelled_section(h):
            # "### Q3" with "**Grow the choir**" over a list, in a document that labels its other
            # quarters: this section is read by its shape, as an unlabelled document is
            self.labelled = False
        self.container(h, mode="group")
        self.labelled = labelled
        self.groups, self.period, self.owner, _ = saved
        self.objective = None

    def _group_depth(self, h: Node) -> int:
        depth, node = 0, h.parent
        while node is not None and node.kind == "heading":
            depth += 1
            node = node.parent
        return min(depth, len(self.groups))

    def objective_heading(self, h: Node, c: Cleaned) -> None:
        consumed: Node | None = None
        if not c.text:  # "### Objective" with the objective on the next line
            consumed = next((n for n in h.children if n.kind in ("para", "item")), None)
            if consumed is None:
                return
            c = clean_node(consumed)
        parent = self.heading_parent(h)
        objective = self.new_objective(c, h if consumed is None else consumed, parent=parent)
        self.by_heading[id(h)] = objective
        rest = [n for n in h.children if n is not consumed]
        if consumed is not None and _UNFINISHED.search(consumed.body):
            # "Run the fridge in a way that:" then "- keeps food safe": the list ends the
            # objective's sentence; its items are qualities of the objective, not key results
            while rest and rest[0].kind == "item":
                rest.pop(0)
        self.kr_children(h, rest, after_text=consumed is not None)
        self.objective = objective

    def heading_parent(self, h: Node) -> Objective | None:
        """The objective of the nearest enclosing objective heading (a company -> team tree)."""
        node = h.parent
        while node is not None:
            if id(node) in self.by_heading:
                return self.by_heading[id(node)]
            node = node.parent
        return None

    def kr_children(self, node: Node, children: list[Node] | None = None, after_text: bool = False) -> None:
        """What follows an objective: its key results (lists, tables, KR labels), notes left out
        (also the list under a "Constraints:" / "Risks:" line: what it names is no key result)."""
        aside = tabled = planned = False
        for child in children if children is not None else node.children:
            if child.kind != "item":
                aside = planned = False
            if child.kind == "heading":
                self.heading(child)
            elif child.kind == "table":
                self.table(child, "kr")
                tabled = bool(self.objective is not None and self.objective.key_results)
            elif child.kind == "item":
                if planned:
                    self.initiatives(child)  # the list under "**Initiatives:**": the work, kept beside
                elif not aside:
                    self.kr_item(child)
            elif child.kind == "para":
                c = clean_node(child)
                meta = META.match(clean_node(child, allow_owner=False).text)
                # after a table of key results, a line announcing a list ("The named work behind
                # these:") announces notes on them, not more key results
                aside = aside_label(child, c) or (
                    tabled and c.label is None and child.body.rstrip(" *_").endswith(":"))
                announced = child.body.rstrip(" *_").endswith(":")
                planned = (c.label == "initiative" and not c.text) or bool(
                    c.label is None and _INITIATIVES_LINE.match(c.text) and announced)
                if meta and c.label is None:
                    self.meta(meta.group("key"), meta.group("value"))
                elif c.label in ("key_result",):
                    self.add_key_result(c, child) if c.text else None
                elif c.label == "objective" and c.text:
                    self.new_objective(c, child)

    def key_result_section(self, h: Node) -> None:
        """"Key Results" as a heading: lists, tables and themed sub-headings under it are key results
        (not the list under an "**Epics (planned):**" or "Risks:" line: what it names is no key result)."""
        aside = False
        stated: KeyResult | None = None  # the key result a bold "**KR1: ...**" line just stated
        for child in h.children:
            if child.kind != "item":
                aside = False
            if child.kind == "item" and stated is not None and sections.labelled_detail(child):
                sections.attach_details(stated, child)  # "- Target: 25% fewer within 45 days"
                continue
            if child.kind != "item":
                stated = None
            if child.kind == "heading":
                c = clean_node(child, allow_owner=False)
                if c.label is None and (SKIP.match(c.text) or SKIP_ANYWHERE.search(c.text)):
                    continue
                if c.label == "objective" or (c.label == "key_result" and c.text and not c.plural):
                    self.heading(child)  # an objective, or "### KR 1.2: ..." (the key result itself)
                else:
                    self.key_result_section(child)  # a theme inside the key results
            elif child.kind == "table":
                self.table(child, "kr")
            elif child.kind == "item":
                if not aside:
                    self.kr_item(child)
            elif child.kind == "para":
                c = clean_node(child)
                aside = aside_label(child, c)
                loose = c.label is None and child.indent == 0 and not child.blank_before
                if (c.label == "key_result" and c.text) or (loose and c.text and looks_like_kr(c.text)):
                    self.add_key_result(c, child)
                    if c.label == "key_result" and self.objective is not None and self.objective.key_results \
                            and self.last_line == child.line:
                        stated = self.objective.key_results[-1]

    def initiatives(self, node: Node) -> None:
        """An "Initiatives" section or item: kept beside the objective's key results."""
        if self.objective is None:
            return
        own = inline.clean(node.body, node.start, allow_owner=False)
        if node.kind in ("item", "para") and own.text:
            self.objective.initiatives.append(own.text)
        for child in node.walk():
            if child.kind in ("item", "para"):
                text = clean_node(child).text
                if text:
                    self.objective.initiatives.append(text)

    # ------------------------------------------------------------------ items and lines

    def kr_item(self, node: Node) -> None:
        """An item in a key-result position."""
        body = clean_node(node, allow_owner=False).text
        if self.note(body):
            return
        meta = META.match(body)
        if meta:
            self.meta(meta.group("key"), meta.group("value"))
            return
        c = clean_node(node)
        if c.label is None and SECTION_ITEM.match(c.text):
            return
        if c.label == "initiative":
            self.initiatives(node)
            return
        if c.label == "objective":
            parent = self.objective
            self.item_objective(node, c, parent)
            return
        if c.label == "key_result" and has_items(node) and (c.plural or not c.text):
            for child in node.children:  # "Key results:" with the key results under it
                if child.kind == "item":
                    self.kr_item(child)
            return
        first_para = next((n for n in node.children if n.kind == "para"), None)
        if c.label == "key_result" and (not c.text or (first_para is not None and not c.plural)):
            # "**Key Result**" or "**KR1 — Title**" with the key result itself on the next line
            text_node = first_para or next((n for n in node.children if n.kind == "item"), None)
            if text_node is not None:
                self.add_key_result(clean_node(text_node), text_node)
                self.status_children(node)
            return
        self.add_key_result(c, node)
        self.status_children(node)
        for child in node.children if self.last_line == node.line else ():
            if child.kind in ("item", "para"):  # "  - Measure: ..." / "  - Target: ..." under it: its notes
                self.note(clean_node(child, allow_owner=False).text)

    def note(self, text: str) -> bool:
        """"Measure: ..." / "Target: >= 95%" after a key result: kept on it; True when it was one."""
        objective = self.objective
        if objective is None or not objective.key_results:
            return False
        kr = objective.key_results[-1]
        owner = OWNER_LINE.match(text)
        if owner and kr.owner is None:  # "Owner: xlai" under a key result names its owner
            kr.owner = inline.markup_only(owner.group(1)) or None
            return True
        if not (ATTRIBUTE.match(text) or (text.startswith("(") and text.endswith(")"))):
            return False
        kr.notes.append(text)
        return True

    def status_children(self, node: Node) -> None:
        """"Status: Achieved" / "Progress: 80%" under a key result: its published progress."""
        objective = self.objective
        if objective is None or not objective.key_results:
            return
        kr = objective.key_results[-1]
        for child in node.children:
            body = clean_node(child, allow_owner=False).text
            m = META.match(body)
            if m and m.group("key").lower() in ("status", "progress", "score", "grade"):
                value = inline.clean(m.group("value"), 0, allow_owner=False)
                kr.status = kr.status or (value.status or value.text.split(".")[0].strip().lower() or None)
                if value.progress is not None:
                    kr.progress = value.progress
                elif kr.status in ("achieved", "done", "complete", "completed"):
                    kr.progress = 1.0

    def item_objective(self, node: Node, c: Cleaned, parent: Objective | None = None) -> None:
        consumed: Node | None = None
        if not c.text:
            consumed = next((n for n in node.children if n.kind in ("para", "item")), None)
            if consumed is None:
                return
            c = clean_node(consumed)
        objective = self.new_objective(c, node if consumed is None else consumed, parent=parent)
        for child in node.children:
            if child is consumed:
                continue
            self.objective = objective  # a nested objective's key results end with it
            if child.kind == "item":
                self.kr_item(child)
            elif child.kind == "para":
                cc = clean_node(child)
                if cc.label == "key_result" and cc.text:
                    self.add_key_result(cc, child)
            elif child.kind == "table":
                self.table(child, "kr")
        self.objective = parent or objective
        if objective.key_results:
            self.closed = objective  # its key results were under it: an unlabelled sibling is not one

    def meta_line(self, node: Node) -> bool:
        """A "Team: X" / "Period: Q3" line, read into the context; True when it was one."""
        meta = META.match(clean_node(node, allow_owner=False).text)
        if meta:
            self.meta(meta.group("key"), meta.group("value"))
        return meta is not None

    def item(self, siblings: list[Node], i: int, mode: str) -> int:
        """An item outside any objective; returns the index of the next sibling to read."""
        node = siblings[i]
        if self.meta_line(node):
            return i + 1
        c = clean_node(node)
        if c.label == "objective":
            self.item_objective(node, c)
            return i + 1
        if c.label == "key_result":
            if not c.text and not node.children:  # "1. **Key Result**" with the text below it
                return self._kr_after_label(siblings, i)
            self.kr_item(node)
            return i + 1
        if c.label == "initiative" or (c.label is None and SECTION_ITEM.match(c.text)):
            if c.label == "initiative":
                self.initiatives(node)
            return i + 1
        if self.objective is not None and self.objective is not self.closed and (
                mode in ("kr", "anchor") or self.labelled):
            self.kr_item(node)
            return i + 1
        if self.labelled:
            return i + 1  # an unlabelled list in a labelled document: not OKRs
        if has_items(node) and not QUESTION_STUB.match(c.text):
            self.objective = None
            self.new_objective(c, node)
            for child in node.children:
                if child.kind == "item":
                    self.kr_item(child)
            self.objective = None
            return i + 1
        if QUESTION_STUB.match(c.text) or PLACEHOLDER.match(c.text):
            return i + 1
        if c.text.lower() in self.heading_texts:
            return i + 1  # a list of what the headings below hold: a table of contents
        if mode == "anchor" or self._sibling_items_are_flat(siblings, i):
            self.add_key_result(c, node)
        return i + 1

    def _sibling_items_are_flat(self, siblings: list[Node], i: int) -> bool:
        """No item among these siblings has sub-items: asked once per list, not once per item
        (a flat list of N key results cost N² when each item looked at all the others)."""
        known = self.flat_lists.get(id(siblings))
        if known is None or known[0] is not siblings:  # the list itself is kept: its id stays its own
            known = self.flat_lists[id(siblings)] = (siblings, not any(
                has_items(n) for n in siblings if n.kind == "item"))
        return known[1]

    def para(self, siblings: list[Node], i: int, mode: str) -> int:
        node = siblings[i]
        if self.meta_line(node):
            return i + 1
        body = clean_node(node, allow_owner=False).text
        c = clean_node(node)
        if not c.text and c.label is None:
            return i + 1
        if not self.okr.objectives and not self.okr.period and c.label is None and (
                OKR_WORDS.search(c.text) or _GOAL_WORDS.search(c.text)):
            # "The OKRs guiding us to the end of 2025 are:", "These are our goals for H1 2027."
            stated = PERIOD_RE.search(c.text)
            if stated:
                self.okr.period = stated.group(0)
        if not self.okr.objectives and not self.okr.period and c.label is None:
            horizon = HORIZON.search(c.text)  # "Short term means the next 90 days (through March 2027)."
            if horizon:
                self.okr.period = horizon.group(0)
        if c.label is None and ((BOLD_ONLY.match(node.body) and _PERIOD_LABEL.fullmatch(c.text.rstrip(":")))
                                or MONTH_LINE.match(c.text)):
            # "**2019 Q4**", "**Draft Q2 2027:**", "November": groups what follows, due then
            self.groups = [*self.container_groups, c.text]
            self.period = c.text
            self.objective = None
            return i + 1
        if c.label == "objective":
            if c.text:
                self.new_objective(c, node)
                return i + 1
            nxt = siblings[i + 1] if i + 1 < len(siblings) else None
            if nxt is not None and nxt.kind in ("para", "item"):
                self.new_objective(clean_node(nxt), nxt)
                return i + 2
            return i + 1
        if c.label == "key_result":
            if c.text:
                self.add_key_result(c, node)
                return i + 1
            return self._kr_after_label(siblings, i)
        nxt_item = i + 1 < len(siblings) and siblings[i + 1].kind == "item"
        if nxt_item and NAMES_OBJECTIVES.search(c.text) and c.text.rstrip().endswith((":", ".")) and \
                not self.labelled:
            # "We set three objectives for Q3:" then a list: the objectives (key results under each)
            j = i + 1
            while j < len(siblings) and siblings[j].kind == "item":
                self.objective = None
                self.item_objective(siblings[j], clean_node(siblings[j]))
                j += 1
            self.objective = None
            return j
        if (OKR_WORDS.search(c.text) and c.text.rstrip().endswith(":")) or re.fullmatch(
                r"(?:the\s+)?okrs?\s*:?", body.strip(), re.I):
            # "OKRs:" / "Our key results:" announce a list of key results with no objective,
            # or, where the items have sub-items, objectives with their key results under them
            j = i + 1
            nested = any(has_items(n) for n in siblings[j:] if n.kind == "item")
            while j < len(siblings) and siblings[j].kind == "item":
                if nested:
                    self.objective = None
                    self.item_objective(siblings[j], clean_node(siblings[j]))
                else:
                    self.add_key_result(clean_node(siblings[j]), siblings[j])
                j += 1
            self.objective = None if nested else self.objective
            return j
        if OKR_WORDS.match(c.text) and ":" in c.text[:20]:
            return i + 1  # "Objectives: qualitative statements" defines, it does not set an objective
        nxt = siblings[i + 1] if i + 1 < len(siblings) else None
        if c.label is None and nxt is not None and nxt.kind == "para" and not nxt.blank_before and \
                is_short(c.text) and not c.text.endswith((".", ":")) and _announces_krs(nxt):
            # "Make deliveries predictable" over "Key results:" and their list: the objective
            self.objective = None
            self.new_objective(c, node)
            return i + 1
        if self.labelled:
            prev = siblings[i - 1] if i > 0 else None
            # "Objective: X" then its key results as plain lines, in one block
            continues = prev is not None and prev.kind == "para" and not node.blank_before and \
                self.objective is not None and self.last_line in (prev.line, prev.line + 0)
            if self.objective is not None and (continues or (mode == "kr" and looks_like_kr(c.text))):
                self.add_key_result(c, node)
                self.last_line = node.line
            return i + 1
        # unlabelled
        marked = self.marked_lines(siblings, i, c)
        if marked is not None:
            return marked
        # "Objective line" followed by its key results (a list, or indented lines)
        if (nxt is not None and nxt.kind == "item" and not nxt.blank_before) or (
                nxt is not None and nxt.kind == "item" and self.para_pattern and is_short(c.text)) or (
                nxt is not None and self._line_over_kr_list(node, c, siblings, i + 1)):
            self.objective = None
            self.new_objective(c, node)
            j = i + 1
            while j < len(siblings) and siblings[j].kind == "item":
                self.kr_item(siblings[j])
                j += 1
            self.objective = None
            return j
        if nxt is not None and nxt.kind == "para" and nxt.indent > node.indent and not nxt.blank_before:
            self.new_objective(c, node)
            j = i + 1
            while j < len(siblings) and siblings[j].kind == "para" and siblings[j].indent > node.indent:
                self.add_key_result(clean_node(siblings[j]), siblings[j])
                j += 1
            self.objective = None
            return j
        # a block of short lines (up to a blank line), the first the objective and some of the
        # others reading as key results
        runs = self._runs(siblings)
        end = runs.end[i]
        if end - i > 1 and runs.first_long[i] >= end and not self.para_pattern and not prose(c.text) \
                and runs.next_kr[i + 1] < end:
            self.new_objective(c, node)
            for n in siblings[i + 1:end]:
                self.add_key_result(clean_node(n), n)
            self.objective = None
            return end
        if self.para_pattern and is_short(c.text) and not c.text.endswith((".", ":")):
            self.new_objective(c, node)
            self.objective = None
        return i + 1

    def _line_over_kr_list(self, node: Node, c: Cleaned, siblings: list[Node], j: int) -> bool:
        """"Become a confident speaker", a blank line, then a list whose items carry numbers: a
        short unlabelled line at the top level over a list of key results is their objective."""
        if node.indent or is_short(c.text, 12) is False or c.text.rstrip().endswith((":", ".")) or \
                prose(c.text) or not re.search(r"[a-z]", c.text):
            return False
        items = []
        while j < len(siblings) and siblings[j].kind == "item":
            items.append(siblings[j])
            j += 1
        counted = sum(1 for n in items if looks_like_kr(clean_node(n).text))
        return bool(items) and counted * 2 >= len(items)

    def marked_lines(self, siblings: list[Node], i: int, c: Cleaned) -> int | None:
        """Unlabelled lines whose marks say what they are; the next index, or None when unmarked.

        "**2019 Q4**" on its own groups what follows; "P1 - Ship it" (a priority) is a key
        result of the unmarked line above it; "Measure: ..." is a note on the key result
        before; an unmarked line followed by owner lines and then a list is an objective.
        """
        node = siblings[i]
        if self.note(c.text.strip("[] ")):
            return i + 1
        j = i + 1
        while j < len(siblings) and siblings[j].kind == "para" and (
                META.match(clean_node(siblings[j], allow_owner=False).text)):
            j += 1
        nxt = siblings[j] if j < len(siblings) else None
        owned_list = nxt is not None and nxt.kind == "item" and j > i + 1
        if priority(c) and not owned_list:
            self.add_key_result(c, node)
            return i + 1
        if prose(c.text) or nxt is None or nxt.kind not in ("para", "item"):
            return None
        if owned_list or (nxt.kind == "para" and priority(clean_node(nxt)) and not priority(c)):
            self.objective = None
            self.new_objective(c, node)
            for k in range(i + 1, j):  # "Owners: ..." between the objective and its list
                meta = META.match(clean_node(siblings[k], allow_owner=False).text)
                if meta:
                    self.meta(meta.group("key"), meta.group("value"))
            while j < len(siblings) and siblings[j].kind == "item":
                self.kr_item(siblings[j])
                j += 1
            return j
        return None

    def _runs(self, siblings: list[Node]) -> _Runs:
        """What the paragraph lines of a list of siblings hold, counted once for the list."""
        known = self.runs.get(id(siblings))
        if known is None or known.siblings is not siblings:  # the list itself is kept: its id stays its own
            known = self.runs[id(siblings)] = _Runs(siblings)
        return known

    def _kr_after_label(self, siblings: list[Node], i: int) -> int:
        """"Key Result" on its own line (or "Key Results:") and the text on the next ones: a
        list, or paragraphs (each one key result while they read as such)."""
        j = i + 1
        if j < len(siblings) and siblings[j].kind == "item":
            while j < len(siblings) and siblings[j].kind == "item":
                self.kr_item(siblings[j])
                j += 1
            return j
        plural = bool(re.search(r"results|krs", siblings[i].body, re.IGNORECASE))
        while j < len(siblings) and siblings[j].kind == "para":
            c = clean_node(siblings[j])
            if c.label is not None or not c.text or (j > i + 1 and not (plural and looks_like_kr(c.text))):
                break
            self.add_key_result(c, siblings[j])
            j += 1
        return j

    # ------------------------------------------------------------------ tables

    def table(self, node: Node, mode: str) -> None:
        from coach.core.tables import read_table_rows

        read_table_rows(self, node, mode)
