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
"""

from __future__ import annotations

import re
from functools import lru_cache

from coach.core import inline
from coach.core.inline import Cleaned
from coach.core.kr_parts import extract_parts
from coach.core.models import KeyResult, Objective, OkrSet
from coach.core.outline import Node

PERIOD_RE = re.compile(r"\b(?:Q[1-4]|H[12]|FY)\s?'?\d{2,4}\b|\b\d{4}\s?[-/ ]?\s?(?:Q[1-4]|H[12])\b"
                       r"|\bQ[1-4]\b|\b(?:19|20)\d{2}\b", re.IGNORECASE)
_OKR_WORDS = re.compile(r"\bOKR'?s?\b|\bobjectives?\b|\bkey\s+results?\b", re.IGNORECASE)
_SKIP = re.compile(
    r"^(?:table\s+of\s+contents?|contents|toc|notes?|okr\s+notes|rationale|why\b|retro(?:spective)?|"
    r"not\s+included|out\s+of\s+scope|ideas|old\s+roadmap|background|context|consequences|status|"
    r"discussions?|alternatives?|appendix|(?:external\s+)?references|key\s+concepts|concepts|definitions|"
    r"glossary|about\b|what\s+(?:is|are)\b|how\s+(?:we|to)\b|process|faq|tracking|final\s+score|scor(?:es|ing)|"
    r"grading|timeframe|time\s+horizon|schedule|strategy|success\s+metrics|key\s+metrics|metrics|team$|"
    r"project\s+overview|north\s+star|milestones|learnings|lessons|comments|transparency|okr\s+ids|"
    r"present$|archive|future|(?:the\s+)?good$|(?:the\s+)?bad$|try$|links?$|resources|questions|"
    r"stakeholders|risks?|dependencies|assumptions|budget|decisions?\s+log|changelog|history)",
    re.IGNORECASE)
_SKIP_ANYWHERE = re.compile(r"\b(?:tracking|grading|initiatives?|timeframe|guidelines)\b", re.IGNORECASE)
_META = re.compile(
    r"^(?P<key>team|owner|owners|period|quarter|timeframe|time\s*frame|cycle|parent(?:\s+objective)?|supports|"
    r"aligns?\s+(?:to|with)|company\s+objective|active\s+from|deadline|kr\s+measurement\s+deadline|due|"
    r"tracked|tracking\s+manager|tracking|scope|weight|confidence|score|final\s+score|status|lead|"
    r"contributors|stakeholders|start|end|timeline|progress|grade|dri|accountable)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE)
_PLACEHOLDER = re.compile(r"^(?:tbd|tbc|todo|n/?a|none|\.\.\.|…|more\s+ideas\??|more\s+detail.*coming\s+soon|"
                          r"(?:team\s+)?to\s+(?:be\s+)?fill(?:ed)?\s+in.*|fill\s+in.*|coming\s+soon)$",
                          re.IGNORECASE)
_TITLE_WORDS = re.compile(r"\bOKR'?s?\b|\bobjectives?\s*(?:&|and)\s*key\s*results?\b|\bobjectives?\b|"
                          r"\bkey\s+results?\b|\bgoals?\b|\bplan\b|\(\s*\)", re.IGNORECASE)
_TITLE_HINT = re.compile(r"\bOKRs?\b|\bplan\b|\bgoals\b", re.IGNORECASE)
_PERSONAL = re.compile(r"^`[^`]+`(?:\s+\(@[\w-]+\))?$|^@[\w-]+$|^[\w .-]+\(@[\w-]+\)$")
_SECTION_ITEM = re.compile(
    r"^(?:why|ideas|notes?|rationale|initiatives?|status|comments|examples?|e\.g\.?|context|background|"
    r"questions|tracking|final\s+score|grading\s+notes|tracking\s+notes|okr\s+notes|risks|dependencies|"
    r"strengths|weaknesses|learnings|next\s+steps|links|resources|references)\b[\w\s-]{0,20}[:?]?$",
    re.IGNORECASE)
_QUESTION_STUB = re.compile(r"^[\w\s'’]{1,25}\?$")


class DocumentError(ValueError):
    """The text holds no objective or key result."""


_CLEANED: dict[tuple[int, int, bool], Cleaned] = {}


def _clean(node: Node, allow_owner: bool = True) -> Cleaned:
    """The node's cleaned text (computed once per node and kind of reading: the reader asks often)."""
    key = (id(node), node.start, allow_owner)
    found = _CLEANED.get(key)
    if found is None:
        if not allow_owner:  # the same as with owners unless an owner prefix was taken off
            with_owner = _clean(node)
            if with_owner.owner is None:
                _CLEANED[key] = with_owner
                return with_owner
        found = inline.clean(node.body, node.start, allow_owner=allow_owner)
        _CLEANED[key] = found
    return found


