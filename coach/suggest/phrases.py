"""Small facts about English phrases that the rewrite rules share: when a thing takes "the",
when its first word is a name to keep in capitals, which words are particles of a verb.

Why a module: the claim reader (:mod:`coach.suggest.claim_rewrite`) and the clause forms
(:mod:`coach.suggest.clauses`) both need them, and neither should import the other for it.
"""

from __future__ import annotations

import re

# Words that belong to the verb before them ("set up", "work with", "reach out")
PARTICLES = frozenset("up out off in on with to into for about down over at".split())
DETERMINERS = re.compile(r"^(?:the|our|a|an|my|their|its|this|these|those|all|every|each|one|two|three|"
                         r"four|five|six|seven|eight|nine|ten)\b|^\d", re.I)
# A capitalised first word that is a common word (by its suffix or by name), not a name
COMMON_FIRST = re.compile(r"(?:tion|sion|ment|ness|ity|ance|ence|ship|ing|ure|age|ism|ist|ee|er|or|al|ive"
                          r"|ous|ful|less|able|ible|ic|ary|ory|ies|ed)$|^(?:our|my|their|its|the|this|these|those|good|new|real|fun|social|"
                          r"internal|public|additional|general|clear|draft|better|local|weekly|monthly|"
                          r"daily|regular|first|next|main|core|key|open|common|shared|team|user|users|"
                          r"customer|customers|community|blog|video|content|issues?|feedback|survey|"
                          r"challenges?|mechanisms?|sponsorship|alpha|beta|podcasts?|newsletters?|webinars?|meetups?|"
                          r"workshops?|guides?|websites?|dashboards?|reports?|videos?|channels?)$", re.I)


def lower_first(text: str) -> str:
    """'Documentation about X' -> 'documentation about X'; names ('Discourse', 'YouTube') stay."""
    first, _, rest = text.partition(" ")
    if rest[:1].isupper() and re.match(r"[A-Z][a-z]+\s+[A-Z]", rest + " X"):
        return text  # "Harbor Repair Reporting": a product's name, in title case
    if first[:1].isupper() and first[1:].islower() and COMMON_FIRST.search(first):
        return first.lower() + text[len(first):]
    return text


def with_article(thing: str) -> str:
    """'YouTube channel' -> 'the YouTube channel'; plurals, names and determined phrases stay."""
    if not thing or DETERMINERS.match(thing) or thing[:1] == "[":
        return thing
    words = thing.split()
    if len(words) == 1 and thing[:1].isupper():
        return thing  # a name: "Discourse"
    head = re.split(r"\s+(?:of|about|for|in|on|with|to|from|at|by)\s+", thing, maxsplit=1)[0].split()[-1]
    if head.lower().endswith("s") and not head.lower().endswith(("ss", "us", "is")):
        return thing
    return "the " + thing
