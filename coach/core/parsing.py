"""Turn what people paste into an OkrSet: markdown, bullets, labels, tables, JSON, YAML, CSV.

Why this is only a dispatcher: structured input (JSON, YAML) is read by key; everything
else (markdown, plain lines, pasted sheets, CSV) goes through one outline
(:mod:`coach.core.outline`) and one reader (:mod:`coach.core.reading`), which decides what
each line is from the structure around it. Each item keeps where its text sits in the
original input, so findings point at the exact words; what cannot be read gets a one-line
reason naming the line where reading stopped.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from coach.core import limits
from coach.core.gc_pause import gc_paused
from coach.core.kr_parts import extract_parts
from coach.core.limits import MAX_INPUT_CHARS, MAX_ITEM_CHARS, MAX_OBJECTIVES
from coach.core.models import KeyResult, Objective, OkrSet

__all__ = ["MAX_INPUT_CHARS", "MAX_ITEM_CHARS", "MAX_OBJECTIVES", "ParseError", "check_text",
           "decode_bytes", "parse", "parse_structured", "parse_text"]


class ParseError(ValueError):
    """Input that cannot be reviewed; ``line`` is where reading stopped (1-based) when known."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        self.reason = reason
        self.line = line
        super().__init__(f"line {line}: {reason}" if line else reason)


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def check_text(text: str) -> None:
    """Reject input no review can come from: empty, binary, oversized, absurdly long lines."""
    if not text.strip():
        raise ParseError("input is empty; paste objectives and key results")
    limit = limits.current().chars
    if len(text) > limit:
        raise ParseError(f"input is {len(text):,} characters; the limit is {limit:,} "
                         "(review one team's OKRs at a time)")
    sample = text[:4096]
    control = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f")
    if "\x00" in sample or control > len(sample) * 0.05:
        raise ParseError("input looks binary, not text")
    surrogate = _SURROGATE.search(text)
    if surrogate:  # only reachable from JSON strings ("\ud800"): no encoder downstream takes one
        raise ParseError("the input holds an invalid character (a lone surrogate, written \\ud800 and "
                         "the like); remove it", text[: surrogate.start()].count("\n") + 1)