@lru_cache(maxsize=4096)
def _plain(text: str) -> str:
    """A heading's or value's words without markup (headings are asked about again and again)."""
    return inline.clean(text, 0, allow_owner=False).text


class _Reader:
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

    # ------------------------------------------------------------------ building

    def new_objective(self, c: Cleaned, node: Node, parent: Objective | None = None,
                      implicit: bool = False) -> Objective:
        from coach.core.parsing import ParseError

        if len(self.okr.objectives) >= self.max_objectives:
            raise ParseError(f"more than {self.max_objectives:,} objectives; split the file", node.line)
        span = c.span
        objective = Objective(
            id=f"O{len(self.okr.objectives) + 1}", text=c.text, offset=span.offset, line=node.line,
            owner=c.owner or self.owner, parent=parent.id if parent else None,
            team=_team(self.groups[-1]) if self.groups else None, group=" / ".join(self.groups) or None,
            period=self.period, implicit=implicit, progress=c.progress, tags=list(c.tags),
            positions=None if span.contiguous() else list(span.pos))
        self.okr.objectives.append(objective)
        self.objective = objective
        self.last_line = node.line
        return objective

    def implicit_objective(self, node: Node) -> Objective:
        name = self.groups[-1] if self.groups else "Key results"
        stand_in = inline.Cleaned(inline.Span(f"(no objective stated: {name})", []))
        return self.new_objective(stand_in, node, implicit=True)

    def add_key_result(self, c: Cleaned, node: Node) -> None:
        if not c.text or _PLACEHOLDER.match(c.text) or (c.label == "key_result" and c.plural):
            return  # "Key Results: Martin and Bedeho" names who, "Key Results: 3-5 ..." defines
        objective = self.objective or self.implicit_objective(node)
        self.last_line = node.line
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
        elif key in ("period", "quarter", "timeframe", "time frame", "cycle"):
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
        self.para_pattern = any(_para_with_list(n) for n in root.walk() if n.kind == "para")
        # Heading levels where a heading over a flat list reads as an objective: the other
        # headings of that level are objectives too, even where their items have sub-items.
        self.objective_levels = {h.level for h in root.walk()
                                 if h.kind == "heading" and _flat_list_heading(h)}
        self.container(root, mode="top")
        self.okr.groups = list(dict.fromkeys(o.group for o in self.okr.objectives if o.group))
        resolve_parents(self.okr)
        return self.okr

    def container(self, node: Node, mode: str) -> None:
        """The children of a heading (or of the root) in order."""
        children = node.children
        saved_sticky, saved_groups, self.sticky = self.sticky, list(self.groups), None
        i = 0
        while i < len(children):
            child = children[i]
            if child.kind == "heading":
                before = self.sticky
                self.heading(child)
                if self.sticky is not None and self.sticky != before:
                    self.groups = [*saved_groups, self.sticky]
                    if _PERSONAL.match(self.sticky):  # "## `Bedeho` (@bedeho)": a person's OKRs follow
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
        self.sticky, self.groups = saved_sticky, saved_groups
        if saved_sticky is None and self.owner is not None and _PERSONAL.match(self.owner or ""):
            self.owner = None

    def heading(self, h: Node) -> None:
        c = _clean(h, allow_owner=False)
        text = c.text
        first = not self.seen_heading
        self.seen_heading = True
        if not text and c.label is None:
            return
        if c.label is None and not h.children and not _SKIP.match(text) and not first:
            self.sticky = text  # "## `Bedeho`" then "## Objective: ...": an owner heading over its siblings
            return
        if c.label is None and (_SKIP.match(text) or (_SKIP_ANYWHERE.search(text)
                                                       and not _OKR_WORDS.search(text))):
            if re.search(r"\binitiatives?\b", text, re.I):
                self.initiatives(h)
            return
        if c.label == "initiative":
            self.initiatives(h)
            return
        if c.label == "objective":
            self.objective_heading(h, c)
            return
        if c.label == "key_result":
            if c.text and not h.children:
                self.add_key_result(c, h)
            else:
                self.key_result_section(h)
            return
        meta = _META.match(text)
        if meta:
            self.meta(meta.group("key"), meta.group("value"))
            self.container(h, mode="top")
            return
        if h.level == 1 and first and _title_like(text):
            self.title(text)
            self.container(h, mode="top")
            return
        if not self.labelled and _objective_heading(h, text, h.level in self.objective_levels):
            self.objective = None
            self.new_objective(c, h)
            self.kr_children(h)
            return
        self.group(h, text)

    def title(self, text: str) -> None:
        self.okr.title = text
        period = PERIOD_RE.search(text)
        if period and not self.okr.period:
            self.okr.period = period.group(0)
        if not re.search(r"[—–:|·]|\s-\s", text) or self.okr.team:
            return  # "World Changing OKRs" names no team; "Q3 OKRs — Payments" does
        parts = re.split(r"[—–:|·]|\s-\s", text)
        names = [re.sub(r"['’]s$", "", PERIOD_RE.sub("", _TITLE_WORDS.sub("", p)).strip(" -—–:|,()·"))
                 for p in parts]
        names = [n for n in names if len(n) > 2]
        if names:
            about_okrs = _TITLE_WORDS.search(parts[0]) or PERIOD_RE.search(parts[0])
            self.okr.team = names[-1] if about_okrs else names[0]

    def group(self, h: Node, text: str) -> None:
        saved = (list(self.groups), self.period, self.owner, self.objective)
        depth = self._group_depth(h)
        self.groups = [*self.groups[:depth], text]
        period = PERIOD_RE.search(text)
        if period:
            self.period = period.group(0)
        if _PERSONAL.match(text):
            self.owner = text.strip("`").split(" (")[0]
        role = _ROLE.match(text)
        if role and inline.owner_prefix(role.group("who") + ": x") is not None:
            self.owner = role.group("who")  # "Product (VP Product)": the team, then its owner
        self.objective = None
        self.container(h, mode="group")
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
            c = _clean(consumed)
        parent = self._heading_parent(h)
        objective = self.new_objective(c, h if consumed is None else consumed, parent=parent)
        self.by_heading[id(h)] = objective
        rest = [n for n in h.children if n is not consumed]
        self.kr_children(h, rest, after_text=consumed is not None)
        self.objective = objective

    def _heading_parent(self, h: Node) -> Objective | None:
        """The objective of the nearest enclosing objective heading (a company -> team tree)."""
        node = h.parent
        while node is not None:
            if id(node) in self.by_heading:
                return self.by_heading[id(node)]
            node = node.parent
        return None

    def kr_children(self, node: Node, children: list[Node] | None = None, after_text: bool = False) -> None:
        """What follows an objective: its key results (lists, tables, KR labels), notes left out."""
        for child in children if children is not None else node.children:
            if child.kind == "heading":
                self.heading(child)
            elif child.kind == "table":
                self.table(child, "kr")
            elif child.kind == "item":
                self.kr_item(child)
            elif child.kind == "para":
                c = _clean(child)
                meta = _META.match(_clean(child, allow_owner=False).text)
                if meta and c.label is None:
                    self.meta(meta.group("key"), meta.group("value"))
                elif c.label in ("key_result",):
                    self.add_key_result(c, child) if c.text else None
                elif c.label == "objective" and c.text:
                    self.new_objective(c, child)

    def key_result_section(self, h: Node) -> None:
        """"Key Results" as a heading: lists, tables and themed sub-headings under it are key results."""
        for child in h.children:
            if child.kind == "heading":
                c = _clean(child, allow_owner=False)
                if c.label is None and (_SKIP.match(c.text) or _SKIP_ANYWHERE.search(c.text)):
                    continue
                if c.label == "objective":
                    self.heading(child)
                else:
                    self.key_result_section(child)  # a theme inside the key results
            elif child.kind == "table":
                self.table(child, "kr")
            elif child.kind == "item":
                self.kr_item(child)
            elif child.kind == "para":
                c = _clean(child)
                loose = c.label is None and child.indent == 0 and not child.blank_before
                if (c.label == "key_result" and c.text) or (loose and c.text and _looks_like_kr(c.text)):
                    self.add_key_result(c, child)

    def initiatives(self, node: Node) -> None:
        """An "Initiatives" section or item: kept beside the objective's key results."""
        if self.objective is None:
            return
        own = inline.clean(node.body, node.start, allow_owner=False)
        if node.kind in ("item", "para") and own.text:
            self.objective.initiatives.append(own.text)
        for child in node.walk():
            if child.kind in ("item", "para"):
                text = _clean(child).text
                if text:
                    self.objective.initiatives.append(text)

    # ------------------------------------------------------------------ items and lines

    def kr_item(self, node: Node) -> None:
        """An item in a key-result position."""
        body = _clean(node, allow_owner=False).text
        meta = _META.match(body)
        if meta:
            self.meta(meta.group("key"), meta.group("value"))
            return
        c = _clean(node)
        if c.label is None and _SECTION_ITEM.match(c.text):
            return
        if c.label == "initiative":
            self.initiatives(node)
            return
        if c.label == "objective":
            parent = self.objective
            self.item_objective(node, c, parent)
            return
        if c.label == "key_result" and _has_items(node) and (c.plural or not c.text):
            for child in node.children:  # "Key results:" with the key results under it
                if child.kind == "item":
                    self.kr_item(child)
            return
        first_para = next((n for n in node.children if n.kind == "para"), None)
        if c.label == "key_result" and (not c.text or (first_para is not None and not c.plural)):
            # "**Key Result**" or "**KR1 — Title**" with the key result itself on the next line
            text_node = first_para or next((n for n in node.children if n.kind == "item"), None)
            if text_node is not None:
                self.add_key_result(_clean(text_node), text_node)
                self._status_children(node)
            return
        self.add_key_result(c, node)
        self._status_children(node)

    def _status_children(self, node: Node) -> None:
        """"Status: Achieved" / "Progress: 80%" under a key result: its published progress."""
        objective = self.objective
        if objective is None or not objective.key_results:
            return
        kr = objective.key_results[-1]
        for child in node.children:
            body = _clean(child, allow_owner=False).text
            m = _META.match(body)
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
            c = _clean(consumed)
        objective = self.new_objective(c, node if consumed is None else consumed, parent=parent)
        for child in node.children:
            if child is consumed:
                continue
            self.objective = objective  # a nested objective's key results end with it
            if child.kind == "item":
                self.kr_item(child)
            elif child.kind == "para":
                cc = _clean(child)
                if cc.label == "key_result" and cc.text:
                    self.add_key_result(cc, child)
            elif child.kind == "table":
                self.table(child, "kr")
        self.objective = parent or objective

    def item(self, siblings: list[Node], i: int, mode: str) -> int:
        """An item outside any objective; returns the index of the next sibling to read."""
        node = siblings[i]
        body = _clean(node, allow_owner=False).text
        meta = _META.match(body)
        if meta:
            self.meta(meta.group("key"), meta.group("value"))
            return i + 1
        c = _clean(node)
        if c.label == "objective":
            self.item_objective(node, c, parent=self._nesting_parent(node))
            return i + 1
        if c.label == "key_result":
            if not c.text and not node.children:  # "1. **Key Result**" with the text below it
                return self._kr_after_label(siblings, i)
            self.kr_item(node)
            return i + 1
        if c.label == "initiative" or (c.label is None and _SECTION_ITEM.match(c.text)):
            if c.label == "initiative":
                self.initiatives(node)
            return i + 1
        if self.objective is not None and (mode in ("kr", "anchor") or self.labelled):
            self.kr_item(node)
            return i + 1
        if self.labelled:
            return i + 1  # an unlabelled list in a labelled document: not OKRs
        if _has_items(node) and not _QUESTION_STUB.match(c.text):
            self.objective = None
            self.new_objective(c, node)
            for child in node.children:
                if child.kind == "item":
                    self.kr_item(child)
            self.objective = None
            return i + 1
        if _QUESTION_STUB.match(c.text) or _PLACEHOLDER.match(c.text):
            return i + 1
        if mode == "anchor" or self._sibling_items_are_flat(siblings, i):
            self.add_key_result(c, node)
        return i + 1

    def _nesting_parent(self, node: Node) -> Objective | None:
        return None

    @staticmethod
    def _sibling_items_are_flat(siblings: list[Node], i: int) -> bool:
        items = [n for n in siblings if n.kind == "item"]
        return not any(_has_items(n) for n in items)

    def para(self, siblings: list[Node], i: int, mode: str) -> int:
        node = siblings[i]
        body = _clean(node, allow_owner=False).text
        meta = _META.match(body)
        if meta:
            self.meta(meta.group("key"), meta.group("value"))
            return i + 1
        c = _clean(node)
        if not c.text and c.label is None:
            return i + 1
        if c.label == "objective":
            if c.text:
                self.new_objective(c, node)
                return i + 1
            nxt = siblings[i + 1] if i + 1 < len(siblings) else None
            if nxt is not None and nxt.kind in ("para", "item"):
                self.new_objective(_clean(nxt), nxt)
                return i + 2
            return i + 1
        if c.label == "key_result":
            if c.text:
                self.add_key_result(c, node)
                return i + 1
            return self._kr_after_label(siblings, i)
        if (_OKR_WORDS.search(c.text) and c.text.rstrip().endswith(":")) or re.fullmatch(
                r"(?:the\s+)?okrs?\s*:?", body.strip(), re.I):
            # "OKRs:" / "Our key results:" announce a list of key results with no objective
            j = i + 1
            while j < len(siblings) and siblings[j].kind == "item":
                self.add_key_result(_clean(siblings[j]), siblings[j])
                j += 1
            return j
        if _OKR_WORDS.match(c.text) and ":" in c.text[:20]:
            return i + 1  # "Objectives: qualitative statements" defines, it does not set an objective
        following = [n for n in siblings[i + 1:]]
        nxt = following[0] if following else None
        if self.labelled:
            prev = siblings[i - 1] if i > 0 else None
            # "Objective: X" then its key results as plain lines, in one block
            continues = prev is not None and prev.kind == "para" and not node.blank_before and \
                self.objective is not None and self.last_line in (prev.line, prev.line + 0)
            if self.objective is not None and (continues or (mode == "kr" and _looks_like_kr(c.text))):
                self.add_key_result(c, node)
                self.last_line = node.line
            return i + 1
        # unlabelled: "Objective line" followed by its key results (a list, or indented lines)
        if (nxt is not None and nxt.kind == "item" and not nxt.blank_before) or (
                nxt is not None and nxt.kind == "item" and self.para_pattern and _short(c.text)):
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
                self.add_key_result(_clean(siblings[j]), siblings[j])
                j += 1
            self.objective = None
            return j
        block = self._plain_block(siblings, i)
        if len(block) > 1 and all(_short(_clean(n).text, 25) for n in block) and not self.para_pattern \
                and any(_looks_like_kr(_clean(n).text) for n in block[1:]):
            self.new_objective(c, node)
            for n in block[1:]:
                self.add_key_result(_clean(n), n)
            self.objective = None
            return i + len(block)
        if self.para_pattern and _short(c.text) and not c.text.endswith((".", ":")):
            self.new_objective(c, node)
            self.objective = None
        return i + 1

    @staticmethod
    def _plain_block(siblings: list[Node], i: int) -> list[Node]:
        """Paragraph lines from ``i`` up to the next blank line (a blank-line-separated block)."""
        block = [siblings[i]]
        for n in siblings[i + 1:]:
            if n.kind != "para" or n.blank_before or n.indent != siblings[i].indent:
                break
            block.append(n)
        return block

    def _kr_after_label(self, siblings: list[Node], i: int) -> int:
        """"Key Result" on its own line (or "Key Results:") and the text on the next ones."""
        j = i + 1
        if j < len(siblings) and siblings[j].kind == "item":
            while j < len(siblings) and siblings[j].kind == "item":
                self.kr_item(siblings[j])
                j += 1
            return j
        if j < len(siblings) and siblings[j].kind == "para":
            c = _clean(siblings[j])
            if c.label is None:
                self.add_key_result(c, siblings[j])
                return j + 1
        return j

    # ------------------------------------------------------------------ tables

    def table(self, node: Node, mode: str) -> None:
        from coach.core.tables import read_table_rows

        read_table_rows(self, node, mode)


