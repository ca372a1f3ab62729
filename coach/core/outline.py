"""The outline of a pasted or committed document: headings, list items, paragraphs and tables as a tree.

Why a tree first: whether a line is an objective, a key result, a group heading or a note
depends on what is around it (does it have children that read as key results? is it a
heading that only groups?), so the reader (:mod:`coach.core.reading`) needs the structure
before it decides. This module only finds the structure, the way a markdown renderer would,
and leaves out what never carries OKRs: front matter, code fences, HTML comments and
callouts, block quotes, link definitions, images and rules. Offsets into the original text
are kept for every line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from coach.core.record import Record

if TYPE_CHECKING:
    from collections.abc import Iterator

_HEADING = re.compile(r"^(?P<indent> {0,3})(?P<hashes>#{1,6})(?:[ \t]+(?P<body>.*?))?[ \t]*#*[ \t]*$")
_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>==|[-*+•◦▪‣=↳]|\d{1,3}[.)]|[a-zA-Z][.)]|\(\w{1,3}\))"
                   r"[ \t]+(?P<body>\S.*)$")
_TIGHT_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>-|=)(?P<body>[A-Za-z(\[].*)$")  # "-text", "=text"
_RULE = re.compile(r"^\s{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT = re.compile(r"^\s{0,3}(?P<char>=+|-+)\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_IMAGE_ONLY = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*(?:\*[^*]*\*)?\s*$")
_HTML_ONLY = re.compile(r"^\s*(?:</?[a-zA-Z][^>]*>\s*)+$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|")
_TAB_ROW = re.compile(r"\S\t+\S|\S\t+$")  # cells pasted from a sheet
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
# Blocks whose content is never words: dropped to their closing tag. ("<details>" and
# "<aside>" hold text people read, so only their tags go.)
_BLOCK_START = re.compile(r"^\s*<(style|script)\b", re.IGNORECASE)
_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+")
# "GIP: 3" / "Author: ..." lines opening a document: metadata, like front matter.
_META_LINE = re.compile(r"^\s*[A-Za-z][\w -]{0,24}:\s+\S")
# A line that continues the one above it (a wrapped sentence): it starts in lower case or
# with a bracket, and the line above is long enough to have been wrapped.
_CONTINUES = re.compile(r"^[ \t]*(?:[a-z(≥≤~≈]|\[(?!\s?[xX ]?\])|\\\[|[*_]?#[A-Za-z]|\d(?:\.\d+)?\s*$)")
# "Owner:" with the value on the next line (never a label such as "Key results:", whose next
# lines are what it announces)
_KEY_ONLY = re.compile(r"^(?:owners?|owner\(s\)|leads?|dri|assignees?|contributors?)\s*:$", re.IGNORECASE)
_TAG_LINE = re.compile(r"^\s*(?:[*_]*\[?#[A-Za-z][\w-]*(?:\]\([^)]*\))?[*_]*\s*)+$")
# A line ending mid-phrase ("... consolidation of") or with a bracket left open is cut, not ended.
_CUT = re.compile(r"\b(?:of|and|or|the|a|an|to|in|for|with|by|on|at|from|into|between|using|about|that|"
                  r"which|as|than|such|like|via|including|our|their|its)$", re.IGNORECASE)
WRAP_WIDTH = 60  # an editor wraps near 72-80 columns; a short line is a line of its own
_FRONT_TITLE = re.compile(r"^title\s*:\s*(.+?)\s*$")


def _width(indent: str) -> int:
    return len(indent.replace("\t", "    "))


class Node(Record):
    """One block: a heading, a list item, a paragraph line or a table, with its children."""

    __slots__ = ("kind", "level", "indent", "marker", "body", "start", "line", "blank_before", "children",
                 "rows", "row_lines", "parent")
    kind: str
    level: int
    indent: int
    marker: str
    body: str
    start: int
    line: int
    blank_before: bool
    children: list[Node]
    rows: list[list[tuple[str, int]]]
    row_lines: list[int]  # the line of each row (a table's rule row is not a row)
    parent: Node | None

    def __init__(self, kind: str, level: int = 0, indent: int = 0, marker: str = "", body: str = "",
                 start: int = 0, line: int = 0, blank_before: bool = False,
                 children: list[Node] | None = None, rows: list[list[tuple[str, int]]] | None = None,
                 parent: Node | None = None) -> None:
        self.kind, self.level, self.indent, self.marker, self.body = kind, level, indent, marker, body
        self.start, self.line, self.blank_before = start, line, blank_before
        self.children = children if children is not None else []
        self.rows = rows if rows is not None else []
        self.row_lines: list[int] = []
        self.parent = parent

    def __repr__(self) -> str:  # the tree is recursive: show the line, not the whole subtree
        return f"Node({self.kind}, line {self.line}, {self.body[:40]!r}, {len(self.children)} children)"

    def walk(self) -> list[Node]:
        """This node's descendants, depth first, in document order."""
        return list(self.iter_walk())

    def iter_walk(self) -> Iterator[Node]:
        """``walk`` one node at a time, without recursion: a list nested a thousand items deep
        neither exhausts the stack nor copies each subtree once per level above it."""
        stack = self.children[::-1]
        while stack:
            node = stack.pop()
            yield node
            if node.children:
                stack += node.children[::-1]


