"""Loading JSON and YAML drafts safely: bounded nesting, no invalid text, no surprises from
types a draft never means.

Why before and around the parsers: ``json`` and ``yaml`` recurse once per level, so a few
kilobytes nested a thousand deep end in a RecursionError (an internal error, exit 3, or a
500 that stalls a server); a lone surrogate escape ("\\ud800") decodes fine and then breaks
every encoder downstream; YAML turns "2026-02-31" into a date (and fails on it) and a
5,000-digit number into an int Python refuses to print. A draft means none of these: deep
nesting and invalid text are refused with a reason and a line, dates and huge numbers stay
the text they were written as.
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
    """Refuse lone surrogates anywhere in the loaded values, naming the line of the escape."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                m = _SURROGATE_ESCAPE.search(raw)
                line = raw[: m.start()].count("\n") + 1 if m else None
                raise StructureError("the input holds an invalid character: a lone surrogate escape such as "
                                     "\\ud800 is not text", line)
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


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
        return yaml.SafeLoader.construct_yaml_int(loader, node)

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
