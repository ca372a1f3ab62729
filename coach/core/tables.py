"""Tables of OKRs: markdown tables, rows pasted from a sheet (tabs) and CSV, with their columns used.

Why columns by name: sheets put objective, key result, owner, team, baseline, target and
progress in any order under many header names. A table is read as OKRs only when a header
names an objective or a key-result column holding text; score tables ("Date | KR #1 | KR
#2"), role tables and metric tables are left alone. A key-result cell that is only a label
("**KR 1**") takes its text from the next text column ("Target", "Description"). Baseline
and target columns become part of the key result ("... from <baseline> to <target>"), with
every character still pointing into its cell, so the rubric sees what the sheet says.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from coach.core import inline
from coach.core.inline import Cleaned, Span
from coach.core.outline import Node

if TYPE_CHECKING:
    from coach.core.reading import Reader

_ROLES: list[tuple[str, re.Pattern[str]]] = [
    # "Key result", "KR #"; also a target column that says it is the key result: "Target (KR)",
    # "Target (key result)", "KR target", "Key result (target)"
    ("key_result", re.compile(r"^(?:key\s*results?|krs?|kr\s*#?|result|关键结果)(?:\s*\(\s*targets?\s*\))?$|"
                              r"^(?:targets?|goals?)\s*\(\s*(?:key\s*results?|krs?)\s*\)$|"
                              r"^(?:key\s*results?|krs?)\s+targets?$", re.I)),
    # Chinese sheets: 目标 (objective), 关键结果 (key result), 描述 (description), 完成标准 (done when)
    ("objective", re.compile(r"^(?:objectives?|goals?|o|okr|目标)$", re.I)),
    ("owner", re.compile(r"^(?:owner|owners|who|dri|responsible|assignee|lead)$", re.I)),
    ("team", re.compile(r"^(?:team|department|dept|squad|group|unit|area)$", re.I)),
    ("baseline", re.compile(r"^(?:baseline|start(?:ing)?(?:\s+value)?|current|from|today|now)$", re.I)),
    # "Meta" (Spanish and Portuguese for the target), "Alvo" (Portuguese)
    ("target", re.compile(r"^(?:target|goal\s+value|to|aim|meta|alvo|完成标准|"
                          r"(?:key\s*results?|krs?)\s+targets?)$", re.I)),
    ("progress", re.compile(r"^(?:progress|score|grade|status\s*%|completion|%\s*done)$", re.I)),
    ("status", re.compile(r"^(?:(?:current\s+)?status|state|health)$", re.I)),
    ("text", re.compile(r"^(?:description|details?|text|metric|measure|target|描述|内容|indicador|m[ée]trica"
                        r"|descri[çc][ãa]o|descripci[óo]n"
                        r"|(?:measurable\s+)?outcomes?|success\s+(?:measures?|metrics?|criteria)|how\s+we\s+measure)$",
                        re.I)),
]
_ID_ONLY = re.compile(r"^[\s*_`]*(?:KR\s*)?\d{1,2}(?:\.\d{1,2})*[.)]?[\s*_`]*$", re.IGNORECASE)
_GLOSSED = re.compile(r"^(\w[\w\s]*?)\s*\(\s*([\w\s]+?)\s*\)$")
_KR_HEADER_NUMBERED = re.compile(r"^kr\s*#?\s*\d+$", re.I)
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def header_roles(header: list[str]) -> dict[str, int] | None:
    """Column roles from a header row, or None when the table does not hold OKRs."""
    names = [re.sub(r"[*_`:]", "", h).strip().lower() for h in header]
    if sum(1 for n in names if _KR_HEADER_NUMBERED.match(n)) >= 2:
        return None  # "Date | KR #1 | KR #2": a tracking table of scores
    roles: dict[str, int] = {}
    for i, name in enumerate(names):
        # "O(Objects)", "KR(KeyResult)": a column named with its gloss; either may be the name
        glossed = _GLOSSED.match(name)
        for candidate in (name, *(glossed.groups() if glossed else ())):
            role = next((r for r, pattern in _ROLES if r not in roles and pattern.match(candidate)), None)
            if role is not None:
                roles[role] = i
                break
    if "objective" in roles and names[roles["objective"]].startswith("goal") and "baseline" in roles and \
            any(_METRIC_HEADER.match(n) for n in names):
        return None  # "KPI | Baseline | Goal": a goal value beside a metric and its start, no objective
    if "key_result" not in roles and "objective" not in roles:
        return None
    return roles


def _cell(row: list[tuple[str, int]], index: int | None) -> tuple[str, int]:
    if index is None or index >= len(row):
        return "", 0
    return row[index]


def _progress(text: str) -> float | None:
    m = _NUMBER.search(text)
    if not m:
        return None
    value = float(m.group(0).replace(",", "."))
    if "%" in text or value > 1.0:
        value /= 100.0
    return value if 0 <= value <= 2 else None


# A cell that holds no value: a dash of any width, "n/a", "none", "?" (after emphasis marks)
_EMPTY_CELL = frozenset(("", "-", "–", "—", "--", "n/a", "na", "n.a.", "none", "tbd", "?", "??", "unknown"))


_COMPARATOR_CELL = re.compile(r"^(?:[<>≤≥]=?|(?:under|below|above|over|at\s+least|at\s+most|less\s+than|"
                              r"more\s+than|no\s+more\s+than|within|fewer\s+than)\b)", re.IGNORECASE)
# "120 to 160" in a Target cell: the start and the target together
_RANGE_CELL = re.compile(r"^[$€£]?\d[\d.,]*\s*%?\s*(?:to|→|->|–)\s*[$€£]?\d", re.IGNORECASE)
# "90% of searches end in a hold", "3 of 4 teams ship weekly": a figure and then a clause
_CLAUSE_CELL = re.compile(r"^[$€£]?\d[\d.,]*\s*%?\s+(?:of\s+)?\w+(?:\s+\w+){2,}")


# "Current: Paper only", "Now: manual copying": a label before what the baseline cell says
_NOW_LABEL = re.compile(r"^(?:current(?:ly)?|now|today|baseline)\s*:\s*", re.IGNORECASE)
# A target cell that says what to do or reach in words: "Reduce by 40%", "Records checked automatically"
_VERB_CELL = re.compile(r"^(?:reduce|cut|increase|raise|grow|lower|decrease|halve|double|keep|maintain|reach"
                        r"|improve|eliminate|achieve|get|hit)\b", re.IGNORECASE)


_WORDS = re.compile(r"[^\W\d_]{2,}")
# A target cell that is a whole key result: words around its figure ("150 tool loans per month")
_SENTENCE_CELL = re.compile(r"[A-Za-z]{3,}\W+\w+|\w+\W+[A-Za-z]{3,}")


def _empty(value: str) -> bool:
    return not value or value.lower().strip("_*` ") in _EMPTY_CELL


def _unwrapped(value: str, at: int) -> tuple[str, int]:
    """"**< 5%**" -> "< 5%": emphasis around a whole cell is markup, not the value."""
    m = re.fullmatch(r"([*_`]{1,3})(\S.*?)\1", value)
    return (m.group(2), at + len(m.group(1))) if m else (value, at)


def _with_columns(c: Cleaned, baseline: tuple[str, int], target: tuple[str, int],
                  now: tuple[str, int] = ("", 0)) -> Cleaned:
    """The key result with its baseline and target columns written into it, positions kept.

    A numeric start reads "... from <baseline> to <target>"; a target that is a clause or says
    what to do ("90% of searches end in a hold", "Reduce by 40%") follows a colon, as the
    result of the line; a start in words ("Current: Paper only") follows the target in
    brackets, "(now: paper only)", since "from Paper only" is not a start anyone can measure."""
    span = c.span
    text, pos = span.text, list(span.pos)

    def add(word: str, value: str, at: int, offset: int = 0) -> None:
        nonlocal text
        text += word + value
        pos.extend([at] * len(word) + list(range(at + offset, at + offset + len(value))))

    start, start_at = _unwrapped(baseline[0].strip(), baseline[1])
    goal, goal_at = _unwrapped(target[0].strip(), target[1])
    label = _NOW_LABEL.match(start)
    if label:
        start, start_at = start[label.end():], start_at + label.end()
    said = not _empty(start) and not re.search(r"\d|\[", start)  # a start in words
    # a clause, an order, or a state in words ("shipped", "per branch, isolated"): after a colon
    clause = not _empty(goal) and not _COMPARATOR_CELL.match(goal) and (
        _CLAUSE_CELL.match(goal) is not None or _VERB_CELL.match(goal) is not None
        or (len(goal.split()) >= 3 and not goal[:1].isdigit()) or not re.search(r"\d|\[", goal))
    if not _empty(start) and not said and not clause:
        add(" from ", start, start_at)
    numbers = re.findall(r"\d[\d.,]*", goal)
    if numbers and all(re.search(rf"(?<![\d.,]){re.escape(n)}(?![\d.,]*\d)", span.text) for n in numbers):
        goal = ""  # "Monthly donors from 120 to 160" | "160": the line says its target already
    if not _empty(goal):
        fresh = _empty(start) or said  # no figure written before it in the line
        word = (" " if _COMPARATOR_CELL.match(goal) and fresh else ": " if clause else
                " from " if _RANGE_CELL.match(goal) and fresh else " to ")
        add(word, goal, goal_at)
    if not _empty(start) and (said or clause):
        add(" (now: ", start, start_at)
        add(")", "", start_at)
    if not _empty(now[0]):
        add(" (now: ", now[0].strip(), now[1] + len(now[0]) - len(now[0].lstrip()))
        add(")", "", now[1])
    return Cleaned(Span(text, pos), c.label, c.number, c.owner, c.progress, c.status, c.done, c.links, c.tags)


_METRIC_HEADER = re.compile(r"^(?:metrics?|kpis?|measures?|indicators?|success\s+metrics?)$", re.I)
_TODAY_HEADER = re.compile(r"^(?:baseline|today|now|current(?:\s+value)?|start(?:ing)?(?:\s+value)?|actual)$",
                           re.I)


def metric_levels(rows: list[list[tuple[str, int]]]) -> dict[str, str]:
    """Metric name -> today's value from a metrics table ("| Metric | Today | Target |"): a
    table that is not OKRs, yet says where the key results' metrics start."""
    names = [re.sub(r"[*_`:]", "", cell).strip() for cell, _ in rows[0]]
    metric = next((i for i, n in enumerate(names) if _METRIC_HEADER.match(n)), None)
    today = next((i for i, n in enumerate(names) if _TODAY_HEADER.match(n)), None)
    if metric is None or today is None:
        return {}
    out: dict[str, str] = {}
    for row in rows[1:]:
        name, _ = _cell(row, metric)
        value, _ = _cell(row, today)
        name = inline.markup_only(name)
        if name and not _empty(value) and re.search(r"\d", value) and "[" not in value:
            out[name] = value.strip()
    return out


