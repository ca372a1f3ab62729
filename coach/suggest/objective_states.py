"""A project written as an objective, rewritten as the state it should reach.

Why a module: the general template ("Make X pay off for everyone who uses it") is grammatical
but says nothing about who or what changes, and it broke on real drafts: a purpose clause
pasted inside it ("Make the bakery site so customers order online pay off ..."), a verb the
lexicon lacks kept as a noun ("Make the Operationalize vendor onboarding ..."), an adverb
left behind ("... back office smoothly pay off"). Many project objectives already say the
state they are for, in a purpose clause ("so customers order online", "to help resellers
track their orders"): that clause, in the author's words, is the objective. Only when there
is none does the template stand, on the thing alone.
"""

from __future__ import annotations

import re

from coach.core.lemmas import verb_lemma

# "... so (that) customers order online", "... so donors can give in two clicks"
_SO_THAT = re.compile(r"\bso\s+(?:that\s+)?(?P<state>(?:our\s+|the\s+|every\s+|all\s+|new\s+)*"
                      r"[a-z][a-z-]+s\b.+)$", re.IGNORECASE)
# "... to help resellers track their orders", "... to let members book online", "... for X to Y"
_HELP = re.compile(r"\b(?:to\s+(?:help|let|enable|allow)|for)\s+"
                   r"(?P<who>(?:our\s+|the\s+|new\s+|every\s+|all\s+)*[a-z][a-z-]+s)\s+(?:to\s+)?"
                   r"(?P<do>[a-z]+\b.*)$", re.IGNORECASE)


def _sentence(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" .,;:")
    return text[:1].upper() + text[1:]


_COUNTED = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twice|half)\b",
                      re.IGNORECASE)


def state_of_project(objective: str) -> str | None:
    """The state a project objective names in its purpose clause, as the objective; None when
    it names none, or names it with a number (that belongs in a key result).
    'Rebuild the site so customers order online' -> 'Customers order online'."""
    state = None
    so = _SO_THAT.search(objective)
    if so is not None and len(so.group("state").split()) >= 2:
        state = so.group("state")
    helped = _HELP.search(objective) if state is None else None
    if helped is not None:
        do = helped.group("do")
        if verb_lemma(do.split()[0]) == do.split()[0].lower():
            state = f"{helped.group('who')} {do}"
    if state is None or _COUNTED.search(state):
        return None
    return _sentence(state)


# A made-up -ize verb the lexicon does not know ("Operationalize vendor onboarding") and
# adverbs that only say how the work is done ("... smoothly", "... properly").
_UNKNOWN_VERB = re.compile(r"^\s*[A-Z][a-z]{3,}(?:ize|ise)\s+", re.IGNORECASE)
_HOW = re.compile(r"\s+(?:[a-z]+ly)\s*$")


_PURPOSE_TAIL = re.compile(r"\s+(?:so\s+(?:that\s+)?|in\s+order\s+to\s+)\S.*$", re.IGNORECASE)


def without_purpose(text: str) -> str:
    """The project without what it is for ("Redesign the site so that donors ..." -> "Redesign
    the site"): the purpose clause hides the verb and the thing from the claim reader."""
    return _PURPOSE_TAIL.sub("", text).strip()


def clean_thing(thing: str) -> str:
    """The thing a project delivers, without a leading unknown verb or a trailing adverb."""
    return _HOW.sub("", _UNKNOWN_VERB.sub("", thing)).strip()