def _cells(raw: str, start: int) -> list[tuple[str, int]]:
    """Cells of a pipe or tab table row with the offset of each cell's text."""
    sep = "\t" if "\t" in raw and "|" not in raw else "|"
    out: list[tuple[str, int]] = []
    pos = 0
    parts = raw.split(sep)
    if sep == "|":
        if raw.strip().startswith("|"):
            pos = raw.index("|") + 1
            parts = raw[pos:].split("|")
        if parts and not parts[-1].strip():
            parts = parts[:-1]
    for part in parts:
        lead = len(part) - len(part.lstrip())
        out.append((part.strip(), start + pos + lead))
        pos += len(part) + 1
    return out


class _Builder:
    def __init__(self) -> None:
        self.root = Node("root", level=0)
        self.headings: list[Node] = [self.root]
        self.items: list[Node] = []
        self.last: Node | None = None

    def heading(self, node: Node) -> None:
        while len(self.headings) > 1 and self.headings[-1].level >= node.level:
            self.headings.pop()
        self._attach(self.headings[-1], node)
        self.headings.append(node)
        self.items = []

    def item(self, node: Node) -> None:
        while self.items and self.items[-1].indent >= node.indent:
            self.items.pop()
        self._attach(self.items[-1] if self.items else self.headings[-1], node)
        self.items.append(node)

    def paragraph(self, node: Node) -> None:
        while self.items and self.items[-1].indent >= node.indent:
            self.items.pop()
        self._attach(self.items[-1] if self.items else self.headings[-1], node)

    def table_row(self, cells: list[tuple[str, int]], line: int, blank: bool) -> None:
        last = self.last
        if last is not None and last.kind == "table" and not blank and last.parent is self._container():
            last.rows.append(cells)
            last.row_lines.append(line)
            return
        table = Node("table", line=line, blank_before=blank, rows=[cells], start=cells[0][1] if cells else 0)
        table.row_lines.append(line)
        self._attach(self._container(), table)

    def _container(self) -> Node:
        return self.items[-1] if self.items else self.headings[-1]

    def _attach(self, parent: Node, node: Node) -> None:
        node.parent = parent
        parent.children.append(node)
        self.last = node


