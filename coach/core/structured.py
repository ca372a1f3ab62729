"""Loading JSON and YAML drafts safely: bounded nesting, no invalid text, no surprises from
types a draft never means.

Why before and around the parsers: ``json`` and ``yaml`` recurse once per level, so a few
kilobytes nested a thousand deep end in a RecursionError (an internal error, exit 3, or a
500 that stalls a server); a lone surrogate escape ("\\ud800") decodes fine and then breaks
every encoder downstream; YAML turns "2026-02-31" into a date (and fails on it) and a
5,000-digit number (or "0x" and 3,900 hex digits) into an int Python refuses to print; a YAML
alias can make a list that holds itself, or a few lines that load as millions of values. A
draft means none of these: deep nesting, invalid text and runaway aliases are refused with a
reason (and a line where there is one), dates and huge numbers stay the text they were
written as.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 40  # an OKR document is a few levels deep (objectives, key results, fields)
MAX_INT_DIGITS = 4000  # Python refuses to turn more than 4,300 digits into an int
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}|\\u[dD][c-fC-F][0-9a-fA-F]{2}")


class StructureError(ValueError):
    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason, self.line = reason, line


def _too_deep(line: int) -> StructureError:
    return StructureError(f"the input is nested more than {MAX_DEPTH} levels deep; an OKR draft needs a few",
                          line)


def check_json_depth(text: str) -> None:
    """Refuse JSON nested deeper than MAX_DEPTH, counting brackets outside strings."""
    depth, line, in_string, escaped = 0, 1, False, False
    for ch in text:
        if ch == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(line)
        elif ch in "]}":
            depth -= 1


def check_yaml_depth(text: str) -> None:
    """Refuse YAML nested deeper than MAX_DEPTH: indentation levels, "- - -" on one line and
    flow brackets all count (a rough bound, generous for any real draft)."""
    stack: list[int] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        body = raw.lstrip(" ")
        if not body.strip() or body.startswith("#"):
            continue
        indent = len(raw) - len(body)
        while stack and stack[-1] >= indent:
            stack.pop()
        stack.append(indent)
        dashes = len(re.match(r"(?:-\s+)*", body).group(0).split("-")) - 1  # type: ignore[union-attr]
        flow = max(0, _flow_depth(body))
        if len(stack) + dashes + flow > MAX_DEPTH:
            raise _too_deep(number)


def _flow_depth(line: str) -> int:
    depth = best = 0
    for ch in line:
        if ch in "[{":
            depth += 1
            best = max(best, depth)
        elif ch in "]}":
            depth -= 1
    return best


def _int_or_text(token: str) -> int | str:
    return int(token) if len(token.lstrip("-")) <= MAX_INT_DIGITS else token


def check_text_values(data: Any, raw: str) -> None:
    """Refuse lone surrogates anywhere in the loaded values, naming the line of the escape; and
    YAML aliases that make the data refer to itself or multiply it past what the text holds.

    Why the aliases: ``&a [x, *a]`` loads as a list that contains itself, and a few lines of
    anchors each listing the one before eight times load as millions of values; every pass
    over the data after loading (this one included) would then never end. Each list and
    mapping is visited once, and its size counted as if the aliases were written out.
    """
    most = 2 * len(raw) + 10_000  # values written out; without aliases, at most one per character
    sizes: dict[int, int] = {}
    open_ids: set[int] = set()  # containers whose values are being visited: their ancestors
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        value, finished = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                m = _SURROGATE_ESCAPE.search(raw)
                line = raw[: m.start()].count("\n") + 1 if m else None
                raise StructureError("the input holds an invalid character: a lone surrogate escape such as "
                                     "\\ud800 is not text", line)
            continue
        if not isinstance(value, (dict, list)):
            continue
        key = id(value)
        children = [*value.keys(), *value.values()] if isinstance(value, dict) else value
        if finished:
            open_ids.discard(key)
            sizes[key] = size = 1 + sum(sizes.get(id(c), 1) for c in children)
            if size > most:
                raise StructureError("the input's aliases (*name) repeat its values more than an OKR draft "
                                     "could hold; write the values out")
            continue
        if key in sizes:
            continue
        if key in open_ids:
            raise StructureError("the input refers to itself (an alias inside its own anchor, such as "
                                 "&a [x, *a]); an OKR draft cannot")
        open_ids.add(key)
        stack.append((value, True))
        stack.extend((c, False) for c in children if isinstance(c, (str, dict, list)))


def load_json(text: str) -> Any:
    """``json.loads`` with bounded nesting, huge integers kept as text and invalid text refused."""
    check_json_depth(text)
    data = json.loads(text, parse_int=_int_or_text)
    check_text_values(data, text)
    return data


def _loader() -> Any:
    import yaml

    class DraftLoader(yaml.SafeLoader):
        """SafeLoader without dates (they stay text) and with huge integers kept as text."""

    DraftLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}

    def construct_int(loader: Any, node: Any) -> Any:
        value = loader.construct_scalar(node)
        if len(str(value).lstrip("+-").replace("_", "")) > MAX_INT_DIGITS:
            return str(value)
        number = yaml.SafeLoader.construct_yaml_int(loader, node)
        # "0x" and a few thousand hex digits is an int too long to print in decimal
        return str(value) if number.bit_length() > 3 * MAX_INT_DIGITS else number

    DraftLoader.add_constructor("tag:yaml.org,2002:int", construct_int)
    return DraftLoader


_LOADER: list[Any] = []


def load_yaml(text: str) -> Any:
    """``yaml.load`` with the DraftLoader, bounded nesting and invalid text refused."""
    import yaml

    check_yaml_depth(text)
    if not _LOADER:
        _LOADER.append(_loader())
    data = yaml.load(text, Loader=_LOADER[0])  # a SafeLoader subclass: no arbitrary objects
    check_text_values(data, text)
    return data