def _has_items(node: Node) -> bool:
    return any(c.kind == "item" for c in node.children)


def _short(text: str, words: int = 16) -> bool:
    return len(text.split()) <= words


def _looks_like_kr(text: str) -> bool:
    return bool(re.search(r"\d", text)) and _short(text, 40)


def _title_like(text: str) -> bool:
    return bool(_TITLE_HINT.search(text) or PERIOD_RE.search(text) or _OKR_WORDS.search(text))


def _para_with_list(node: Node) -> bool:
    parent = node.parent
    if parent is None or node.indent:
        return False
    siblings = parent.children
    k = siblings.index(node)
    nxt = siblings[k + 1] if k + 1 < len(siblings) else None
    return nxt is not None and nxt.kind == "item" and not nxt.blank_before and nxt.indent <= 2 \
        and _clean(node).label is None and not node.body.rstrip().endswith(":")


def _flat_list_heading(h: Node) -> bool:
    """A heading over a list of items without sub-items (and no sub-headings)."""
    text = _plain(h.body)
    if _OKR_WORDS.search(text) or PERIOD_RE.fullmatch(text.strip()) or _PERSONAL.match(text):
        return False
    items = [c for c in h.children if c.kind == "item"]
    return bool(items) and not any(c.kind == "heading" for c in h.children) \
        and not any(map(_has_items, items))


