"""A line that is a clause, not an order, kept as a clause in the rewrite: a person and a verb
("Maria signs off on the copy" -> "after Maria signs off on the copy"), or a state reached by
participles ("Welcome packs sent to every new member" -> "once welcome packs are sent to every
new member"), a state of the team's outputs in the present tense ("100% of printed tickets
include a QR code" -> "once 100% of printed tickets include a QR code"), a deliverable and the
state it reaches ("Donation dashboard operational"), or a state said with its verb ("Backup is
automated" -> "once the backup is automated").

Why a module: these are the forms the task rewrite met on real drafts that no "verb + object"
reading covers; pasted after "through the", they read "through the Maria signs off ...".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from coach.core.lemmas import can_be_other, verb_lemma
from coach.rubric.checks.outcome_states import OUTPUT_SUBJECT, OUTPUTS_HAVE
from coach.suggest.phrases import PARTICLES, lower_first, with_article

if TYPE_CHECKING:
    from coach.suggest.claim_rewrite import Thing

_OPENERS = frozenset("the a an our its their every all".split())
_DETERMINER_WORDS = frozenset("All Every Each The Our A An Any Some".split())


def named_clause(thing: Thing) -> str | None:
    """'Maria signs off on the pricing page copy' -> 'after Maria signs off on the pricing page
    copy': a person's name and a verb is a milestone, kept as a clause after 'after'."""
    if thing.form in ("imperative", "gerund"):
        return None
    m = re.match(r"([A-Z][a-z]+)\s+([a-z]+s)\s+(\w+)", thing.line)
    if m is None or verb_lemma(m.group(1)) is not None or can_be_other(m.group(1)):
        return None
    word, after = m.group(2), m.group(3).lower()
    if word in ("is", "was", "has") or verb_lemma(word) in (None, word) or len(thing.line.split()) > 14:
        return None  # "Feedback process & ...": not a verb's third person
    if can_be_other(word) and after not in PARTICLES | _OPENERS:
        return None  # "Real matches playable online": a plural noun, not a verb
    return f"after {thing.line}"


# Participles, regular and the common irregular ones ("screens built", "invites sent")
_PARTICIPLE = (r"(?:[a-z]+(?:ed|en|wn|ne)|built|sent|made|set|put|held|kept|paid|sold|taught|bought|found"
               r"|lost|won|shut|cut|read|met|led|spent|left|lit|run|begun|hung|split|spread)")


def state_clause(thing: Thing) -> str | None:
    """'Payment retry logic documented and tested' -> 'once the payment retry logic is
    documented and tested': a state reached by participles, said as a clause."""
    if thing.form not in ("finite", "passive", "stative"):
        return None
    m = re.match(rf"(.+?)\s+({_PARTICIPLE})((?:\s*(?:,|and|&)\s*{_PARTICIPLE})*)"
                 r"((?:\s+(?:to|by|for|in|on|at|from|with|across|before|within|as)\s+[^,;:]+)?)$", thing.line)
    if m is None or len(m.group(4).split()) > 8 or re.search(r"\b(?:is|are|was|were)\b", m.group(4)):
        return None  # "endpoints used by app are implemented": a second verb, not this state's tail
    parts = [m.group(2), *re.findall(r"[a-z]+", m.group(3).replace(" and ", " "))]
    if any(verb_lemma(p) in (None, p) for p in parts) or re.search(r"\b(?:is|are|was|were|be|been)\b",
                                                                      m.group(1), re.I):
        return None
    subject = lower_first(m.group(1))
    first = subject.split()[0]
    if first[:1].isupper() and first[1:].islower() and (verb_lemma(first) or first.endswith("s")
                                                        or first in _DETERMINER_WORDS):
        subject = first.lower() + subject[len(first):]  # "Welcome packs sent": the sentence's capital
    head = subject.split()[-1].lower()
    be = "are" if head.endswith("s") and not head.endswith(("ss", "us", "is")) else "is"
    done = re.sub(r"\s*&\s*", " and ", m.group(2) + m.group(3)) + m.group(4)  # "... sent to every member"
    return f"once {with_article(subject)} {be} {done}"


# "100% of printed tickets include a QR code", "Every invoice shows the due date": a state of
# the team's own outputs, said in the present tense
_PRESENT_STATE = re.compile(rf"^(?:\d+\s*%|all|every|each){OUTPUT_SUBJECT}"
                            rf"(?:{OUTPUTS_HAVE}|follow|follows|use|uses|meet|meets)\s+\S", re.IGNORECASE)


# "Donation dashboard operational", "Lending app live": a deliverable and the state it reaches
_ADJECTIVE_STATE = re.compile(r"^(?P<subject>(?:[\w-]+\s+){0,5}?[\w-]+)\s+(?P<state>operational|live|ready|"
                              r"available|complete|in\s+place|up\s+and\s+running)\s*\.?$", re.IGNORECASE)


def adjective_state_clause(thing: Thing) -> str | None:
    """'Donation dashboard operational' -> 'once the donation dashboard is operational'."""
    m = _ADJECTIVE_STATE.match(thing.line.strip())
    if m is None or thing.form in ("imperative", "gerund"):
        return None
    subject = lower_first(m.group("subject"))
    first = subject.split()[0]
    if first in _DETERMINER_WORDS:
        subject = first.lower() + subject[len(first):]
    head = subject.split()[-1].lower()
    be = "are" if head.endswith("s") and not head.endswith(("ss", "us", "is")) else "is"
    return f"once {with_article(subject)} {be} {m.group('state').lower()}"


def present_state_clause(thing: Thing) -> str | None:
    """'100% of printed tickets include a QR code' -> 'once 100% of printed tickets include a
    QR code': a state of the team's outputs is what the work reaches, kept as a clause."""
    if not _PRESENT_STATE.match(thing.line) or len(thing.line.split()) > 20:
        return None
    line = thing.line.rstrip(" .;")
    first = line.split()[0]
    if first in _DETERMINER_WORDS:
        line = first.lower() + line[len(first):]
    return f"once {line}"


# "Backup is automated", "All endpoints used by the app are implemented in Docker": a state
# said with its verb, kept whole as a clause
_PASSIVE_LINE = re.compile(r"^(?P<subject>[^,;:]+?)\s+(?P<be>is|are)\s+"
                           rf"(?P<done>(?:fully\s+|now\s+)?{_PARTICIPLE})(?P<tail>(?:\s+[^,;:]+)?)\.?$")


def passive_clause(thing: Thing) -> str | None:
    """'Backup is automated' -> 'once the backup is automated'."""
    m = _PASSIVE_LINE.match(thing.line.strip())
    if m is None or len(m.group("tail").split()) > 8 or len(m.group("subject").split()) > 8:
        return None
    if verb_lemma(m.group("done").split()[-1]) in (None, m.group("done").split()[-1]):
        return None  # "... is used": a word that is no participle of a verb
    subject = m.group("subject")
    first = subject.split()[0]
    if first in _DETERMINER_WORDS or (first[:1].isupper() and first[1:].islower()):
        subject = first.lower() + subject[len(first):]
    return f"once {with_article(subject)} {m.group('be')} {m.group('done')}{m.group('tail')}"
