"""Hold lines ("Maintain / Keep / Stay / Continue / Remain ..."): the guard a stretch keeps.

Why a module of its own: a hold line is a health metric, and its repair is a stretch on a
related metric with the held level kept as a guard ("Raise [stretch metric] from [baseline]
to [target] while keeping the average guest rating at or above 4.5 stars"). Building the
guard by deleting words from the line ("at", "of", the numbers) left symbols and units
behind ("rating ≥ overall at or above 4.5 stars", "within day at or above one"), and a
keyword anywhere in the held phrase picked a stretch that measured the held thing again
("rating" -> "customers who would recommend us", "bugs" -> "defects that reach customers").
Here the guard is taken from the parsed parts of the line (its metric, comparator and
target, in the author's words) or, when they cannot be taken cleanly, from the line as
written after its verb; a stretch family needs the held metric to *be* that metric; and a
line that fits none of these gets no guard, so the caller says nothing.
"""

from __future__ import annotations

import re

from coach.core.claim import read_claim
from coach.core.kr_parts import KEEP, extract_parts, find_quantities
from coach.rubric.checks import first_word
from coach.suggest.claim_rewrite import gerund

HOLD_VERBS = frozenset(KEEP) | {"uphold"}
# A stretch that moves with the held metric without measuring it again; matched against the
# head of the held metric (before "on/for/in ..."), never a word inside it.
GUARD_FAMILIES: list[tuple[re.Pattern[str], str, str]] = [(re.compile(p, re.I), v, m) for p, v, m in [
    (r"(?:service\s+|site\s+|platform\s+)?(?:uptime|availability)", "Cut", "customer-facing incidents"),
    (r"csat|customer\s+satisfaction(?:\s+score)?", "Raise", "the share of {aud} who would recommend us"),
    (r"(?:(?:average|median|mean|first|p\d\d)\s+)*(?:first[- ])?(?:response|resolution|reply|handle|handling)"
     r"\s+times?", "Raise", "the share of tickets solved on first contact"),
]]
_DOWN = re.compile(r"(?<![\w-])(?:time|times|wait|latency|delay|churn|cost|costs|spend|errors?|bugs?|defects?"
                   r"|incidents?|outages?|downtime|tickets?|complaints?|backlog|refunds?|returns?|cancellations?"
                   r"|failures?|crash(?:es)?|waste|debt|risks?|absences?)(?![\w-])", re.I)
# Words that may stand between a held metric and its level ("at ≥", "at or above", "no more than").
_COMPARING = frozenset("at least most or above below under over no more less fewer than a an ≥ ≤ >= <= > <"
                       .split())
_DETERMINER = re.compile(r"(?:\b(?:the|our|its|their|my)\s+)$", re.I)
_PREPOSITION = re.compile(r"\s+(?:on|for|in|of|at|across|within|per|from|with|to|by)\s+", re.I)
_CLEAN_METRIC = re.compile(r"[A-Za-z][\w'’/&-]*(?:\s+[A-Za-z][\w'’/&-]*)*")
_SYMBOLS = re.compile(r"[≥≤<>=~±]|(?<!\d)[–—]|[–—](?!\d)|\s-\s")  # a range "1–2" is the author's
_NOT_A_HEAD = frozenset("""ahead behind on off in at within above below under over of for to with up down
consistently always steadily still""".split())


def _comparison(comparator: str | None, metric: str, value: float | None) -> str | None:
    if comparator in (">=", ">"):
        return "at or above"
    if comparator in ("<=", "<"):
        return "at or below"
    if comparator == "=":
        if value == 0:
            return "at"
        return "at or below" if _DOWN.search(metric) else "at or above"
    return None


def _metric_guard(text: str) -> tuple[str, str] | None:
    """'Keep the average guest rating at ≥ 4.5 stars overall' -> ('average guest rating',
    'the average guest rating at or above 4.5 stars overall'): the held metric and the guard
    in the author's words, or None when the parts do not cover the line cleanly."""
    head = first_word(text)
    start = head[2] if head is not None and head[0] in HOLD_VERBS else 0
    parts = extract_parts(text)
    metric, target = parts.metric or "", parts.target_text
    if not target or not _CLEAN_METRIC.fullmatch(metric) or len(metric.split()) > 8:
        return None
    if metric.split()[0].lower() in _NOT_A_HEAD or metric.split()[-1].lower() in _NOT_A_HEAD:
        return None
    level = next((n for n in parts.numbers if n.text == target), None)
    found = re.search(rf"\b{re.escape(metric)}\b", text[start:], re.I)
    if level is None or found is None:
        return None
    m_start, m_end = start + found.start(), start + found.end()
    compare = _comparison(parts.comparator, metric, parts.target)
    if compare is None:
        return None
    if m_end <= level.start:  # "the average guest rating at ≥ 4.5 stars overall"
        lead, tail = text[start:m_start], text[level.start:].strip()
        det = _DETERMINER.search(lead)
        if lead[: det.start() if det else len(lead)].strip() or len(tail.split()) > 8:
            return None
        named, comparing = (det.group(0) if det else "") + text[m_start:m_end], text[m_end:level.start]
    elif level.end <= m_start and not text[m_end:].strip():  # "a 99.5% uptime on the booking site"
        named, tail = text[m_start:m_end], level.text
        comparing = text[start:level.start] + " " + text[level.end:m_start]
    else:
        return None
    if any(w.lower() not in _COMPARING for w in comparing.split()):
        return None
    if _SYMBOLS.search(tail):
        return None
    guard = f"{named} {compare} {tail}"
    if any(q.text not in guard for q in find_quantities(text)):
        return None  # a second number the guard would lose ("1-2 chapters")
    return metric, guard


def _action_guard(verb: str, rest: str) -> str | None:
    """'Continue to answer all emails within one day' -> 'still answering all emails within
    one day': what the team keeps doing, in its own words."""
    claim = read_claim(rest)
    if claim.start != 0 or claim.verb is None or claim.verb in ("be", "have") or claim.verb in HOLD_VERBS:
        return None
    if claim.form == "gerund" or (claim.form == "imperative" and verb == "continue"):
        word = claim.word if claim.form == "gerund" else gerund(claim.verb)
        return f"still {word}{rest[claim.end:]}"
    return None


def held(text: str) -> tuple[str | None, str] | None:
    """The held metric (None when the line holds an action or a state) and the guard a
    stretch keeps, in the author's words; None when neither can be taken cleanly."""
    head = first_word(text)
    if head is None or head[0] not in HOLD_VERBS:
        return None
    verb, rest = head[0], text[head[2]:].strip()
    for source in (text, rest):
        found = _metric_guard(source)
        if found is not None:
            return found[0], f"keeping {found[1]}"
    if verb == "continue" and re.match(r"to\s", rest, re.I):
        rest = rest[3:].strip()
    action = _action_guard(verb, rest)
    if action is not None:
        return None, action
    if verb == "continue" or not rest or _SYMBOLS.search(rest) or rest.endswith(("?", ":")):
        return None
    return None, f"{gerund(verb)} {rest}"  # "staying at least 2 weeks ahead on the laundry rota"


def stretch_for(metric: str | None, aud: str) -> tuple[str, str]:
    """The verb and stretch metric for a held metric: a family only when the held metric is
    that metric ("uptime on the booking site"), else a placeholder the author names."""
    if metric:
        head = _PREPOSITION.split(metric, maxsplit=1)[0].strip()
        for pattern, verb, stretch in GUARD_FAMILIES:
            if pattern.fullmatch(head):
                return verb, stretch.format(aud=aud)
    return "Raise", "[stretch metric]"