def _objective_heading(h: Node, text: str, objective_level: bool) -> bool:
    """In an unlabelled document, a heading over a list reads as an objective when its list is
    flat, or when other headings of its level are objectives over flat lists."""
    if _OKR_WORDS.search(text) or PERIOD_RE.fullmatch(text.strip()) or _PERSONAL.match(text):
        return False
    items = [c for c in h.children if c.kind == "item"]
    if not items or any(c.kind == "heading" for c in h.children):
        return False
    return objective_level or not any(map(_has_items, items))


_DOING = frozenset("""launch build ship hire write run create publish implement release deliver complete
finish migrate design redesign roll introduce establish define automate improve enhance optimise optimize
make win sign close""".split())


def _kr_verb(text: str) -> bool:
    """Starts the way key results (good or task-like) do: "Raise ...", "Launch ...", "Win ..."."""
    from coach.core.kr_parts import leading_verb

    first = text.split(" ", 1)[0].lower()
    return leading_verb(text) is not None or first in _DOING


def _names_okrs(root: Node) -> bool:
    """Whether any heading or line of the document speaks of OKRs, objectives or key results."""
    return any(_OKR_WORDS.search(n.body) for n in root.walk() if n.kind in ("heading", "para", "item"))


def _labels(root: Node) -> bool:
    """Whether the document names its objectives or key results anywhere it could mean it."""
    found = 0
    for node in root.walk():
        if node.kind in ("heading", "item", "para"):
            c = _clean(node, allow_owner=False)
            counts = c.label == "objective" or (c.label == "key_result" and (
                not c.plural or not c.text or _has_items(node)))
            if counts and _in_okr_section(node):
                found += 1
    return found > 0


