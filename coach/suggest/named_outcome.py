"""The outcome a task serves, when the draft already names it.

Why: a plain task ("Migrate the checkout to the new provider") is rewritten as an outcome with
marked placeholders, and the offline rewriter used to leave the metric blank ("Raise [outcome
metric] ...") and always "Raise", even when the author had written what is measured: in a
``Measure:`` / ``Target:`` note under the key result (the parser keeps such lines in
``KeyResult.notes``), or in an objective that itself states a directional result on a
measurable thing ("Cut failed payments at checkout"). A manager then has to type in a metric
that is already on the page, and "Raise" under a "Cut ..." objective reads backwards.

Both sources are the author's words, so nothing is invented: the note's numbers count as
given (the gate allows them, ``Gate.allowed_numbers``), and the objective's noun phrase is
used as written with its own verb. Reading the objective is deliberately conservative: it
must start with a direction verb and its head noun must be a quantity or a countable thing
(a rate, a time, a cost, payments, tickets...). "Improve developer experience", "Grow the
community" or "Delight customers" name no metric, and keep the placeholder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.core.kr_parts import extract_parts, find_deadline, find_quantities
from coach.core.lemmas import verb_lemma

# The objective's verb as written; "Halve" / "Double" already say the target, which the
# [target] placeholder asks for, so they become the plain direction.
_DOWN_VERBS = {"cut": "Cut", "reduce": "Reduce", "lower": "Lower", "decrease": "Decrease", "halve": "Cut",
               "shorten": "Shorten", "minimise": "Cut", "minimize": "Cut", "slash": "Cut", "trim": "Trim"}
_UP_VERBS = {"raise": "Raise", "increase": "Increase", "grow": "Grow", "double": "Raise", "triple": "Raise",
             "lift": "Lift", "boost": "Raise", "improve": "Raise"}
# Verbs whose direction the metric decides ("Improve response time" asks for less time).
_DIRECTIONLESS = frozenset({"improve", "boost"})

# Head nouns that are a quantity, or a countable thing whose count is the measure.
_QUANTITY = frozenset("""rate rates ratio share percentage proportion number count amount level time times
duration durations latency speed cost costs spend spending bill bills budget revenue revenues sales income
margin margins profit profits churn retention conversion conversions uptime downtime score scores nps csat arr
mrr throughput wait waits delay delays backlog backlogs turnover attrition absence absences emissions waste
usage adoption activation sign-ups signups sign-up registrations errors bugs defects tickets payments
incidents outages complaints orders bookings deliveries returns refunds cancellations failures crashes
escalations visits visitors downloads installs leads deals subscribers members users customers donors
donations readers
patients students transactions purchases renewals trials applications enquiries inquiries requests calls
appointments no-shows attendees attendance hours minutes days weeks seconds mistakes accidents injuries
breakages reorders repeat-orders""".split())
_CUT_AT = re.compile(
    r"\s+(?:by|from|to|under|below|above|over|at|within|of)\s+(?=[~≈$€£]?\d|\[|half\b|a\s+(?:half|third|quarter)\b)"
    r"|\s*[,;:(]|\s+(?:while|whilst|without|so\s+that|in\s+order\s+to|through|via|by\s+(?=[a-z]+ing\b))\s+",
    re.I)
_SPLIT = re.compile(r"\s+(?:of|at|in|on|for|per|to|from|with|across|during|among|by|within|through|that"
                    r"|who|which|where|when|after|before|over|under|between)\s+", re.I)
_DETERMINER = re.compile(r"^(?:the|our|a|an|all|every|each|its|their|your|my)\s+", re.I)
_FRAME = frozenset({"time", "times", "share", "number", "rate", "percentage", "proportion", "count", "cost",
                    "costs", "amount"})
# What is measured falls when it is one of these ("complaints per month", "minutes to serve").
_DOWNWARD = re.compile(
    r"\b(?:time|times|minutes|hours|days|seconds|wait|waits|waiting|latency|delays?|churn|costs?|spend|bills?"
    r"|errors?|bugs?|defects?|incidents?|outages?|downtime|tickets?|complaints?|backlog|refunds?|returns?"
    r"|abandon\w*|attrition|turnover|escalations?|waste|emissions?|cancellations?|failures?|failed|crash\w*"
    r"|no-shows?|missed|late|lost|leave|leaves|left|drop\w*|mistakes?|accidents?|injur\w*|absences?)\b", re.I)


@dataclass(frozen=True)
class NamedOutcome:
    """``verb metric`` is the result the author named; ``baseline`` / ``target`` are the
    author's own numbers for it, as written (None when only a placeholder can stand there)."""

    verb: str
    metric: str
    baseline: str | None = None
    target: str | None = None
    source: str = "objective"


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .,;:-–—")