def outline(text: str, quotes: bool = False) -> Node:
    """The document as a tree of headings, items, paragraphs and tables (see the module docstring).

    ``quotes`` reads block quotes as if unquoted: the reader asks for it when a document
    holds its OKRs only inside quotes (an article quoting an example set).
    """
    b = _Builder()
    lines = text.splitlines(keepends=True)
    offsets, pos = [], 0
    for raw in lines:
        offsets.append(pos)
        pos += len(raw)
    skip_until: re.Pattern[str] | None = None
    blank = True
    i = 0
    if lines and lines[0].strip() == "---":  # YAML front matter
        end = next((j for j in range(1, len(lines)) if lines[j].strip() in ("---", "...")), None)
        if end is not None:
            title = next((m.group(1) for m in map(_FRONT_TITLE.match, lines[1:end]) if m), None)
            b.root.body = (title or "").strip().strip("'\"")  # the document's title, when it gives one
            i = end + 1
    i = _skip_opening_code(lines, i)
    while i < len(lines):
        raw = lines[i].rstrip("\r\n")
        start = offsets[i]
        number = i + 1
        i += 1
        if quotes and skip_until is None:
            quote = _QUOTE.match(raw)
            if quote:
                raw, start = raw[quote.end():], start + quote.end()
        if skip_until is not None:
            if skip_until.search(raw):
                skip_until = None
            continue
        stripped = raw.strip()
        if not stripped:
            blank = True
            continue
        if _FENCE.match(raw):
            skip_until = re.compile(r"^\s*" + re.escape(_FENCE.match(raw).group(1)))  # type: ignore[union-attr]
            continue
        if stripped.startswith("<!--"):
            if "-->" not in stripped:
                skip_until = re.compile("-->")
            continue
        if stripped.startswith(("{{", "{%")) and stripped.endswith(("}}", "%}")):
            continue  # a site template's tag ("{{template "progress" ...}}"): markup, never text
        block = _BLOCK_START.match(raw)
        if block:
            close = re.compile(rf"</{block.group(1)}\s*>", re.IGNORECASE)
            if not close.search(raw):
                skip_until = close
            continue
        setext = _SETEXT.match(raw)
        if setext and not blank and b.last is not None and b.last.kind == "para" and b.last.parent is b.root:
            para = b.last
            siblings = b.root.children
            if siblings and siblings[-1] is para:  # attached last: no search (nodes compare by value)
                siblings.pop()
            else:
                siblings.remove(para)
            b.heading(Node("heading", level=1 if setext.group("char")[0] == "=" else 2, body=para.body,
                           start=para.start, line=para.line, blank_before=para.blank_before))
            blank = False
            continue
        if (stripped.startswith(">") or _RULE.match(raw) or _LINK_DEF.match(raw) or _IMAGE_ONLY.match(raw)
                or _HTML_ONLY.match(raw)):
            blank = _RULE.match(raw) is not None or blank
            continue
        heading = _HEADING.match(raw)
        if heading and heading.group("body"):
            body = heading.group("body")
            b.heading(Node("heading", level=len(heading.group("hashes")), body=body,
                           start=start + raw.index(body), line=number, blank_before=blank))
            blank = False
            continue
        tab_row = _TAB_ROW.search(raw) is not None or (
            raw.startswith("\t") and b.last is not None and b.last.kind == "table" and not blank)
        if _TABLE_ROW.match(raw) or (tab_row and not _ITEM.match(raw)):
            if not _TABLE_RULE.match(raw):
                b.table_row(_cells(raw, start), number, blank)
            blank = False
            continue
        item = _ITEM.match(raw) or _TIGHT_ITEM.match(raw)
        if item:
            body = item.group("body")
            b.item(Node("item", indent=_width(item.group("indent")), marker=item.group("marker"), body=body,
                        start=start + item.start("body"), line=number, blank_before=blank))
            blank = False
            continue
        if not blank and _continues(b.last, raw):
            _join(b.last, raw, start)  # type: ignore[arg-type]
            continue
        indent = _width(raw[: len(raw) - len(raw.lstrip())])
        b.paragraph(Node("para", indent=indent, body=stripped, start=start + raw.index(stripped), line=number,
                         blank_before=blank))
        blank = False
    return b.root


def _skip_opening_code(lines: list[str], i: int) -> int:
    """Past an indented block opening the document (markdown's code block: "    GIP: 3" headers)."""
    while i < len(lines) and not lines[i].strip():
        i += 1
    j = i
    while j < len(lines) and (lines[j].startswith(("    ", "\t")) and lines[j].strip()):
        j += 1
    if j > i and (j == len(lines) or not lines[j].strip()) and not _ITEM.match(lines[i]):
        return j
    return i


def _continues(last: Node | None, raw: str) -> bool:
    """Whether ``raw`` continues the paragraph or item above it (a sentence wrapped by the editor)."""
    if last is None or last.kind not in ("para", "item"):
        return False
    body = last.body.rstrip()
    if body.count("[") > body.count("]") or body.count("(") > body.count(")") or _KEY_ONLY.match(body):
        return True
    if _TAG_LINE.match(raw):  # "[#wp-performance](...)" under its objective: tags of that line
        return True
    if _CUT.search(body):
        return _CONTINUES.match(raw) is not None or (raw.lstrip()[:1].isupper() and len(body) >= WRAP_WIDTH)
    if last.kind == "item" and body.endswith(",") and raw[:1] in " \t" and len(body) >= 40:
        return True  # "... on web, iOS," / "  Android.": a list wrapped inside the item
    return len(body) >= WRAP_WIDTH and not body.endswith(":") and _CONTINUES.match(raw) is not None


def _join(last: Node, raw: str, start: int) -> None:
    """Extend ``last`` over the wrapped line; what lies between (newline, indent) becomes spaces,
    so the body stays a slice of the original by position and offsets hold."""
    stripped = raw.lstrip()
    content_start = start + (len(raw) - len(stripped))
    gap = content_start - (last.start + len(last.body))
    last.body = last.body + " " * max(gap, 0) + stripped.rstrip()