def _in_okr_section(node: Node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.kind == "heading":
            text = _plain(parent.body)
            if _SKIP.match(text):
                return False
        parent = parent.parent
    return True


def _anchors(root: Node) -> list[Node]:
    """Headings that name an OKR section ("## OKRs", "Community 2022-Q1 OKRs", "Objectives for Q3")."""
    return [n for n in root.walk() if n.kind == "heading" and _OKR_WORDS.search(_plain(n.body))
            and not _SKIP.match(_plain(n.body)) and n.level > 1]


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


_ROLE = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<who>[^()]{2,40})\)\s*$")


def _team(group: str) -> str:
    """The team a group heading names: "Product (VP Product)" is Product; "Q1 2020" is no team."""
    role = _ROLE.match(group)
    name = role.group("name").strip() if role else group
    return name


def resolve_parents(okr: OkrSet) -> None:
    """"Parent: O1" or "Parent: <objective text>" becomes that objective's id where one matches."""
    ids = {o.id for o in okr.objectives}
    for objective in okr.objectives:
        ref = objective.parent
        if not ref or (ref in ids and ref != objective.id):
            continue
        wanted = ref.strip().lower()
        match = next((o for o in okr.objectives if o is not objective and wanted and (
            o.text.lower() == wanted or o.text.lower().startswith(wanted))), None)
        if match is not None:
            objective.parent = match.id


