"""Pull one key result apart: metric, baseline, target, unit, direction, deadline.

Why regexes and word lists rather than a model: the review must be instant,
deterministic and able to point at the exact characters it relied on. The
rubric checks read these parts; they never re-parse the text themselves.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from coach.core.models import Direction, Evidence, KrParts
from coach.core.record import Record
from coach.core.text import TEXT_CACHE

MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORD = r"(?:st|nd|rd|th)?"
_WORD_COUNT = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_DATE = (
    rf"(?:{_WEEKDAY}(?:\d{{1,2}}{_ORD}\s+(?:of\s+)?{MONTHS}|{MONTHS}\s+\d{{1,2}}{_ORD}|{MONTHS}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}\.\d{1,2}\.(?:\d{2,4}\b)?))(?:,?\s+\d{4})?"
)
_PERIOD = (
    r"(?:(?:the\s+)?(?:(?:end|close|start|middle)\s+of\s+(?:the\s+)?|mid-))?"
    r"(?:Q[1-4]|H[12]|FY\s?\d{2,4}|(?:this|next|the)\s+(?:quarter|half|year|month|sprint)"
    r"|quarter|year|year[- ]end|EOY|EOQ|EOM|launch|go[- ]live|release|(?:week|wk|sprint)\s*\d+|summer|winter"
    # "before the AGM", "until Christmas": a fixed event in the calendar
    r"|spring|autumn|fall|agm|conference|summit|festival|holidays|christmas|easter|new\s+year"
    r"|board\s+meeting|\d{4})(?:\s+\d{4})?"
)
DEADLINE_RE = re.compile(
    rf"\b(?:by|before|until|till|no\s+later\s+than|due)\s+(?:the\s+)?(?:{_DATE}|{_PERIOD})(?!\w)"
    # "ETA: June", "Due: 2027-06-30", "(target date: 1 July)", "— end of June", "(Jun 2027)"
    rf"|\b(?:eta|due|deadline|target\s+date|due\s+date)\s*:\s*(?:the\s+)?(?:{_DATE}|{_PERIOD})\b"
    rf"|\b(?:end|close|middle)\s+of\s+{MONTHS}\b|\((?:{_DATE}|{_PERIOD})\)"
    r"|\bin\s+(?:19|20)\d{2}\b"
    rf"|\b(?:in|during|within|over)\s+(?:the\s+)?(?:first|next|last|coming)\s+(?:{_WORD_COUNT}\s+)?"
    r"(?:days?|weeks?|months?|quarters?|sprints?|year)\b"
    rf"|\bwithin\s+(?:{_WORD_COUNT}|a|an)\s+(?:weeks?|months?|quarters?|sprints?|years?)\b"
    r"|\bin\s+(?:Q[1-4]|H[12])(?:\s+\d{4})?\b"
    r"|\b(?:this|next)\s+(?:quarter|half|year|month|sprint)\b"
    rf"|\bin\s+{_WORD_COUNT}\s+(?:years|months|quarters)\b"
    r"|\b(?:end\s+of|EO)\s*Q[1-4]\b"
    rf"|\bon\s+{_DATE}\b",
    re.IGNORECASE,
)

_SCALE = r"(?:k|K|m|M|mn|bn|B|million|billion|thousand)"
_UNIT = (
    r"(?:%|percent(?:age)?\s+points|percent|pp|pts|points?|ms|milliseconds?|seconds?|secs?|s"
    r"|minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|months?|x|×|stars?)"
)
NUMBER_RE = re.compile(
    rf"(?<![A-Za-z0-9.])(?P<cur>[$€£¥])?\s?(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"(?:\s?(?P<scale>{_SCALE})\b)?(?:\s?(?P<unit>{_UNIT})(?![a-z]))?",
)
_LABEL_BEFORE = re.compile(
    r"\b(?:floor|aisle|version|v|phase|level|tier|step|room|building|gate|stage|line|page|chapter"
    r"|section|wave|cohort|sprint|week|series|season|release|iso|soc|type|pci|p|grade|band|zone"
    r"|route|bay|dock|ward|unit|plant|site|store|station|team|squad|iec|en|wcag|python|java|ios|http"
    r"|android|windows)\s*$",
    re.IGNORECASE,
)
# "Migrate to Postgres 16", "Upgrade the API to Node 22": a product's version, not a target
_VERSION_MOVE = re.compile(r"^\s*(?:migrate|upgrade|move|port|switch|update|bump|adopt|deploy|run|rebuild)\b",
                           re.IGNORECASE)
_PRODUCT_BEFORE = re.compile(r"\b(?:to|onto|on|with)\s+[A-Z][A-Za-z+#]*\s*$")
_PER_BEFORE = re.compile(r"\bper\s+$", re.IGNORECASE)
_DETERMINER_BEFORE = re.compile(r"\b(?:the|our|its|their|both|these|those|all|first|last|top|next)\s+$",
                                re.IGNORECASE)
WORD_NUMBERS: dict[str, float] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "a hundred": 100,
    "a thousand": 1000, "a million": 1_000_000, "a dozen": 12, "dozen": 12,
}
WORD_NUMBER_RE = re.compile(
    r"\b(?:" + "|".join(sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True))
    + r")(?:\s+(?:thousand|million|billion|hundred))?\b",
    re.IGNORECASE,
)
MULTIPLIER_RE = re.compile(
    r"\b(?P<word>double[sd]?(?!\s+down\b)|doubling(?!\s+down\b)|triple[sd]?|tripling|quadruple[sd]?|twice|halve[sd]?|halving"
    r"|cut\b[^.;]{0,40}?\bin\s+half|by\s+half|a\s+third|one[- ]third|two[- ]thirds|a\s+quarter\s+of"
    r"|one\s+in\s+(?:two|three|four|five|ten|\d+)|\d+\s+in\s+\d+|tenfold)\b",
    re.IGNORECASE,
)
PLACEHOLDER_RE = re.compile(
    r"\[[^\[\]\n]{1,40}\]|<[a-z][a-z _-]{1,30}>|\b(?i:tbd|tbc|to\s+be\s+(?:defined|decided|confirmed))\b|"
    r"\b[XYN]{1,3}\s?%|[$€£]\s?[XYN]{1,3}[kKmMbB]?\b|\?\?+|_{3,}|"
    # "X volunteer mentoring pairs", "Recruit X mentors": a count left as a letter
    r"(?<![\w.'$-])X{1,3}(?=\s+(?:[a-z-]+\s+){0,3}[a-z-]{3,}s\b)|"
    # a target left for later: "decide after the pilot", "to be set in week 3", "set once we know"
    # (the phrase runs to the end of its clause: "set after 2 weeks of data" holds no target)
    r"(?<![A-Za-z])(?i:to\s+be\s+set|to\s+decide|decided?\s+(?:after|once|when|in|by)|set\s+(?:after|once|when|in\s+week)|"
    r"agreed?\s+(?:after|once|when))\b(?:[^,;.()\[\]\n|]{0,40}(?=[,;.()|]|$))?"
)
# "e.g. 25%", "for example 40": a figure offered as an example, not yet the target
EXAMPLE_FIGURE = re.compile(r"(?<![A-Za-z])(?:e\.\s?g\.?|eg\.|for\s+example|for\s+instance|such\s+as|"
                            r"something\s+like)\s*:?\s*[~≈]?\s*[$€£]?\d[\d.,]*\s*(?:%|[kKmM]\b)?",
                            re.IGNORECASE)

INCREASE = (
    "increase", "raise", "grow", "lift", "boost", "improve", "reach", "hit", "achieve", "expand",
    "gain", "acquire", "double", "triple", "win", "attract", "generate", "add", "get", "move",
    "bring", "push", "accelerate", "scale", "maximise", "maximize", "attain", "exceed", "land",
)
DECREASE = (
    "reduce", "cut", "decrease", "lower", "drop", "halve", "shrink", "eliminate", "minimise",
    "minimize", "shorten", "slash", "trim", "lessen", "remove", "decline", "bring down", "mitigate", "curb",
    "combat",
)
KEEP = ("maintain", "keep", "sustain", "hold", "continue", "stay", "remain", "preserve", "retain")

_COMPARATORS: list[tuple[str, str]] = [
    (r"(?:at\s+least|no\s+less\s+than|min(?:imum)?(?:\s+of)?|≥|>=|minimum)", ">="),
    (r"(?:at\s+most|no\s+more\s+than|max(?:imum)?(?:\s+of)?|≤|<=|under|below|less\s+than"
     r"|fewer\s+than|within|lower\s+than|beneath)", "<="),
    (r"(?:above|over|more\s+than|greater\s+than|higher\s+than|>|exceeding)", ">"),
    (r"<", "<"),
]


_COMPARATOR_RES = [(re.compile(pattern + r"\s*[$€£]?$"), symbol) for pattern, symbol in _COMPARATORS]
# A guard clause: "while keeping X", "without raising churn", "without a drop in NPS"; not a
# metric's own words ("rides finished without an incident from 80% to 98%")
_GUARD = re.compile(r"\b(?:while|whilst|without(?=\s+(?:[a-z]+ing\b|(?:a|any)\s+(?:drop|rise|increase"
                    r"|decrease|fall|loss|dip|change|hit)\b)))\b", re.IGNORECASE)
_DOWN_WORDS = re.compile(r"\b(?:down|lower|fewer|less|decreas\w*|reduc\w*|cut|halved?)\b", re.IGNORECASE)
_UP_WORDS = re.compile(r"\b(?:up|higher|more|grow\w*|increas\w*|doubled?|tripled?)\b", re.IGNORECASE)
_FROM_TO = re.compile(
    r"\bfrom\s+(?:about\s+|around\s+|roughly\s+|~)?(?P<a>\S.*?)\s+(?:to|->|→|up\s+to|down\s+to)\s+",
    re.IGNORECASE)
# " to ", "/mo to ", " MRR to ": a start and a target written with their unit
_COMMITTED_ASIDE = re.compile(r"\(\s*[^()]{1,24}?\s+committed\s*\)", re.IGNORECASE)
_TO_BETWEEN = re.compile(r"(?:\s*/\s*[a-z]{1,5}|\s+[A-Z]{2,5})?\s+to\s+[$€£]?")
_ARROW_BETWEEN = re.compile(r"\s*(?:→|->|⟶|=>)\s*[$€£]?")
_TO_BEFORE = re.compile(r"\b(?:to|reach(?:es)?|hit|at)\s*[$€£]?$")
_BY_BEFORE = re.compile(r"\bby\s*$")
_YEAR = re.compile(r"(?:19|20)\d\d")
_LEADING_WORD = re.compile(r"\s*(?:to\s+)?([A-Za-z]+(?:\s+down)?)")
_METRIC_CUT = re.compile(r"\s+(?:from|to|by|at|under|below|above|over|while|without|so\s+that|"
                         r"within|≥|<=|>=|≤)\s+")
_LEADING_COMPARATOR = re.compile(
    r"^\s*(?:at\s+least|at\s+most|no\s+more\s+than|no\s+less\s+than|over|under)\s+", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# "within one business day", "more than one hour": "one" counts a time, it is a threshold
_ONE_UNIT = re.compile(r"\s+(?:business\s+|working\s+|calendar\s+)?(?:day|hour|week|month|minute|second|"
                       r"release|sprint|cycle|iteration|quarter|year)s?\b", re.IGNORECASE)


class Quantity(Record):
    """A number found in text with its span and unit."""

    __slots__ = ("end", "start", "text", "unit", "value")
    value: float
    start: int
    end: int
    text: str
    unit: str | None

    def __init__(self, value: float, start: int, end: int, text: str, unit: str | None) -> None:
        self.value, self.start, self.end, self.text, self.unit = value, start, end, text, unit


def _scale_factor(scale: str | None) -> float:
    if not scale:
        return 1.0
    s = scale.lower()
    if s in ("k", "thousand"):
        return 1_000.0
    if s in ("m", "mn", "million"):
        return 1_000_000.0
    if s in ("bn", "b", "billion"):
        return 1_000_000_000.0
    return 1.0


def _norm_unit(cur: str | None, unit: str | None) -> str | None:
    if cur:
        return {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}[cur]
    if not unit:
        return None
    u = unit.lower()
    if (u.startswith("percent") and "point" in u) or u == "pp":
        return "pp"
    if u in ("%", "percent", "percentage"):
        return "%"
    for prefix, name in (("ms", "ms"), ("milli", "ms"), ("sec", "s"), ("min", "min"),
                         ("hour", "h"), ("hr", "h"), ("day", "days"), ("week", "weeks"),
                         ("wk", "weeks"), ("month", "months"), ("point", "points"),
                         ("pt", "points"), ("star", "stars")):
        if u.startswith(prefix):
            return name
    return {"s": "s", "h": "h", "d": "days", "x": "x", "×": "x"}.get(u, u)


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out spans (same length) so later regexes skip them but offsets stay valid."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = " "
    return "".join(chars)


@lru_cache(maxsize=TEXT_CACHE)
def find_deadline(text: str) -> re.Match[str] | None:
    """The first deadline phrase in the text ("by 7 March", "by end of Q3", "this quarter")."""
    return DEADLINE_RE.search(text)


def _before(text: str, at: int) -> str:
    """The 30 characters before ``at``: enough for the label or determiner regexes anchored
    at its end, without making them scan the whole prefix of a long line."""
    return text[max(0, at - 30):at]


def find_quantities(text: str, skip: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Numbers with units, in order; skipped spans (deadlines) and bare years are left out."""
    masked = _masked(text, skip or [])
    found: list[Quantity] = []
    for m in NUMBER_RE.finditer(masked):
        raw = m.group("num").replace(",", "")
        value = float(raw) * _scale_factor(m.group("scale"))
        unit = _norm_unit(m.group("cur"), m.group("unit"))
        start, end = m.start(), m.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        is_year = (unit is None and not m.group("scale") and _YEAR.fullmatch(m.group("num"))
                   is not None and not m.group("cur"))
        if is_year:
            continue
        if unit is None and _PER_BEFORE.search(_before(text, start)):
            continue  # "per 1,000 bed days", "per 1k invoices": a rate's denominator, not its target
        if start > 0 and text[start - 1] in "#-/" and unit is None:
            continue  # "#1", "30-day", "24/7": labels, not quantities
        if unit is None and not m.group("scale") and (
                (end < len(text) and text[end].isalpha()) or _LABEL_BEFORE.search(_before(text, start))):
            continue  # "5S audits", "floor 3", "ISO 27001", "version 2": names, not targets
        if unit is None and not m.group("scale") and _PRODUCT_BEFORE.search(_before(text, start)) and \
                _VERSION_MOVE.match(text):
            continue
        if end < len(text) and text[end: end + 1] == "-" and unit is None:
            continue  # "30-day churn": part of the metric's name
        found.append(Quantity(value, start, end, text[start:end], unit))
    for m in WORD_NUMBER_RE.finditer(masked):
        if text[m.end(): m.end() + 1] == "-" or _DETERMINER_BEFORE.search(_before(text, m.start())):
            continue  # "five-a-side", "the two HR systems", "our three biggest": not targets
        key = m.group(0).lower().split()[0] if m.group(0).lower().split()[0] != "a" else " ".join(
            m.group(0).lower().split()[:2])
        value = WORD_NUMBERS.get(key, WORD_NUMBERS.get(m.group(0).lower(), 0.0))
        if key == "one" and not re.match(r"one\s+(?:thousand|million|billion|hundred)", m.group(0),
                                          re.I) and not _ONE_UNIT.match(text, m.end()):
            continue  # "one" is mostly an article ("one place"); "one in five" is a multiplier
        found.append(Quantity(float(value), m.start(), m.end(), m.group(0), None))
    found.sort(key=lambda q: q.start)
    return found


