"""Shapes of key result that reading the claim alone misjudges (outcome versus task).

Why a module of its own: each shape below was found on public OKR sets outside the eval
set and is judged by a small, separate rule that :mod:`coach.rubric.checks.outcome` asks
before (or instead of) its general reading. Every rule returns the span that decided it,
so the finding still shows its evidence.

- a metric label whose target is still to be set ("Meals saved per week: set after two
  weeks of data"): the label is the claim, judged on its own;
- keeping a practice or an artefact going ("Maintain a live roadmap board with 100% of
  items assigned", "Maintain clarity on the priorities"): work, even with a figure that
  only describes the artefact's contents;
- a deliverable named with what it should do, unmeasured ("Referral screen that creates a
  shared list and drives organic growth"): a deliverable;
- a level held every time ("the main branch always passing all CI checks"): a result;
- a metric named with its definition ("Repeat donor rate (2+ gifts within 12 months)"): an
  outcome without a target, the definition's numbers are not one;
- a system held to zero loss under a stress ("Survive a power cut with no data loss"): a result;
- a target said in words ("once per month", "in less than a month", "weekly" at the end),
  which the measurability check also reads.
"""

from __future__ import annotations

import re

from coach.core.claim import read_claim
from coach.core.kr_parts import PLACEHOLDER_RE

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*")
_LABEL = re.compile(r"^\s*(?P<label>[^:\n]{3,80}?)\s*:\s*(?P<rest>\S.*)$")


def label_of_open_target(text: str) -> str | None:
    """The label when all that follows it is a target still to set ("Repeat visits: TBD")."""
    m = _LABEL.match(text)
    if m is None:
        return None
    rest = m.group("rest").strip(" _*.")
    held = PLACEHOLDER_RE.match(rest)
    if held is None or held.end() < len(rest) - 1:
        return None
    return m.group("label")


# What a "maintain/keep" line keeps when it keeps a practice, not a level.
_PRACTICE_OBJECTS = frozenset("""clarity visibility focus oversight overview discipline habit habits routine
routines cadence rhythm hygiene momentum""".split())
_SKIP = frozenset("a an the our one my their its clear single shared live up-to-date current regular "
                  "good healthy".split())
_PHRASE_END = frozenset("of on in for to with and or at by from about across so that which where".split())
_CONTENTS = re.compile(r"\s+(?:with|where|in\s+which|so\s+that)\s+", re.IGNORECASE)


def kept_practice(text: str, after: int, artefacts: list[tuple[int, int]],
                  measured: bool) -> tuple[int, int] | None:
    """The span of the practice or artefact a keep verb keeps, when the line keeps one.

    ``artefacts`` are the spans of artefact or deliverable nouns in the line. A figure in the
    line does not make it a level when it only describes the artefact's contents ("a board
    with 100% of items assigned"); it does when it is what is kept ("Keep uptime above 99.9%")."""
    head: list[re.Match[str]] = []  # the kept noun phrase: up to three words before a preposition
    for m in _WORD.finditer(text, after):
        word = m.group(0).lower()
        if word in _PHRASE_END or len(head) == 3:
            break
        if word not in _SKIP:
            head.append(m)
    for m in head[:1]:
        if m.group(0).lower() in _PRACTICE_OBJECTS:
            return m.span()
    for m in head:
        if any(start == m.start() for start, _end in artefacts):
            contents = _CONTENTS.search(text, m.end())
            figure_in_contents = contents is not None and bool(re.search(r"\d", text[contents.end():]))
            if not measured or figure_in_contents:
                return m.span()
    return None


# A deliverable named, then what it should do, with no figure.
_DELIVERABLE_THAT = re.compile(
    r"\b(?P<noun>screens?|flows?|features?|widgets?|pages?|tools?|mechanisms?|engines?|dashboards?|buttons?|"
    r"forms?|modules?|wizards?|banners?|pop-?ups?|bots?|apps?|plugins?|extensions?|integrations?)\s+"
    r"(?:that|which)\s+", re.IGNORECASE)


def deliverable_with_purpose(text: str) -> tuple[int, int] | None:
    """"Invite screen that creates a shared list and drives growth": the span of the noun
    when a deliverable is named with what it should do and the line has no figure."""
    if re.search(r"\d", text):
        return None
    m = _DELIVERABLE_THAT.search(text)
    return m.span("noun") if m else None


