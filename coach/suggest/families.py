"""Families of deliverable, read from the head noun of the thing, with the result each exists for.

Why the head noun and not a keyword: a family names the metric a deliverable can move
("a user guide" -> questions answered without asking the team, "the mobile app" -> weekly
active users). Matched anywhere in the thing, a keyword picked the family of a word that
only qualifies it: "Feasibility study for moving the billing *service*" got weekly active
use of a study, "*login* sessions" the attendees of an event, "*onboarding* documentation"
the customers who complete it, "build *agents*" the first-response time on tickets. Here
the family must match the head of the thing: the last word before the first preposition,
clause or punctuation ("feasibility study for moving ..." -> "study"), with the words just
before it when the family needs them ("training sessions", "support agents", "YouTube
channel"). A technical modifier in front of the head ("login sessions", "build agents",
"tracking events") is not the family's sense. When no family fits, the caller falls back to
"[outcome metric] ... after <the work>", which is honest where a wrong metric is not.
"""

from __future__ import annotations

import re

# Where the name of the thing ends: a preposition, a clause, or punctuation.
_HEAD_END = re.compile(r"\s+(?:for|of|on|to|across|in|into|with|from|at|by|about|between|among|through|over"
                       r"|under|per|via|using|that|which|who|where|so|aimed|within|without|during|before|after|once|when"
                       r"|if|until|while|because|as|released|published|shipped|launched|hosted|written)\b"
                       r"|\s*[:;,(\[]|\s+[-–—]\s", re.I)
_LEADING = re.compile(r"^(?:(?:the|our|a|an|my|their|its|this|these|those|all|every|each|some|more|new|first|"
                      r"\d[\d,.]*\+?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+)+", re.I)
# Modifiers that give a head a technical sense no family here is about.
_TECHNICAL = frozenset("""login logout auth session build test tests unit integration tracking error errors
log logs debug cron background worker job jobs style css ci deploy deployment server database db cache
queue""".split())
# Work done on a thing, after its name ("documentation restructuration", "handbook update"):
# the family is the thing's.
_WORK_ON = re.compile(r"\s+(?:restructur\w*|overhaul|rewrite|revamp|refresh|update|redesign|clean-?up"
                      r"|migration|maintenance|improvements?)$", re.I)

# (pattern over the head phrase, anchored at its end; verb; metric with {thing} and {aud}).
FAMILIES: list[tuple[re.Pattern[str], str, str]] = [(re.compile(rf"(?:^|[\s/])(?:{p})$", re.I), v, m)
                                                    for p, v, m in [
    (r"account\s+(?:managers?|executives?)|sales\s*(?:reps?|people|staff|team|managers?)|aes?",
     "Grow", "revenue from accounts handled by {thing}"),
    (r"(?:support|service|customer[- ]care|customer[- ]service|help[- ]?desk|call[- ]cent(?:re|er))\s+"
     r"(?:agents?|staff|team|reps?)",
     "Cut", "first-response time on tickets handled by {thing}"),
    (r"getting[- ]started(?:\s+(?:guide|flow|experience|path))?|onboarding(?:\s+(?:flow|experience|journey"
     r"|process|checklist|wizard|emails?|sequence|path|course))?|learning\s+(?:flow|path)|sign-?up\s+flow"
     r"|set-?up\s+(?:flow|wizard)|first[- ]run\s+experience|first\s+steps",
     "Raise", "the share of new {aud} who complete {thing}"),
    (r"help\s*cent(?:re|er)|faqs?|knowledge\s*base"
     r"|self[- ]serv\w*(?:\s+(?:portal|site|pages?|cent(?:re|er)))?",
     "Raise", "the share of support questions answered by {thing} without a ticket"),
    (r"(?<!style\s)(?<!brand\s)(?:docs?|documentation|guides?|tutorials?|wiki|handbook|playbooks?|manuals?"
     r"|how-?tos?|etiquette|guidelines|principles|(?:docs?|documentation)\s+(?:site|website|portal|framework"
     r"|pages?|hub))",
     "Raise", "the share of questions answered by {thing} without asking the team"),
    (r"meetups?|conferences?|talks?|workshops?|webinars?|amas?|hackathons?|bootcamps?|courses?|classes"
     r"|(?:training|coaching|q&a|live|info|information|demo|learning|reading|study|office[- ]hours|community"
     r"|user|customer|mentoring|group|practice|drop-in)\s+sessions?"
     r"|events|(?:community|customer|user|launch|networking|live|in-person|online|local|public|fundraising"
     r"|charity|member|volunteer|partner)\s+events?|challenges?|contests?",
     "Raise", "the share of attendees of {thing} who come back within a month"),
    (r"advocates?|ambassadors?|contributors?|mentors?|champions?|community|contribution\s+(?:information|info"
     r"|pages?)|(?:community|contributor|contribution|advocate|ambassador|mentor(?:ship|ing)?|champions?"
     r"|advocacy|open[- ]source)(?:\s+\w+)?\s+programm?e?s?(?:\s+framework)?",
     "Raise", "monthly active contributors who joined through {thing}"),
    (r"blog|blog\s+posts?|(?<!job\s)posts|articles?|videos?|podcasts?|newsletters?|(?:youtube|video|twitch|tiktok"
     r"|instagram|podcast|marketing|social(?:\s+media)?|acquisition)\s+channels?|campaigns?|content|teasers?"
     r"|stickers?|social\s+media(?:\s+(?:presence|activity|expression)(?:\s+and\s+activity)?)?"
     r"|(?<!user\s)stories|case\s+stud(?:y|ies)",
     "Raise", "qualified sign-ups that come through {thing}"),
    (r"tools?|systems?|platforms?|integrations?|dashboards?|portals?|websites?|site|apis?|templates?|forms?"
     r"|mechanisms?",
     "Raise", "weekly active use of {thing}"),
    (r"releases?|alpha|beta|ga|features?|products?|(?:beta|mobile|desktop|web|offline|pro|premium|paid|free|lite"
     r"|enterprise|stable)\s+versions?|app|apps|matches|games?|modes?",
     "Raise", "weekly active users of {thing}"),
]]


def head_phrase(thing: str) -> str:
    """'the feasibility study for moving the billing service' -> 'feasibility study': the
    words that name the thing, without what it is for, about or on."""
    name = _HEAD_END.split(thing.strip(), maxsplit=1)[0]
    name = re.sub(r"[‘’'\"“”*_`]", "", name)
    return _WORK_ON.sub("", _LEADING.sub("", name)).strip()


def family_of(thing: str) -> tuple[str, str] | None:
    """(verb, metric template) of the family the head of ``thing`` belongs to, or None."""
    head = head_phrase(thing)
    words = head.lower().split()
    if not words or (len(words) > 1 and words[-2] in _TECHNICAL):
        return None
    for pattern, verb, metric in FAMILIES:
        if pattern.search(head):
            return verb, metric
    return None