def _measurable(phrase: str) -> bool:
    """Whether the noun phrase's head is a quantity or a countable thing."""
    body = _DETERMINER.sub("", phrase.strip())
    words = body.split()
    if not words:
        return False
    if words[0].lower() in _FRAME:  # "the time patients wait at reception", "the share of ..."
        return True
    chunk = _SPLIT.split(body, maxsplit=1)[0].split()
    return bool(chunk) and chunk[-1].lower().strip("'’") in _QUANTITY


# People an objective can be about ("Members can book a court ...", "Help new volunteers stay ...").
_PEOPLE = (r"(?:members|volunteers|customers|clients|guests|users|parents|patients|students|pupils|readers"
           r"|donors|shoppers|players|visitors|neighbours|neighbors|families|developers|contributors|staff"
           r"|employees|learners|tenants|residents|buyers|sellers|subscribers|listeners|viewers|fans|partners"
           r"|teachers|kids|children|people|riders|drivers|diners|attendees|participants|merchants|vendors"
           r"|farmers|makers|creators|writers|authors|editors|analysts|engineers|researchers|travellers"
           r"|travelers|commuters|hikers|cyclists|runners|musicians|artists|nurses|doctors|businesses)")
_PEOPLE_DO = re.compile(
    r"^(?:help\s+|get\s+)?(?P<who>(?:(?:our|the|all|more|new|first-time|returning|regular|local|young|older"
    r"|existing|paying|active)\s+){0,3}" + _PEOPLE + r")\s+(?:can\s+|to\s+)?(?P<do>[a-z]+\b.*)$", re.I)


# Verbs that bring people in ("Gather volunteer drivers", "Recruit mentors for the club")
_GATHER = frozenset("gather recruit attract find win enlist sign onboard".split())
_PEOPLE_HEAD = re.compile(r"\b(?:" + _PEOPLE[3:-1] + r"|drivers|helpers|mentors|sponsors|coaches|hosts|tutors"
                          r"|ambassadors|advocates|followers|regulars)$", re.I)


def _people_doing(text: str) -> NamedOutcome | None:
    """'Members can book a court without calling the club' -> ('Raise', 'the share of members who
    book a court without calling the club'): an objective about what people do names its
    metric, the share of them who do it. None when what they do is not a plain verb phrase or
    is something to cut ("leave", "wait", "miss")."""
    m = _PEOPLE_DO.match(text)
    if m is None or re.search(r"\d|\[|;", text) or len(text.split()) > 14:
        return None
    who = re.sub(r"^(?:our|the|all|more)\s+", "", m.group("who"), flags=re.I).lower()
    do = m.group("do")
    first = do.split()[0].lower()
    if verb_lemma(first) != first or first in ("are", "have", "be") or _DOWNWARD.search(do) or \
            re.search(r"\b(?:more|less|fewer|better|worse)\b", do, re.I):
        return None  # "Members are happy", "Guests wait less": no verb phrase to count, or one to cut
    return NamedOutcome("Raise", f"the share of {who} who {do}")


# "Meals go out on time", "Parcels arrive undamaged": things and what should be true of them
_THINGS_DO = re.compile(r"^(?P<what>(?:(?:our|the|all|every)\s+)?(?:[a-z-]+\s+){0,2}[a-z-]+[^s\W]s)\s+"
                        r"(?P<do>[a-z]+\b.*)$", re.I)
_NOT_STATES = frozenset("""be are is have has can could will would should may might must do does grow rise
increase fall drop decline improve shrink double stay remain keep become get""".split())