# A level held every time: "always passing all CI checks", "always green".
_ALWAYS_LEVEL = re.compile(r"\balways\s+(?:be\s+|is\s+|are\s+|stays?\s+)?(?:passing|passes|pass|green|up|"
                           r"available|on\s+time|within|under|below|above|deployable|releasable)\b",
                           re.IGNORECASE)


def held_every_time(text: str) -> tuple[int, int] | None:
    """The span of "always <level>" when the line holds a level every time (100%)."""
    m = _ALWAYS_LEVEL.search(text)
    return m.span() if m else None


_PERIOD_WORD = r"(?:hour|day|week|fortnight|month|sprint|quarter|release|cycle|year|meeting|session)"
# "Call each mentor weekly", "Stretch every day in March": the cadence is the target
_CADENCE_AT_END = r"\b(?:daily|weekly|fortnightly|monthly|every\s+(?:single\s+)?" \
    r"(?:day|week|weekday|morning|evening|night|month)" \
    r"(?:\s+in\s+[A-Z][a-z]+)?)\s*[.!]?\s*$"
# "Survive a power cut with no data loss": zero is the target
_ZERO_LOSS = r"\b(?:with|and)\s+(?:no|zero)\s+(?:[a-z-]+\s+){0,2}" \
    r"(?:loss|losses|errors?|failures?|downtime|outages?|" \
    r"incidents?|crashes|complaints|dropped|lost|missed)\b"
# A target said in words: "once per month", "twice a week", "one new experiment every week",
# "in less than a month", "within a day".
_IN_WORDS = re.compile(
    r"\b(?:once|twice|three\s+times|one(?:\s+[A-Za-z-]+){0,4}?)\s+(?:a|an|per|every|each)\s+"
    + _PERIOD_WORD + r"\b"
    r"|\b(?:less|fewer|more)\s+than\s+(?:a|an|one)\s+" + _PERIOD_WORD + r"\b"
    r"|\bwithin\s+(?:a|an|one)\s+" + _PERIOD_WORD + r"\b|" + _CADENCE_AT_END + "|" + _ZERO_LOSS
    # "Every new hire ships code in week one", "Half of members renew online": a share in words
    + r"|^\s*(?:every|each)\s+(?!time\b)[a-z]"
    r"|\b(?:half|a\s+third|two[- ]thirds|a\s+quarter|three[- ]quarters|(?:the|a)\s+majority|majority)\s+of\b",
    re.IGNORECASE)


_NAMES_A_METRIC = re.compile(r"^\s*(?:track|monitor|measure|report|review|check|log)\b", re.IGNORECASE)


def said_in_words(text: str) -> tuple[int, int] | None:
    """The span of a frequency or a limit written in words, or of a level held every time.
    ("Track NPS every month" sets a cadence for watching a metric, not a target for it.)"""
    m = _IN_WORDS.search(text)
    if m is not None and not _NAMES_A_METRIC.match(text):
        return m.span()
    return held_every_time(text)


# "Repeat donor rate (2+ gifts within 12 months)": a metric named, then its definition
_DEFINED = re.compile(r"^\s*(?P<head>[^()\d]{3,60}?)\s*\((?P<definition>[^()]{3,120})\)\s*\.?\s*$")
_TARGET_WORDS = re.compile(r"\b(?:target|goal|aim|baseline|from|to\s+\d)\b", re.IGNORECASE)


_METRIC_NAME = re.compile(r"\b(?:rate|ratio|share|time|score|index|retention|churn|conversion|return|nps|"
                          r"csat|"
                          r"latency|"
                          r"count|number|percentage|average|median|frequency|uptime|revenue|cost|value|size|speed)\b",
                          re.IGNORECASE)


def metric_with_definition(text: str) -> str | None:
    """The metric's name when the line is only a metric and its definition in brackets (the
    numbers there define the metric; they are not its target)."""
    m = _DEFINED.match(text)
    if m is None or _TARGET_WORDS.search(m.group("definition")) or not _METRIC_NAME.search(m.group("head")):
        return None
    head = m.group("head")
    if read_claim(head).form in ("imperative", "gerund") and not _METRIC_NAME.match(head.lstrip()):
        return None  # "Add feedback questions to the NPS (...)": a task that names a metric
    return head


# "Survive a power cut with no data loss", "Handle the holiday peak with zero dropped orders"
_ENDURE = re.compile(r"^\s*(?:survive|handle|withstand|weather|absorb)\b.*" + _ZERO_LOSS, re.IGNORECASE)


def endured_without_loss(text: str) -> bool:
    """Whether the line holds a system to zero loss under a stress: a result, not a task."""
    return _ENDURE.search(text) is not None
