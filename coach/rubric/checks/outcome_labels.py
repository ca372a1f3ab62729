"""Metric names that the claim reader takes for verbs, and effort that reads like a result
(outcome versus task).

Why a module: a sheet's "metric: target" row and a noun phrase that opens with a word that
can also be a verb read, word by word, like a task: "Invoice disputes per 1k invoices below
4" starts with "invoice", "Paying digital subscribers 8,000 → 11,000" with a gerund, "WCAG
contrast failures on core flows: 0" has "flows" before a figure. A coach reads each as a
metric and its level. The same row shape also holds the team's own effort, named by a
participle ("Grant applications submitted: 15", "Workshops held: from 2 to 6"): a count of
its own work. Effort also hides behind verbs that can name results: input gathered ("Get
feedback from 20 pharmacists a month"), time spent ("Spend 4 hours a week pairing") and the
team's own output with the team as subject ("Engineering teams contribute 1200 code reviews").
Each rule returns the span that decided it, so the finding shows its evidence.
"""

from __future__ import annotations

import re

from coach.core.claim import Claim, read_claim
from coach.core.lemmas import can_be_other
from coach.rubric.checks.base import Outcome
from coach.rubric.checks.outcome_words import WORD, fail, noun_is

# "Label: 0", "Label: ≥ 95%", "Label: from 2 to 6 per quarter", "Label: 400 children", "Label: [X]%"
_LABEL_TARGET = re.compile(
    r"^(?P<label>[^:]{3,90}?)\s*:\s*(?:from\s+)?(?:at\s+least|at\s+most|under|below|above|over|up\s+to|"
    r"[<>≤≥~=]=?)?\s*(?:[$€£]\s?)?(?:\d[\d,.]*|\[[^\]]{1,12}\]|[XYN])\s*(?:%|[kKmM]\b)?"
    r"(?P<rest>[^:]{0,60})$", re.IGNORECASE)
_FIGURE = r"(?:[$€£]\s?)?(?:\d[\d,.]*|\[[^\]]{1,12}\]|[XYN])\s*(?:%|[kKmM]\b)?"
_REST_OK = re.compile(r"^\s*(?:(?:→|->|to|-|–)\s*" + _FIGURE + r")?(?:\s*(?:per|a|an|each|every)\s+[a-z]+)?"
                      r"(?:\s*[a-z][\w-]*){0,2}\s*\.?\s*$", re.IGNORECASE)
# The team's own effort, named by what it did: "submitted", "held", "published", "installs"
_OWN_WORK = re.compile(r"\b(?:submitted|held|run|published|written|sent|delivered|shipped|completed|"
                       r"hosted|conducted|organi[sz]ed|created|produced|built|filed|drafted|posted|given|"
                       r"installed|installs|closed|merged|done)\s*$", re.IGNORECASE)
_BY_OTHERS = re.compile(r"\bby\s+(?!us\b|the\s+team\b|our\s+team\b)\w+", re.IGNORECASE)
# Words that describe people before their noun ("paying customers"), where the same word before
# an object would be a task ("Recruiting volunteers", "Onboard new customers" are not here)
_DESCRIBING = frozenset("paying returning recurring repeat existing remaining participating contributing "
                        "practising practicing attending visiting subscribing renewing lapsing lapsed "
                        "churning".split())
_DETERMINERS = frozenset("the a an our their its this that these those all every each".split())


def metric_row(text: str) -> Outcome | None:
    """A "metric: target" row: its label judged as a metric's name. None when the line is not
    such a row or its label is an ordinary sentence (the usual reading decides)."""
    if ":" not in text:
        return None
    m = _LABEL_TARGET.match(text)
    if m is None or not _REST_OK.match(m.group("rest")):
        return None
    label = m.group("label")
    span = m.span("label")
    work = _OWN_WORK.search(label)
    if work and not _BY_OTHERS.search(label):
        return fail("count of the team's own output", "counted-activity", [span])
    words = WORD.findall(label)
    if len(words) < 2:
        return None
    claim = read_claim(label)
    if claim.form == "noun" or (claim.form in ("imperative", "gerund", "finite") and can_be_other(claim.word)
                                and words[1].lower() not in _DETERMINERS):
        return Outcome(True, 0.9, spans=[span], note="a metric named, then its target")
    return None