def _things_doing(text: str) -> NamedOutcome | None:
    """'Meals go out on time' -> ('Raise', 'the share of meals that go out on time'): an objective
    that says what should be true of the things the team handles names its metric, the share of
    them for which it is. None for a quantity that moves ("Sales grow") or a state to cut."""
    m = _THINGS_DO.match(text)
    if m is None or re.search(r"\d|\[|;|,", text) or len(text.split()) > 12:
        return None
    what, do = m.group("what"), m.group("do")
    opener = what.split()[0].lower()
    if verb_lemma(opener) == opener:
        return None  # "Make our volunteers feel at home": an order, not things and their state
    head = what.split()[-1].lower()
    first = do.split()[0].lower()
    if head in _QUANTITY - _COUNTABLE or first in _NOT_STATES or verb_lemma(first) != first or \
            _DOWNWARD.search(re.sub(r"\bon\s+time\b", "", do, flags=re.I)) or _COMPARED_STATE.search(do):
        return None
    what = re.sub(r"^(?:our|the|all|every)\s+", "", what, flags=re.I)
    return NamedOutcome("Raise", f"the share of {what[0].lower() + what[1:]} that {do}")


_COMPARED_STATE = re.compile(r"\b(?:more|less|fewer|better|worse|faster|slower|longer|shorter|sooner|earlier"
                             r"|later|cheaper)\b", re.I)
# Countable things whose share can be judged one by one ("orders that arrive on time")
_COUNTABLE = frozenset("""orders bookings deliveries payments tickets requests calls appointments visits
applications enquiries inquiries transactions purchases renewals trials returns refunds""".split())


# "Make checkout effortless for small merchants": how the people it is for find the thing
_MAKE_FOR = re.compile(r"^make\s+(?P<thing>(?:the\s+|our\s+)?(?:[\w-]+\s+){0,3}?[\w-]+)\s+"
                       r"(?P<adj>effortless|easy|simple|fast|quick|reliable|enjoyable|welcoming|safe|clear|painless|"
                       r"smooth|delightful|accessible|affordable|fun|friendly)\s+for\s+"
                       r"(?P<who>(?:(?:all|our|the|new|small|first-time|returning|local|young|older|paying)\s+)?"
                       r"(?:[\w-]+\s+)?" + _PEOPLE + r")$", re.I)


def _made_for(text: str) -> NamedOutcome | None:
    """'Make checkout effortless for small merchants' -> ('Raise', 'the share of small merchants
    who find checkout effortless'): what the people it is for say of the thing."""
    m = _MAKE_FOR.match(text)
    if m is None:
        return None
    who = re.sub(r"^(?:all|our|the)\s+", "", m.group("who"), flags=re.I).lower()
    thing = m.group("thing")
    found = f"{thing[0].lower() + thing[1:]} {m.group('adj').lower()}"
    return NamedOutcome("Raise", f"the share of {who} who find {found}")


def from_objective(objective: str) -> NamedOutcome | None:
    """'Cut failed payments at checkout' -> ('Cut', 'failed payments at checkout'); 'Members
    can book a court online' -> ('Raise', 'the share of members who book a court online');
    None when the objective neither starts with a direction nor says what people do, or what
    follows names no measurable thing."""
    text = _tidy(objective)
    deadline = find_deadline(text)
    if deadline is not None:
        text = _tidy(text[: deadline.start()] + " " + text[deadline.end():])
    m = re.match(r"([A-Za-z]+)\s+(.+)$", text)
    if m is None:
        return None
    word, rest = m.group(1).lower(), m.group(2)
    verb = _DOWN_VERBS.get(word) or _UP_VERBS.get(word)
    if verb is None and word in _GATHER:  # "Gather volunteer drivers": how many of them there are
        people = _tidy(re.split(r"\s*[,;:(]|\s+(?:so|to|who|that|and)\s+", rest, maxsplit=1)[0])
        if _PEOPLE_HEAD.search(_SPLIT.split(people, maxsplit=1)[0]) and len(people.split()) <= 8:
            people = re.sub(r"^(?:more|new|additional|extra)\s+", "", _DETERMINER.sub("", people), flags=re.I)
            return NamedOutcome("Raise", f"the number of {people}")
        return None
    if word == "make":
        return _made_for(text)
    if verb is None:
        return _people_doing(text) or _things_doing(text)
    if re.search(r";|\band\s+(?:cut|reduce|lower|grow|raise|increase|improve|boost|make|keep)\b", rest, re.I):
        return None  # two results in one objective: neither is the one metric of its tasks
    cut = _CUT_AT.search(rest)
    metric = _tidy(rest[: cut.start()] if cut else rest)
    if (not metric or len(metric.split()) > 10 or re.search(r"\d|\[", metric)
            or re.search(r"\s(?:and|or|&|\+)\s|/", metric) or not _measurable(metric)):
        return None
    if word in _DIRECTIONLESS:
        verb = "Cut" if _DOWNWARD.search(metric) else "Raise"
    return NamedOutcome(verb, metric)