_TOC_ENTRY = re.compile(r"^\s*\[[^\]]*\]\(#[^)]*\)\s*$")


def _release_from_skipped(node: Node) -> None:
    """A section left out (a table of contents, notes) ends where labelled OKRs start again.

    Markdown has no end to a section but the next heading, so "## Contents" followed by a
    link list and then "**Objective 1:** ..." would otherwise swallow the objectives.
    """
    for child in list(node.children):
        if child.kind != "heading":
            _release_from_skipped(child)
            continue
        text = _plain(child.body)
        if _SKIP.match(text):
            for k, grand in enumerate(child.children):
                if grand.kind in ("para", "item") and grand.indent == 0 and not _TOC_ENTRY.match(grand.body) \
                        and _clean(grand).label == "objective":
                    moved = child.children[k:]
                    child.children = child.children[:k]
                    at = node.children.index(child) + 1
                    for m in moved:
                        m.parent = node
                    node.children[at:at] = moved
                    break
        _release_from_skipped(child)


def read_document(root: Node, max_objectives: int) -> OkrSet:
    """The OKR set a document holds (see the module docstring); DocumentError when there is none."""
    _CLEANED.clear()
    _release_from_skipped(root)
    labelled = _labels(root)
    if not labelled:
        _prune_to_anchors(root)
    reader = _Reader(labelled, max_objectives)
    try:
        okr = reader.read(root)
    finally:
        _CLEANED.clear()
    if okr.objectives and not labelled and not _names_okrs(root):
        # Nothing says these are OKRs, so their shape must: key results that measure something.
        krs = [k.text for o in okr.objectives for k in o.key_results]
        if not krs or sum(1 for k in krs if _looks_like_kr(k) or _kr_verb(k)) < len(krs) / 2:
            okr.objectives = []
    if not okr.objectives:
        raise DocumentError("no objectives or key results found; write 'Objective: ...' lines (or headings) "
                            "with key results as bullets beneath them")
    return okr
