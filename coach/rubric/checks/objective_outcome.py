"""Outcome or project, for objectives: an aspiration may be a noun phrase ("Operational
excellence"), a project is named by its deliverable or its title ("Reading Room Upgrades",
"Establish Fundraising Infrastructure", "Launch the partner portal").

Why apart from the key-result check: objectives are judged on other words (aspirations and
the people served) and need no count or measure; only the shared helpers are common.
"""

from __future__ import annotations

import re
from typing import Any

from coach.core.claim import read_claim
from coach.core.kr_parts import has_quantity
from coach.rubric.checks.base import Outcome, find_terms, pattern
from coach.rubric.checks.outcome_states import ROMANCE_PROJECT
from coach.rubric.checks.outcome_words import COMPARATIVE, IMPROVE_LIKE, fail, improve_like, word_set

# Verbs that change what follows ("Speed up delivery"): an objective, said vaguely.
_CHANGE_VERBS = frozenset("""speed accelerate increase reduce cut grow boost raise lower shorten simplify
halve double expand scale achieve reach hit keep maintain""".split())
# "Operationalize X", "Productize Y": a made-up -ize verb opening the line is a project.
_PROJECT_VERB = re.compile(r"^\s*([A-Z][a-z]{4,}(?:ize|izing))\s+(?:the\s+|our\s+|a\s+)?[A-Za-z]")
# "Data Model Delivery", "Volunteer Onboarding Enhancements", "Book Delivery Optimization (Tech
# Debt)", "Project Lighthouse": a project named by its title
_DELIVERY_HEAD = re.compile(r"\b(?:delivery|enhancements|improvements|automation|optimi[sz]ation|upgrades|"
                            r"overhaul|refactor(?:ing)?|migration|implementation|roll-?out|revamp|redesign|rebuild|"
                            r"integrations?)\s*(?:\([^()]*\))?\s*[.!]?\s*$|^\s*project\s+[A-Z][a-z]+\b",
                            re.IGNORECASE)

# "... as the reference practice for", "... as the go-to supplier": a place in other people's minds
_POSITION = re.compile(r"\bas\s+(?:the|a|an|their|our)\s+(?:[\w-]+\s+){0,2}?(?:reference|go-to|leading|"
                       r"default|standard|preferred|first\s+choice|trusted|leader|authority|benchmark|household\s+name|"
                       r"destination|home|hub)\b", re.IGNORECASE)
# "make a forecast of", "make an inventory of": a thing to produce ("make a difference" is an
# aspiration, "make a whitepaper pay off" a change to what exists)
_MAKE_A = re.compile(r"\s+(?:a|an)\s+(?!(?:real\s+|big\s+|lasting\s+)?(?:difference|impact|dent|name|mark|"
                     r"splash|living|profit)\b)(?:[\w-]+\s+)?[\w-]+\s+(?:of|for|about)\b",
                     re.IGNORECASE)

# "Make X public", "... open source", "... searchable": a thing to release, not a state of people
_RELEASED = re.compile(r"\s+(?:[^,;:]{2,60}?)\s+(?:public(?:ly\s+available)?|open[- ]sourced?|searchable|"
                       r"downloadable|available\s+to\s+[^,;:]{2,40}?\s+as\s+an?\s+(?:pilot|beta|trial|preview))\b",
                       re.IGNORECASE)
# "Enable members to book online" says what people can then do; "Enable online ordering" a feature
_ENABLE_TO = re.compile(r"\bto\s+[a-z]+", re.IGNORECASE)
# "Increase the number of webinars we host": more of the team's own effort, not a result
_OWN_EFFORT = re.compile(r"\b(?:number|amount|count)\s+of\s+(?:[\w-]+\s+){1,4}?"
                         r"(?:we|our\s+team|the\s+team)\s+(?:host|run|hold|publish|write|ship|send|make|create|produce|deliver|organi[sz]e|post|"
                         r"release)\b(?!\s+(?:to|in|into)\b)", re.IGNORECASE)  # "towns we deliver to": reach
_PROGRESS_NOUN = re.compile(r"^\s*progress\s+towards?\b", re.IGNORECASE)


def objective_outcome(text: str, p: dict[str, Any]) -> Outcome:
    """Objectives: an aspiration may be a noun phrase; a project named by its deliverable is not."""
    effort = _OWN_EFFORT.search(text)
    if effort:
        return fail("count of the team's own output", "task", [effort.span()])
    if _PROGRESS_NOUN.match(text):  # "Progress toward a carbon-neutral fleet": a noun, an aim
        return Outcome(True, note="progress toward an aim")
    claim = read_claim(text)
    tasks = word_set(p["task_verbs"])
    titled = _DELIVERY_HEAD.search(text)
    # "Book Delivery Optimization", "Reading Room Upgrades": a project's title, whatever its first
    # word could be; "Faster delivery" or "Speed up delivery" is a change, said vaguely
    if titled and not COMPARATIVE.search(text) and not has_quantity(text) and (
            claim.form not in ("imperative", "gerund") or (
            claim.verb not in _CHANGE_VERBS | IMPROVE_LIKE and claim.verb not in word_set(p["task_verbs"]))):
        return fail("deliverable", "deliverable", [titled.span()])
    spanish = ROMANCE_PROJECT.match(text)
    if spanish:  # "Cerrar el circuito de reservas", "Institucionalizar las reuniones": a project
        return fail("task", "task", [spanish.span()])
    if claim.form in ("imperative", "gerund"):
        verb = claim.verb or ""
        if verb == "enable" and not _ENABLE_TO.search(text, claim.end):
            return fail("task", "task", [(claim.start, claim.end)])  # "Enable online ordering": a feature
        if _POSITION.search(text, claim.end):  # "Establish our clinic as the reference practice for ..."
            return Outcome(True, note="a position the organisation wants to hold")
        released = _RELEASED.match(text, claim.end) if verb == "make" else None
        if released:  # "Make our volunteer handbook public & searchable": a release to do
            return fail("task", "task", [(claim.start, released.end())])
        made = _MAKE_A.match(text, claim.end) if verb == "make" else None
        if made:  # "To make a forecast of the harvest in under 30 hours": a deliverable to produce
            return fail("task", "task", [(claim.start, made.end())])
        improve = improve_like(text, claim, p)
        if improve is not None:
            return improve
        if verb in word_set(p["result_verbs"]):
            return Outcome(True)
        if verb in tasks:
            clause = pattern(p["aspiration_clause"]).search(text)
            people = clause is not None and find_terms(text[clause.start():], p["audience_nouns"])
            if find_terms(text, p["aspiration_words"]) or people:  # "... that pilot customers rely on"
                return Outcome(True, note="a deliverable framed as an aspiration")
            return fail("task", "task", [(claim.start, claim.end)])
        return Outcome(True)
    if claim.form == "noun":
        project = _PROJECT_VERB.match(text)
        if project:  # "Operationalize supplier scorecards": a verb the word lists do not know
            return fail("task", "task", [project.span(1)])
        deliverable = find_terms(text, p["deliverable_nouns"])
        if deliverable and not find_terms(text, p["aspiration_words"]):
            return fail("deliverable", "deliverable", [deliverable[0]])
    return Outcome(True)
