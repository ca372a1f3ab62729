"""Turn what people paste into an OkrSet: markdown, bullets, labels, tables, JSON, YAML, CSV.

Why line-based and forgiving: drafts arrive from chat, docs and spreadsheets in
every shape. Each item keeps the character offset of its text in the original
input, so findings can point at the exact words. What cannot be read gets a
one-line reason naming the line where reading stopped.
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


BULLET_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>[-*•◦▪‣+]|\d{1,3}[.)]|[a-zA-Z][.)]|\(\w{1,3}\))"
                       r"\s+(?P<body>.*)$")
HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<body>.*?)\s*#*\s*$")
OBJECTIVE_LABEL_RE = re.compile(
    r"^(?:\*\*)?(?:objective|obj\.?|goal)\s*#?\s*(?:\d+)?(?:\*\*)?\s*[:.)\-–—]\s*(?:\*\*)?(?P<body>.+)$"
    r"|^(?:\*\*)?O\s?\d{1,3}(?:\*\*)?\s*[:.)\-–—]?\s+(?P<body2>.+)$",
    re.IGNORECASE,
)
KR_LABEL_RE = re.compile(
    r"^(?:\*\*)?(?:O\s?\d{1,3}\s*[./]?\s*)?(?:KR|key\s*results?)\s*#?\s*(?:\d{1,3}(?:\.\d{1,3})?)?"
    r"(?:\*\*)?\s*[:.)\-–—]?\s+(?P<body>.+)$",
    re.IGNORECASE,
)
INITIATIVE_LABEL_RE = re.compile(r"^(?:initiative|task|project|action)s?\s*\d*\s*[:\-–—]\s*(?P<body>.+)$",
                                 re.IGNORECASE)
META_RE = re.compile(
    r"^(?P<key>team|owner|period|quarter|timeframe|time\s*frame|cycle|parent(?:\s+objective)?"
    r"|supports|aligns?\s+(?:to|with)|company\s+objective)\s*:\s*(?P<value>.+)$",
    re.IGNORECASE,
)
SECTION_KR_RE = re.compile(r"^(?:key\s*results?|krs?)\s*:?\s*$", re.IGNORECASE)
SECTION_INIT_RE = re.compile(r"^(?:initiatives?|tasks?|projects?|actions?)\s*:?\s*$", re.IGNORECASE)
PERIOD_RE = re.compile(r"\b(?:Q[1-4]|H[12]|FY)\s?'?\d{2,4}\b|\b\d{4}\s?(?:Q[1-4]|H[12])\b|\bQ[1-4]\b",
                       re.IGNORECASE)
TITLE_HINT_RE = re.compile(r"\bOKRs?\b|\bquarter\b|\bplan\b", re.IGNORECASE)


class _Line:
    __slots__ = ("number", "raw", "start")

    def __init__(self, number: int, start: int, raw: str) -> None:
        self.number, self.start, self.raw = number, start, raw


class _Builder:
    """Accumulates objectives while lines are read, tracking where each item came from."""

    def __init__(self, max_objectives: int = MAX_OBJECTIVES) -> None:
        self.okr = OkrSet()
        self.max_objectives = max_objectives
        self.objective: Objective | None = None
        self.objective_indent: int | None = None
        self.objective_from_bullet = False
        self.mode = "kr"

    def add_objective(self, text: str, offset: int, line: int, indent: int | None, bullet: bool) -> None:
        if len(self.okr.objectives) >= self.max_objectives:
            raise ParseError(f"more than {self.max_objectives:,} objectives; split the file", line)
        self.objective = Objective(id=f"O{len(self.okr.objectives) + 1}", text=text, offset=offset,
                                   line=line)
        self.okr.objectives.append(self.objective)
        self.objective_indent = indent
        self.objective_from_bullet = bullet
        self.mode = "kr"

    def add_key_result(self, text: str, offset: int, line: int) -> None:
        if self.objective is None:
            raise ParseError(f"key result '{_short(text)}' comes before any objective", line)
        if self.mode == "initiative":
            self.objective.initiatives.append(text)
            return
        kr_id = f"{self.objective.id}.KR{len(self.objective.key_results) + 1}"
        self.objective.key_results.append(
            KeyResult(id=kr_id, text=text, offset=offset, line=line, parts=extract_parts(text)))


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    """Parse a draft. ``fmt`` forces "json", "yaml" or "csv"; otherwise the shape is detected."""
    check_text(text)
    with gc_paused(len(text) > 50_000):
        return _parse(text, fmt)


def _parse(text: str, fmt: str | None) -> OkrSet:
    stripped = text.lstrip()
    if fmt == "json" or (fmt is None and stripped[:1] in "{["):
        try:
            data = json.loads(text)
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
        rows = [_split_csv(line) for line in text.splitlines()]
        if not any(len(row) >= 2 for row in rows):
            raise ParseError("CSV input needs at least two columns (objective, key result)", 1)
        return _parse_table(rows, text)
    return parse_text(text)


def _load_yaml(text: str, strict: bool) -> Any:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        if not strict:
            return None
        mark = getattr(exc, "problem_mark", None)
        raise ParseError(f"invalid YAML: {getattr(exc, 'problem', exc)}",
                         mark.line + 1 if mark else None) from None
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
                              parent=_opt_str(item, "parent"))
        krs = item.get("key_results", item.get("krs", []))
        if not isinstance(krs, list):
            raise ParseError(f"{where}.key_results must be a list")
        for j, kr in enumerate(krs):
            kr_where = f"{where}.key_results[{j}]"
            kr_text = kr.get("text", kr.get("title")) if isinstance(kr, dict) else kr
            if not isinstance(kr_text, str) or not kr_text.strip():
                raise ParseError(f"{kr_where} must be text or an object with 'text'")
            _check_item_length(kr_text.strip(), kr_where)
            objective.key_results.append(KeyResult(
                id=f"{objective.id}.KR{j + 1}", text=kr_text.strip(),
                owner=_opt_str(kr, "owner") if isinstance(kr, dict) else None,
                parts=extract_parts(kr_text.strip())))
        initiatives = item.get("initiatives", [])
        if isinstance(initiatives, list):
            objective.initiatives = [str(x) for x in initiatives]
        okr.objectives.append(objective)
    return okr


def _opt_str(data: Any, key: str) -> str | None:
    value = data.get(key) if isinstance(data, dict) else None
    return str(value).strip() if value not in (None, "") else None


def _check_item_length(text: str, where: str, line: int | None = None) -> None:
    if len(text) > MAX_ITEM_CHARS:
        raise ParseError(f"{where} is {len(text):,} characters long; an objective or key result "
                         f"should be a sentence (limit {MAX_ITEM_CHARS:,})", line)


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        out.append(_Line(number, pos, raw.rstrip("\r\n")))
        pos += len(raw)
    return out


def _indent_width(indent: str) -> int:
    return len(indent.replace("\t", "    "))


def _clean(body: str, line_start: int, raw: str) -> tuple[str, int]:
    """Strip markdown emphasis and stray punctuation; return text and its absolute offset."""
    text = body.strip()
    for mark in ("**", "__", "*", "_"):
        if text.startswith(mark) and text.endswith(mark) and len(text) > 2 * len(mark):
            text = text[len(mark): -len(mark)].strip()
    text = text.strip()
    index = raw.find(text)
    return text, line_start + (index if index >= 0 else 0)


def _is_table_line(raw: str) -> bool:
    return raw.count("\t") >= 1 or (raw.strip().startswith("|") and raw.count("|") >= 3)


def _looks_like_csv(text: str) -> bool:
    first = text.lstrip().splitlines()[0].lower() if text.strip() else ""
    return "," in first and "objective" in first and ("key" in first or "kr" in first)


def _split_csv(line: str) -> list[str]:
    return next(csv.reader(io.StringIO(line)), [])


def parse_text(text: str) -> OkrSet:
    """Markdown headings, bullets, labels, indentation and pasted tables."""
    lines = _lines(text)
    if sum(1 for ln in lines if _is_table_line(ln.raw)) >= max(2, len([ln for ln in lines
                                                                      if ln.raw.strip()]) * 0.6):
        rows = [_table_cells(ln.raw) for ln in lines if ln.raw.strip()]
        return _parse_table(rows, text)
    b = _Builder(max_objectives=limits.current().objectives)
    previous_blank = True
    labelled = any(OBJECTIVE_LABEL_RE.match(_strip_marks(ln.raw)) for ln in lines)
    last_plain_indent = 0
    for ln in lines:
        raw = ln.raw
        if not raw.strip():
            previous_blank = True
            continue
        _check_item_length(raw.strip(), "this line", ln.number)
        was_blank, previous_blank = previous_blank, False
        heading = HEADING_RE.match(raw)
        bullet = None if heading else BULLET_RE.match(raw)
        body = heading.group("body") if heading else bullet.group("body") if bullet else raw.strip()
        if re.fullmatch(r"[-=_*|:\s]+", body) or not body.strip():
            continue  # rules, separators
        meta = META_RE.match(body.strip().strip("*_"))
        if meta:
            _apply_meta(b, meta.group("key").lower(), meta.group("value").strip())
            continue
        if SECTION_KR_RE.match(body.strip().strip("*_#")):
            b.mode = "kr"
            continue
        if SECTION_INIT_RE.match(body.strip().strip("*_#")):
            b.mode = "initiative"
            continue
        kr_label = KR_LABEL_RE.match(body.strip())
        obj_label = None if kr_label else OBJECTIVE_LABEL_RE.match(body.strip())
        init_label = INITIATIVE_LABEL_RE.match(body.strip())
        if obj_label:
            content = obj_label.group("body") or obj_label.group("body2")
            t, off = _clean(content, ln.start, raw)
            indent = _indent_width(bullet.group("indent")) if bullet else None
            b.add_objective(t, off, ln.number, indent, bullet is not None)
            continue
        if kr_label:
            t, off = _clean(kr_label.group("body"), ln.start, raw)
            b.mode = "kr"
            b.add_key_result(t, off, ln.number)
            continue
        if init_label and b.objective is not None:
            b.objective.initiatives.append(init_label.group("body").strip())
            continue
        t, off = _clean(body, ln.start, raw)
        if heading:
            if not b.okr.objectives and _is_title(t, len(heading.group("hashes"))):
                _apply_title(b, t)
                continue
            b.add_objective(t, off, ln.number, None, False)
            continue
        if bullet:
            indent = _indent_width(bullet.group("indent"))
            nested = b.objective_indent is not None and indent > b.objective_indent
            if b.objective is None or (b.objective_from_bullet and not nested):
                b.add_objective(t, off, ln.number, indent, True)
            else:
                b.add_key_result(t, off, ln.number)
            continue
        indent = _indent_width(raw[: len(raw) - len(raw.lstrip())])
        # A plain line opens a new objective only after a blank line that ends a block
        # of key results, and never in drafts that label their objectives explicitly.
        starts_block = was_blank and not labelled and (
            b.objective is None or bool(b.objective.key_results))
        # ...or when it steps back out of indented key results ("Aim\n  KR\n  KR\nNext aim").
        starts_block = starts_block or (indent == 0 and last_plain_indent > 0 and not labelled)
        last_plain_indent = indent
        if b.objective is None and not b.okr.objectives and _is_title(t, 1) and _next_is_content(
                lines, ln):
            _apply_title(b, t)
            continue
        if b.objective is None or (starts_block and indent == 0):
            b.add_objective(t, off, ln.number, indent, False)
        else:
            b.add_key_result(t, off, ln.number)
    if not b.okr.objectives:
        last = next((ln.number for ln in reversed(lines) if ln.raw.strip()), None)
        raise ParseError("no objectives found; write 'Objective: ...' lines or headings with "
                         "key results as bullets beneath them", last)
    return b.okr


def _strip_marks(raw: str) -> str:
    heading = HEADING_RE.match(raw)
    bullet = None if heading else BULLET_RE.match(raw)
    body = heading.group("body") if heading else bullet.group("body") if bullet else raw
    return body.strip()


def _next_is_content(lines: list[_Line], current: _Line) -> bool:
    return any(ln.raw.strip() for ln in lines[current.number:])


def _is_title(text: str, level: int) -> bool:
    return level <= 2 and bool(TITLE_HINT_RE.search(text) or PERIOD_RE.search(text)) and not \
        OBJECTIVE_LABEL_RE.match(text)


def _apply_title(b: _Builder, title: str) -> None:
    period = PERIOD_RE.search(title)
    if period and not b.okr.period:
        b.okr.period = period.group(0)
    team = re.split(r"\bOKRs?\b|[—–:|-]", title)
    rest = [part.strip(" -—–:|") for part in team if part.strip(" -—–:|")]
    rest = [part for part in rest if not PERIOD_RE.fullmatch(part)]
    if rest and not b.okr.team:
        b.okr.team = PERIOD_RE.sub("", rest[-1]).strip(" -—–:|,") or None


def _apply_meta(b: _Builder, key: str, value: str) -> None:
    if key == "team":
        b.okr.team = value
    elif key == "owner":
        if b.objective is not None:
            b.objective.owner = value
        else:
            b.okr.owner = value
    elif key in ("period", "quarter", "timeframe", "time frame", "cycle"):
        b.okr.period = value
    elif b.objective is not None:
        b.objective.parent = value
    else:
        b.okr.parents.append(value)


def _table_cells(raw: str) -> list[str]:
    if "\t" in raw:
        return raw.split("\t")
    return [cell for cell in raw.strip().strip("|").split("|")]


_HEADER_ROLES = (("key_result", re.compile(r"key\s*result|\bkrs?\b", re.I)),
                 ("objective", re.compile(r"objective|\bgoal\b|^o$", re.I)),
                 ("owner", re.compile(r"owner|who", re.I)),
                 ("team", re.compile(r"team|department", re.I)))


def _parse_table(rows: list[list[str]], text: str) -> OkrSet:
    """Spreadsheet rows: an objective column (blank = same as above) and a key result column."""
    rows = [r for r in rows if any(c.strip() for c in r)
            and not all(re.fullmatch(r"\s*:?-{2,}:?\s*", c) or not c.strip() for c in r)]
    if not rows:
        raise ParseError("the table has no rows")
    roles: dict[str, int] = {}
    header = [c.strip().lower() for c in rows[0]]
    for i, cell in enumerate(header):
        for role, pattern in _HEADER_ROLES:
            if role not in roles and pattern.search(cell):
                roles[role] = i
                break
    if "objective" in roles and "key_result" in roles:
        rows = rows[1:]
    else:
        roles = {"objective": 0, "key_result": 1}
    okr = OkrSet()
    current: Objective | None = None
    cursor = 0
    most = limits.current().objectives
    for number, row in enumerate(rows, start=2):
        cells = [c.strip() for c in row]
        obj_text = cells[roles["objective"]] if roles["objective"] < len(cells) else ""
        kr_text = cells[roles["key_result"]] if roles["key_result"] < len(cells) else ""
        if "team" in roles and roles["team"] < len(cells) and cells[roles["team"]] and not okr.team:
            okr.team = cells[roles["team"]]
        if obj_text and (current is None or obj_text != current.text):
            _check_item_length(obj_text, "an objective cell", number)
            if len(okr.objectives) >= most:
                raise ParseError(f"more than {most:,} objectives; split the file", number)
            index = text.find(obj_text, cursor)
            cursor = max(cursor, index)
            current = Objective(id=f"O{len(okr.objectives) + 1}", text=obj_text,
                                offset=max(index, 0), line=number)
            okr.objectives.append(current)
        if kr_text:
            if current is None:
                raise ParseError(f"key result '{_short(kr_text)}' has no objective in its row", number)
            _check_item_length(kr_text, "a key result cell", number)
            index = text.find(kr_text, cursor)
            cursor = max(cursor, index)
            current.key_results.append(KeyResult(
                id=f"{current.id}.KR{len(current.key_results) + 1}", text=kr_text,
                offset=max(index, 0), line=number, parts=extract_parts(kr_text)))
    if not okr.objectives:
        raise ParseError("the table has no objective column with text")
    return okr