@lru_cache(maxsize=TEXT_CACHE)
def find_multiplier(text: str) -> tuple[float, re.Match[str]] | None:
    """Metrics hidden in words: double (+100%), triple, halve (-50%), a third, one in five."""
    m = MULTIPLIER_RE.search(text)
    if not m:
        return None
    w = m.group("word").lower()
    if w.startswith(("double", "twice")):
        return 1.0, m
    if w.startswith("tripl"):
        return 2.0, m
    if w.startswith("quadrupl"):
        return 3.0, m
    if w.startswith("tenfold"):
        return 9.0, m
    if "half" in w or w.startswith("halv"):
        return -0.5, m
    if re.search(r"\bby\s+$", text[: m.start()], re.IGNORECASE):
        return -1 / 3 if "third" in w else -0.25, m  # "cut by a third": a relative change
    return 0.33, m  # "a third", "one in five": a share, treated as a target


def leading_verb(text: str) -> str | None:
    """The first word when it is a verb the parts extractor knows, lower-cased."""
    m = _LEADING_WORD.match(text)
    if not m:
        return None
    word = m.group(1).lower()
    base = _verb_base(word.split()[0])
    if base in INCREASE or base in DECREASE or base in KEEP:
        return base
    return None


def _verb_base(word: str) -> str:
    for suffix in ("ing", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            for candidate in (stem, stem + "e"):
                if candidate in INCREASE or candidate in DECREASE or candidate in KEEP:
                    return candidate
    return word


def _direction_from_words(text: str) -> Direction | None:
    """From the leading verb ("Reduce ..."), else from up/down words before a guard clause."""
    verb = leading_verb(text)
    if verb in KEEP:
        return "keep"
    if verb in DECREASE:
        return "decrease"
    if verb in INCREASE:
        return "increase"
    core = text[: m.start()] if (m := _GUARD.search(text)) else text
    if _DOWN_WORDS.search(core):
        return "decrease"
    if _UP_WORDS.search(core):
        return "increase"
    return None


def _comparator_before(text: str, start: int) -> str | None:
    window = text[max(0, start - 22): start].lower().rstrip()
    for pattern, symbol in _COMPARATOR_RES:
        if pattern.search(window):
            return symbol
    return None


# Cheap first looks: most key results have no placeholder and no "double"/"a third".
# A cheap test before PLACEHOLDER_RE: only lines with one of these can hold a placeholder.
_MAY_HOLD = re.compile(r"[\[<?%]|TBD|TBC|___|[$€£]\s?[XYN]|\bX{1,3}\s|to\s+be\s+set|decide|"
                       r"set\s+(?:after|once|when|in)|agreed?\s+(?:after|once|when)", re.IGNORECASE)
_MAY_MULTIPLY = re.compile(r"doubl|tripl|quadrupl|twice|halv|half|third|quarter|\bin\b|tenfold")
_BASELINE_CUE = re.compile(
    r"\b(?:currently|up\s+from|down\s+from|baseline:?|today|now(?:\s+at)?|was|vs\.?|versus)\s")


# "(Current: tracking)", "(baseline: not measured yet)": the metric exists, its start is not written
START_UNKNOWN = re.compile(r"\s*\(\s*(?:current(?:ly)?|baseline|today|now)\s*:?\s*"
                           r"(?:tracking|being\s+tracked|unknown|not\s+(?:yet\s+)?(?:tracked|measured|known)"
                           r"(?:\s+yet)?)\s*\)", re.IGNORECASE)


def extract_parts(text: str) -> KrParts:
    """Everything the rubric needs to know about a key result's numbers and wording.

    Numbers in a guard clause ("... while keeping uptime above 99.9%") are evidence
    but not the key result's baseline or target.
    """
    lowered = text.lower()
    deadline = find_deadline(text)
    skip = [deadline.span()] if deadline else []
    guard = _GUARD.search(text) if ("whil" in lowered or "without" in lowered) else None
    core_end = guard.start() if guard else len(text)
    holders = list(PLACEHOLDER_RE.finditer(text)) if _MAY_HOLD.search(text) else []
    placeholders = [m.group(0) for m in holders]
    # numbers inside a placeholder ("set after 2 weeks of data") are not the key result's
    if "committed" in lowered:  # "(11.5% committed)": the level promised beside a stretch target
        holders += list(_COMMITTED_ASIDE.finditer(text))
    all_found = [q for q in quantities(text) if not any(h.start() <= q.start < h.end() for h in holders)]
    found = [q for q in all_found if q.end <= core_end]
    parts = KrParts(
        deadline=deadline.group(0) if deadline else None,
        placeholders=placeholders,
        numbers=[Evidence(start=q.start, end=q.end, text=q.text) for q in all_found],
    )
    baseline: Quantity | None = None
    target: Quantity | None = None
    from_to = _FROM_TO.search(_masked(text, skip)[:core_end]) if "from" in lowered else None
    if from_to:
        after_from = [q for q in found if q.start >= from_to.start("a")]
        if after_from:
            baseline = after_from[0]
            later = [q for q in after_from if q.start >= from_to.end()]
            target = later[0] if later else None
    if baseline is None and " to " in text:
        # "Lift trial-to-paid conversion 8% to 11%": two figures of one unit, a start and a target
        for a, b in pairwise(found):
            if a.unit is not None and a.unit == b.unit and _TO_BETWEEN.fullmatch(text[a.end:b.start]):
                baseline, target = a, b
                break
    if baseline is None and ("→" in text or "->" in text or "⟶" in text):
        # "Paying subscribers 8,000 → 11,000", "Win rate 18% -> 25%": a start and a target
        for a, b in pairwise(found):
            if _ARROW_BETWEEN.fullmatch(text[a.end:b.start]):
                baseline, target = a, b
                break
    if baseline is None:
        current = _BASELINE_CUE.search(lowered)
        if current:
            after = [q for q in found if q.start >= current.end()]
            if after:
                baseline = after[0]
    if target is None:
        rest = [q for q in found if q is not baseline]
        to_match = [q for q in rest if _TO_BEFORE.search(lowered[max(0, q.start - 10): q.start])]
        target = to_match[0] if to_match else (rest[0] if rest else None)
    core_placeholders = [m.group(0) for m in holders if m.end() <= core_end]
    if core_placeholders and target is None:
        parts.target_text = core_placeholders[-1]
    if target is not None:
        parts.target = target.value
        parts.target_text = target.text
        parts.unit = target.unit
        parts.comparator = _comparator_before(text, target.start) or "="  # type: ignore[assignment]
    if baseline is not None:
        parts.baseline = baseline.value
        parts.baseline_text = baseline.text
        parts.unit = parts.unit or baseline.unit
    parts.direction = _direction_from_words(text)
    if baseline is not None and target is not None and baseline.value != target.value:
        parts.direction = parts.direction if parts.direction == "keep" else (
            "increase" if target.value > baseline.value else "decrease")
        if baseline.value:
            parts.relative_change = (target.value - baseline.value) / abs(baseline.value)
    elif target is not None and target.unit in ("%", "pp") and _BY_BEFORE.search(
            lowered[max(0, target.start - 6): target.start]):
        sign = -1.0 if parts.direction == "decrease" else 1.0
        parts.relative_change = sign * target.value / 100.0
        parts.comparator = None
    multiplier = find_multiplier(text[:core_end]) if _MAY_MULTIPLY.search(lowered) else None
    if multiplier is not None:
        change, _m = multiplier
        if parts.relative_change is None and change != 0.33:
            sign = -1.0 if parts.direction == "decrease" and change > 0 and change < 1 else 1.0
            parts.relative_change = sign * change if change > 0 else change
        if parts.target_text is None:
            parts.target_text = _m.group(0)
        if parts.direction is None:
            parts.direction = "decrease" if change < 0 else "increase"
    parts.metric = metric_phrase(text, parts, skip)
    return parts


_LEAD_STRIP = re.compile(
    r"^\s*(?:to\s+)?(?:[A-Za-z]+(?:\s+down|\s+up)?)\s+(?:the\s+|our\s+|a\s+)?", re.IGNORECASE
)


def metric_phrase(text: str, parts: KrParts, skip: list[tuple[int, int]]) -> str | None:
    """The words naming what is measured: the text minus verb, numbers, from/to and deadline."""
    # Mask deadline and numbers in place first (offsets stay valid), then cut and strip.
    cut = _masked(text, skip + [(n.start, n.end) for n in parts.numbers])
    cut = _METRIC_CUT.split(cut, maxsplit=1)[0]
    if leading_verb(text):
        cut = _LEAD_STRIP.sub("", cut, count=1)
    cut = _LEADING_COMPARATOR.sub("", cut)
    cut = _SPACES.sub(" ", cut).strip(" .,;:-")
    return cut or None


@lru_cache(maxsize=TEXT_CACHE)
def quantities(text: str) -> tuple[Quantity, ...]:
    """The quantities of a text outside its deadline phrase (cached: checks ask repeatedly)."""
    deadline = find_deadline(text)
    return tuple(find_quantities(text, [deadline.span()] if deadline else []))


def has_quantity(text: str) -> bool:
    """True when the text carries a number, a number word or a multiplier (a metric target)."""
    return bool(quantities(text)) or find_multiplier(text) is not None