def _header_name(header: list[tuple[str, int]], index: int | None) -> str:
    if index is None or index >= len(header):
        return ""
    return re.sub(r"[*_`:#\s]", "", header[index][0]).lower()


def read_table_rows(reader: Reader, node: Node, mode: str) -> None:
    """Objectives and key results from a table's rows (see the module docstring)."""
    rows = node.rows
    if not rows:
        return
    lines = node.row_lines if len(node.row_lines) == len(rows) else [node.line + i for i in range(len(rows))]
    roles = header_roles([cell for cell, _ in rows[0]])
    kr_header = ""  # "KR" over ids ("1.1", "**KR1**"): the text is in another column
    if roles is None:
        if mode == "kr_plain" and rows and len(rows[0]) >= 2:
            roles = {"objective": 0, "key_result": 1}
        else:
            reader.okr.levels.update(metric_levels(rows))
            return
    else:
        kr_header = _header_name(rows[0], roles.get("key_result"))
        rows, lines = rows[1:], lines[1:]
        if "key_result" not in roles and "text" not in roles and reader.okr.objectives:
            return  # "OKR | Who helps": an index of objectives already read, not new ones
    current: str | None = None
    waiting = reader.okr.objectives[-1] if reader.okr.objectives else None
    if "objective" not in roles and reader.objective is None and waiting is not None \
            and not waiting.key_results and not waiting.implicit:
        # "**Objective**: ..." then focus areas, then "### OKRs (Q3)" over a table of key results
        # only: they are the key results of the objective still waiting for them
        reader.objective = waiting
        waiting.period = waiting.period or reader.period  # the heading's "(Q3 2026)" is theirs
    saved_groups = list(reader.groups)
    # Where a key-result cell is only a label, its text is in a text column, or in "Target"
    # when the sheet has no baseline column (then "Target" holds the whole sentence).
    text_column = roles.get("text", roles.get("target") if "baseline" not in roles else None)
    for number, row in zip(lines, rows, strict=True):
        line_node = Node("para", line=number)
        team_text, _ = _cell(row, roles.get("team"))
        team = inline.clean(team_text, 0, allow_owner=False).text if team_text else ""
        if team and (not reader.groups or reader.groups[-1] != team):
            reader.groups = [*saved_groups, team]
            name = " / ".join(reader.groups)
            if name not in reader.table_groups:  # a set beside the list: a sheet of many teams is no N²
                reader.table_groups.add(name)
                reader.okr.groups.append(name)
            current = None
        obj_text, obj_at = _cell(row, roles.get("objective"))
        if obj_text.strip():
            objective = inline.clean(obj_text, obj_at)
            if objective.text and objective.text != current:
                reader.objective = None
                reader.new_objective(objective, line_node)
                current = objective.text
        kr_text, kr_at = _cell(row, roles.get("key_result"))
        if kr_header in ("kr", "krs") and _ID_ONLY.match(kr_text):
            kr_text = ""  # "1.1" | "Monthly donors": the key result's id, its text in the next column
        c: Cleaned | None = inline.clean(kr_text, kr_at) if kr_text.strip() else None
        from_text_column = False
        if (c is None or not c.text) and text_column is not None:
            text, at = _cell(row, text_column)  # "**KR 1**" | "the key result itself"
            c = inline.clean(text, at) if text.strip() else c
            from_text_column = True
        elif (c is None or not c.text) and "target" in roles:
            # "KR1 | 150 tool loans per month | 40": the id, then the key result in "Target"
            # and where it stands in "Current", written as a reader says it
            text, at = _cell(row, roles["target"])
            if _SENTENCE_CELL.search(text):
                c = _with_columns(inline.clean(text, at), ("", 0), ("", 0),
                                  now=_cell(row, roles.get("baseline")))
                from_text_column = True
        if c is None or not _WORDS.search(c.text):
            continue  # "Tool loans | 40" under "Result": a figure on its own is no key result
        # "**KR1** | Catalogue the books | 500 books": the text column's key result, then its target
        joined_target = not from_text_column or (
            text_column is not None and text_column != roles.get("target"))
        if joined_target and ("baseline" in roles or "target" in roles):
            c = _with_columns(c, _cell(row, roles.get("baseline")), _cell(row, roles.get("target")))
        owner, _ = _cell(row, roles.get("owner"))
        progress_text, _ = _cell(row, roles.get("progress"))
        status_text, _ = _cell(row, roles.get("status"))
        if owner.strip():
            c.owner = inline.clean(owner, 0, allow_owner=False).text
        if progress_text.strip():
            c.progress = _progress(progress_text)
        if status_text.strip():
            c.status = inline.clean(status_text, 0, allow_owner=False).text.lower() or None
        reader.add_key_result(c, line_node)
    reader.groups = saved_groups