def decode_bytes(data: bytes) -> str:
    """Decode uploaded bytes as UTF-8 (BOM allowed); anything else is refused with a reason."""
    if b"\x00" in data[:4096]:
        raise ParseError("input looks binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(f"input is not UTF-8 text (byte {exc.start})", line) from None


def parse(text: str, fmt: str | None = None) -> OkrSet:
    """Parse a draft. ``fmt`` forces "json", "yaml", "csv" or "text"; otherwise the shape is detected."""
    check_text(text)
    with gc_paused(len(text) > 50_000):
        okr = _parse(text, fmt)
    most = limits.current().objectives
    if len(okr.objectives) > most:  # every shape, tables and CSV included
        extra = okr.objectives[most]
        raise ParseError(f"more than {most:,} objectives; split the file (or raise OKR_COACH_MAX_OBJECTIVES)",
                         extra.line)
    return okr


def _parse(text: str, fmt: str | None) -> OkrSet:
    stripped = text.lstrip()
    if fmt == "json" or (fmt is None and stripped[:1] in "{["):
        from coach.core.structured import StructureError, load_json

        try:
            data = load_json(text)
        except StructureError as exc:
            raise ParseError(exc.reason, exc.line) from None
        except json.JSONDecodeError as exc:
            if fmt == "json" or stripped[:1] == "{":
                raise ParseError(f"invalid JSON: {exc.msg}", exc.lineno) from None
        else:
            return parse_structured(data)
    if fmt == "yaml" or (fmt is None and re.search(r"^objectives\s*:", text, re.MULTILINE)):
        data = _load_yaml(text, strict=fmt == "yaml")
        if data is not None:
            return parse_structured(data)
    if fmt == "csv" or (fmt is None and _looks_like_csv(text)):
        return _parse_csv(text)
    return parse_text(text)


def _load_yaml(text: str, strict: bool) -> Any:
    import yaml

    from coach.core.structured import StructureError, load_yaml

    try:
        data = load_yaml(text)
    except StructureError as exc:
        raise ParseError(exc.reason, exc.line) from None
    except yaml.YAMLError as exc:
        if not strict:
            return None
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        position = getattr(exc, "position", None)  # a ReaderError: a character YAML never takes
        if line is None and isinstance(position, int):
            line = text[:position].count("\n") + 1
        # one line: the problem without the excerpt and caret YAML adds below it
        problem = getattr(exc, "problem", None) or (str(exc).splitlines() or ["unreadable"])[0]
        raise ParseError(f"invalid YAML: {problem}", line) from None
    if isinstance(data, dict) and "objectives" in data:
        return data
    if strict:
        raise ParseError("YAML input has no 'objectives' list")
    return None


def parse_structured(data: Any) -> OkrSet:
    """The structured shape of design section 3, with a reason for every wrong turn."""
    if isinstance(data, list):
        data = {"objectives": data}
    if not isinstance(data, dict):
        raise ParseError("structured input must be an object with an 'objectives' list")
    objectives = data.get("objectives")
    if not isinstance(objectives, list) or not objectives:
        raise ParseError("structured input needs a non-empty 'objectives' list")
    okr = OkrSet(source="structured", team=_opt_str(data, "team"), owner=_opt_str(data, "owner"),
                 period=_opt_str(data, "period") or _opt_str(data, "quarter"))
    parents = data.get("parents") or data.get("parent_objectives") or []
    okr.parents = [str(p.get("title", p) if isinstance(p, dict) else p) for p in parents] \
        if isinstance(parents, list) else [str(parents)]
    most = limits.current().objectives
    if len(objectives) > most:
        raise ParseError(f"more than {most:,} objectives; split the file")
    for i, item in enumerate(objectives):
        where = f"objectives[{i}]"
        if isinstance(item, str):
            item = {"title": item}
        if not isinstance(item, dict):
            raise ParseError(f"{where} must be an object with a 'title'")
        title = item.get("title", item.get("objective", item.get("text")))
        if not isinstance(title, str) or not title.strip():
            raise ParseError(f"{where} has no 'title' text")
        _check_item_length(title.strip(), where)
        objective = Objective(id=f"O{i + 1}", text=title.strip(), owner=_opt_str(item, "owner"),
                              parent=_opt_str(item, "parent"), team=_opt_str(item, "team") or okr.team,
                              period=_opt_str(item, "period"))
        krs = item.get("key_results", item.get("krs", []))
        if not isinstance(krs, list):
            raise ParseError(f"{where}.key_results must be a list")
        for j, kr in enumerate(krs):
            kr_where = f"{where}.key_results[{j}]"
            kr_text = kr.get("text", kr.get("title")) if isinstance(kr, dict) else kr
            if not isinstance(kr_text, str) or not kr_text.strip():
                raise ParseError(f"{kr_where} must be text or an object with 'text'")
            _check_item_length(kr_text.strip(), kr_where)
            fields = kr if isinstance(kr, dict) else {}
            objective.key_results.append(KeyResult(
                id=f"{objective.id}.KR{j + 1}", text=kr_text.strip(), owner=_opt_str(fields, "owner"),
                parts=extract_parts(kr_text.strip()), team=_opt_str(fields, "team") or objective.team,
                progress=_opt_fraction(fields, "progress"), status=_opt_str(fields, "status")))
        initiatives = item.get("initiatives", [])
        if isinstance(initiatives, list):
            objective.initiatives = [str(x) for x in initiatives]
        okr.objectives.append(objective)
    from coach.core.document import resolve_parents

    resolve_parents(okr)
    return okr


def _opt_fraction(data: dict[str, Any], key: str) -> float | None:
    """A progress value as 0..1: 0.7, "70%" and 70 all mean the same; anything else is ignored."""
    value = data.get(key)
    try:
        number = float(str(value).strip().rstrip("%")) if value is not None and not isinstance(value, bool) \
            else None
    except ValueError:
        return None
    if number is None:
        return None
    if (isinstance(value, str) and value.strip().endswith("%")) or number > 1:
        number /= 100
    return number if 0 <= number <= 2 else None


def _opt_str(data: Any, key: str) -> str | None:
    value = data.get(key) if isinstance(data, dict) else None
    return str(value).strip() if value not in (None, "") else None


def _check_item_length(text: str, where: str, line: int | None = None) -> None:
    if len(text) > MAX_ITEM_CHARS:
        raise ParseError(f"{where} is {len(text):,} characters long; an objective or key result "
                         f"should be a sentence (limit {MAX_ITEM_CHARS:,})", line)


def _looks_like_csv(text: str) -> bool:
    first = text.lstrip().splitlines()[0].lower() if text.strip() else ""
    return "," in first and "objective" in first and ("key" in first or "kr" in first)


def _split_csv(line: str) -> list[str]:
    return next(csv.reader(io.StringIO(line)), [])


def _check_lines(text: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line.strip()) > MAX_ITEM_CHARS:
            _check_item_length(line.strip(), "this line", number)


def parse_text(text: str) -> OkrSet:
    """Markdown, plain lines, pasted sheets: the outline read as an OKR document."""
    from coach.core.document import DocumentError, read_document
    from coach.core.outline import outline

    _check_lines(text)
    try:
        try:
            okr = read_document(outline(text), limits.current().objectives)
        except DocumentError:
            if not re.search(r"^[ \t]{0,3}>", text, re.MULTILINE):
                raise
            # An article quoting its example OKRs: the quotes are the document.
            okr = read_document(outline(text, quotes=True), limits.current().objectives)
    except DocumentError as exc:
        last = next((n for n, line in reversed(list(enumerate(text.splitlines(), 1))) if line.strip()), None)
        raise ParseError(str(exc), last) from None
    except RecursionError:
        # the reader follows labelled items into each other ("- Objective: ..." under "- Objective:
        # ...", hundreds deep); a draft nests a few levels, so this is no draft to review
        depth, line = _nesting(outline(text))
        if depth < 100:
            raise  # not the input's depth: a bug, reported as one
        raise ParseError(f"the lists are nested {depth:,} levels deep; an OKR draft needs a few", line) \
            from None
    for objective in okr.objectives:
        _check_item_length(objective.text, "an objective", objective.line)
        for kr in objective.key_results:
            _check_item_length(kr.text, "a key result", kr.line)
    return okr


def _nesting(root: Any) -> tuple[int, int | None]:
    """How deep the outline's items nest, and the line of the first item that deep."""
    best, line = 0, None
    stack = [(child, 1) for child in reversed(root.children)]
    while stack:
        node, depth = stack.pop()
        if depth > best:
            best, line = depth, node.line
        stack += [(child, depth + 1) for child in reversed(node.children)]
    return best, line


def _parse_csv(text: str) -> OkrSet:
    """CSV: the rows as a table, read like a pasted sheet."""
    from coach.core.document import DocumentError
    from coach.core.outline import Node
    from coach.core.reading import Reader

    rows: list[list[tuple[str, int]]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        cells, at = [], pos
        line = raw.rstrip("\r\n")
        try:
            split = _split_csv(line)
        except csv.Error as exc:  # a field over the csv module's limit, a stray NUL
            raise ParseError(f"this CSV row cannot be read ({exc})", text[:pos].count("\n") + 1) from None
        for cell in split:
            if len(cell) > MAX_ITEM_CHARS:  # as for a pasted line: one cell is one sentence
                _check_item_length(cell.strip(), "this CSV cell", text.count("\n", 0, pos) + 1)
            index = line.find(cell, at - pos) if cell else -1
            cells.append((cell, pos + index if index >= 0 else at))
            if index >= 0:
                at = pos + index + len(cell)
        if any(c.strip() for c, _ in cells):
            rows.append(cells)
        pos += len(raw)
    if not any(len(row) >= 2 for row in rows):
        raise ParseError("CSV input needs at least two columns (objective, key result)", 1)
    reader = Reader(labelled=True, max_objectives=limits.current().objectives)
    reader.table(Node("table", rows=rows, line=1), "kr_plain")
    if not reader.okr.objectives:
        raise ParseError(str(DocumentError("the table has no objective column with text")))
    return reader.okr