def adjective_before_people(text: str, claim: Claim, audience: frozenset[str]) -> bool:
    """"Paying digital subscribers 8,000 → 11,000", "Repeat customers": the first word
    describes the people counted, it is no verb (an object would follow a determiner or a
    number: "Onboard 40 customers")."""
    if claim.form not in ("imperative", "gerund") or claim.word.lower() not in _DESCRIBING:
        return False
    after = [w.strip(",.;") for w in text[claim.end:].split()[:3]]
    if not after or after[0].lower() in _DETERMINERS:
        return False
    people = next((i for i, w in enumerate(after) if noun_is(w, audience)), None)
    if people is None or not all(w.isalpha() or "-" in w for w in after[:people + 1]):
        return False  # "Onboarding 3 new nurses": a number first, so an object
    rest = text[claim.end:]
    return bool(re.search(r"\d|\[", rest)) or len(WORD.findall(rest)) <= people + 1


_INPUT = re.compile(r"^\s*(?:get|gather|collect|solicit|seek|obtain|request)\s+(?:[\w-]+\s+){0,2}?"
                    r"(?:input|feedback|insights?|opinions|views|comments|ideas|suggestions)\b",
                    re.IGNORECASE)
_APPROVAL = re.compile(r"\b(?:positive|good|great|favou?rable|\d(?:[–-]\d)?[- ]star|rating|score|nps)\b",
                       re.IGNORECASE)
_TIME_SPENT = re.compile(r"^\s*(?:spend|dedicate|invest|allocate|block|commit)\s+(?:at\s+least\s+)?\d+\s*"
                         r"(?:hours?|hrs?|h|days?|minutes?|mins?|weeks?)\b", re.IGNORECASE)
_TEAM_OUTPUT = re.compile(r"^\s*(?:(?:our|the)\s+)?(?:[\w-]+\s+){0,2}?(?:teams?|squads?|engineers|developers|"
                          r"staff|we)\s+(?:contribute|write|publish|deliver|ship|run|hold|complete|produce|"
                          r"review|close|merge|post|send)s?\b", re.IGNORECASE)


# "6 onboarding webinars hosted this half", "4 conferences spoken at", "3 new engineering hires"
_COUNTED_WORK = re.compile(r"^\s*(?:\d[\d,.]*\+?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+"
                           r"(?:(?:[\w&-]+\s+){0,4}?(?:hosted|held|completed|delivered|published|written|"
                           r"shipped|launched|built|created|produced|conducted|organi[sz]ed|sent|given|posted|"
                           r"spoken\s+at|recorded|filmed|drafted)\b(?!\s+by\b)|(?:new\s+)?(?:[\w-]+\s+){0,2}hires\b)",
                           re.IGNORECASE)
# "Refund page shipped, cutting refund tickets by 30%": the work, then the measured result it had
_RESULT_AFTER = re.compile(r",\s*(?:achieving|enabling|cutting|reducing|raising|lifting|driving|doubling|"
                           r"halving|resulting\s+in|leading\s+to|so\s+that|with|each)\s+[^,;]{0,60}?\d[\d,.]*\s*(?:%|x\b|"
                           r"(?:[\w-]+\s+){0,3}(?:customers|users|members|people|visits|visitors|readers|"
                           r"workflows|teams|clients|patients|students|buyers))", re.IGNORECASE)


_OWN_PROCESS = re.compile(r"\b(?:attendance|velocity|story\s+points|tasks|tickets\s+closed|commits|"
                          r"utili[sz]ation|coverage)\b", re.IGNORECASE)


def result_after(text: str) -> Outcome | None:
    """A task followed by the measured result it had: the result is what is judged."""
    found = _RESULT_AFTER.search(text)
    if found is None or _OWN_PROCESS.search(text, found.start()):
        return None  # "..., achieving 90% attendance": the team's own process, still work
    return Outcome(True, 0.9, spans=[found.span()], note="a task tied to a measured outcome")


def own_effort(text: str) -> Outcome | None:
    """Effort that a result verb or a count makes look like a result (see the module docstring)."""
    found = _COUNTED_WORK.match(text)
    if found and not _RESULT_AFTER.search(text):
        return fail("count of the team's own output", "counted-activity", [found.span()])
    found = _INPUT.match(text)
    if found and not _APPROVAL.search(text):
        return fail("input to gather", "task", [found.span()])
    found = _TIME_SPENT.match(text) or _TEAM_OUTPUT.match(text)
    if found:
        return fail("count of the team's own output", "counted-activity", [found.span()])
    return None
