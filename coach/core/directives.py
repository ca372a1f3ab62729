"""``okr-coach: ignore`` comments: silence a criterion on one line of a draft kept in git.

Why comments in the draft: a team that has decided a key result is fine as it is ("Keep
uptime at 99.9%" as a deliberate guard) must be able to say so once, next to the line,
and have the linter stop failing its commit. The forms are those people already write in
markdown, YAML and plain text, at the end of the line they silence:

    - Keep uptime at 99.9% <!-- okr-coach: ignore kr-ambition -->
    - Keep uptime at 99.9%   # okr-coach: ignore kr-ambition, kr-baseline
    - Ship the new search    // okr-coach: ignore

With no criterion named, every criterion is silenced on that line. A directive alone on
its line applies to the next line (``ignore-next-line`` reads the same way). Criteria
are named by id with or without the pack (``kr-ambition``, ``okr-core.kr-ambition``).

The directive is blanked with spaces before the draft is parsed, so it never becomes
part of a key result's text and every character offset stays where it was.
"""

from __future__ import annotations

import re

ALL = "*"
_DIRECTIVE = re.compile(
    r"(?:<!--|#|//)\s*okr-coach:\s*ignore(?P<next>-next-line)?(?P<names>(?:\s+[\w.,\s-]*?)?)\s*(?:-->)?\s*$",
    re.IGNORECASE)
_NAME = re.compile(r"[A-Za-z][\w.-]*")


def strip_directives(text: str) -> tuple[str, dict[int, frozenset[str]]]:
    """The text with each directive blanked, and {1-based line: criterion stems or {ALL}}."""
    if "okr-coach:" not in text.lower():  # the common case costs one scan
        return text, {}
    lines = text.split("\n")
    ignores: dict[int, frozenset[str]] = {}
    for number, line in enumerate(lines, start=1):
        found = _DIRECTIVE.search(line)
        if found is None:
            continue
        names = frozenset(n.split(".", 1)[-1].lower() for n in _NAME.findall(found.group("names")))
        before = line[:found.start()]
        target = number + 1 if found.group("next") or not before.strip() else number
        ignores[target] = ignores.get(target, frozenset()) | (names or frozenset((ALL,)))
        lines[number - 1] = before + " " * (len(line) - len(before))
    return "\n".join(lines), ignores


def silenced(ignores: dict[int, frozenset[str]], line: int | None, criterion: str) -> bool:
    """Whether ``criterion`` (``pack.stem`` or ``stem``) is silenced on ``line``."""
    if line is None:
        return False
    names = ignores.get(line, frozenset())
    return ALL in names or criterion.split(".", 1)[-1] in names
