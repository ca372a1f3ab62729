"""How much one review may read: characters, line length, objectives, bytes from a file.

Why limits at all: a review is interactive (well under a second) and its memory grows
with the input; a pasted export of a whole company belongs in ``okr-coach batch``. The
defaults suit one team's draft; ``OKR_COACH_MAX_CHARS`` and ``OKR_COACH_MAX_OBJECTIVES``
raise them for a machine that reviews larger files on purpose (the benchmarks do).
"""

from __future__ import annotations

import os

MAX_INPUT_CHARS = 1_000_000
MAX_ITEM_CHARS = 2_000
MAX_OBJECTIVES = 1_000
CHARS_ENV = "OKR_COACH_MAX_CHARS"
OBJECTIVES_ENV = "OKR_COACH_MAX_OBJECTIVES"


class Limits:
    """The limits in force for one read: characters, characters per line, objectives."""

    __slots__ = ("chars", "item_chars", "objectives")

    def __init__(self, chars: int = MAX_INPUT_CHARS, item_chars: int = MAX_ITEM_CHARS,
                 objectives: int = MAX_OBJECTIVES) -> None:
        self.chars, self.item_chars, self.objectives = chars, item_chars, objectives

    @property
    def read_bytes(self) -> int:
        """Bytes read from a file or stdin before giving up: UTF-8 needs up to 4 per character,
        but real drafts are mostly ASCII, so five per character of the limit is plenty."""
        return 5 * self.chars


def _number(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip().replace("_", "").replace(",", "")
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
    if value < 1:
        raise ValueError(f"{name} must be at least 1")
    return value


def current() -> Limits:
    """The limits in force: the defaults, or what the environment raises them to."""
    return Limits(_number(CHARS_ENV, MAX_INPUT_CHARS), MAX_ITEM_CHARS,
                  _number(OBJECTIVES_ENV, MAX_OBJECTIVES))