_NOTE = re.compile(r"^\s*(?P<label>measure|metric|measured\s+by|target)\s*:\s*(?P<value>\S.*)$", re.I)
_LEAD_VERB = re.compile(r"^(?P<verb>[A-Za-z]+)\s+(?=\S)")
_CLEAN_TARGET = re.compile(
    r"^(?:(?:at\s+least|at\s+most|no\s+more\s+than|no\s+less\s+than|fewer\s+than|less\s+than|more\s+than"
    r"|under|below|above|over|up\s+to|≤|≥|<=|>=|<|>|~)\s*)?[$€£]?\d", re.I)
_DOWN_COMPARATOR = re.compile(r"^(?:at\s+most|no\s+more\s+than|fewer\s+than|less\s+than|under|below|≤|<=|<)",
                              re.I)
_UP_COMPARATOR = re.compile(r"^(?:at\s+least|no\s+less\s+than|more\s+than|above|over|≥|>=|>)", re.I)


def _target(value: str) -> tuple[str | None, str | None, str | None]:
    """(baseline, target, direction) from a ``Target:`` note's value, only when the value is
    numbers (with a comparator or a 'from ... to'), not a sentence about something else."""
    value = _tidy(value)
    quantities = find_quantities(value)
    if not quantities or len(value.split()) > 8:
        return None, None, None
    parts = extract_parts(value)
    if re.match(r"from\s", value, re.I) and len(quantities) == 2:
        start, end = quantities
        down = parts.direction == "decrease" or start.value > end.value
        return start.text, _tidy(value[end.start:]), "down" if down else "up"
    if len(quantities) != 1 or not _CLEAN_TARGET.match(value):
        return None, None, None
    deadline = find_deadline(value)
    rest = value[quantities[0].end:deadline.start() if deadline else len(value)]
    if len(re.findall(r"[A-Za-z]+", rest)) > 2:
        return None, None, None  # "100% of urgent repairs done by Week 4": a statement, not a number
    direction = "down" if _DOWN_COMPARATOR.match(value) else "up" if _UP_COMPARATOR.match(value) else None
    return None, value, direction


_DONE_STATE = re.compile(r"\b(?:completed?|done|received|booked|signed|submitted|finished|in\s+place|"
                         r"live|approved|yes/no|achieved)\s*\.?$", re.IGNORECASE)


def from_notes(notes: list[str]) -> NamedOutcome | None:
    """The metric of a ``Measure:`` note and the numbers of a ``Target:`` note under the key
    result. A Target alone gives an outcome with an empty metric (the caller keeps its
    placeholder); None when the notes name neither."""
    measure = baseline = target = direction = None
    for note in notes:
        m = _NOTE.match(note)
        if m is None:
            continue
        label, value = m.group("label").lower(), m.group("value")
        if label == "target" and target is None:
            baseline, target, direction = _target(value)
        elif label != "target" and measure is None:
            measure = re.sub(r"\s*\([^)]*\)", "", value)
            measure = _tidy(measure)
            if not measure or len(measure.split()) > 12 or re.search(r"[\[\]{}]", measure) or \
                    _DONE_STATE.search(measure):
                measure = None  # "Measure: registration completed": a yes/no state, no metric to raise
    if measure is None and target is None:
        return None
    verb = None
    if measure:
        lead = _LEAD_VERB.match(measure)
        word = lead.group("verb").lower() if lead else ""
        if word in _DOWN_VERBS or word in _UP_VERBS:  # "Measure: reduce time to first reply"
            measure = measure[lead.end():] if lead else measure
            verb = _DOWN_VERBS.get(word) or _UP_VERBS[word]
            if word in _DIRECTIONLESS:
                verb = None
    if verb is None:
        if direction == "down" or (direction is None and measure and _DOWNWARD.search(measure)):
            verb = "Cut"
        elif direction == "up" or measure:
            verb = "Raise"
        else:
            verb = ""  # a target alone: the direction is the caller's to decide
    return NamedOutcome(verb, measure or "", baseline, target, source="notes")
