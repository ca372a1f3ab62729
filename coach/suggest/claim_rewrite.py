"""Rewrites built from what a key result claims, not by pasting a verb in front of it.

Why: real key results rarely start with a task verb. They are deliverables with no verb
("YouTube channel", "Documentation about blog post contributions"), states ("Discourse up &
running", "the policy is published"), gerunds ("Speaking at four conferences") or vague
aims ("Streamline & revamp the guide"). Putting "Raise" before such a line writes
"Raise YouTube channel" or "Raise the policy is published". Here the line is read with
``coach.core.claim`` into what is delivered or aimed at (the *thing*, in the author's words,
numbers kept), and the rewrite says what that thing should change, with marked placeholders
for what only the author can know:

- a task or deliverable -> "Raise weekly active use of the YouTube channel from [baseline]
  to [target]" (a family template when the head noun of the thing says what it is for,
  ``coach.suggest.families``), else
  "Raise [outcome metric] from [baseline] to [target] through <the thing>"; the task is
  kept as the initiative;
- a vague aim -> "Raise the [metric] of our feedback loop from [baseline] to [target]", or
  "Raise the share of users who find Meilisearch human ..." for "make X more <adjective>".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from coach.core.claim import read_claim
from coach.core.kr_parts import find_deadline
from coach.core.lemmas import can_be_other
from coach.suggest.families import family_of

_ASIDE = re.compile(r"\s*\((?:e\.g\.|i\.e\.|incl\.|(?:eg|example|examples|see|including)\b)[^)]*\)?", re.I)
# Where the name of the thing ends and what it is for begins ("templates to redirect ...",
# "documents aimed at ...", "tutorials ... that showcase ...").
_PURPOSE = re.compile(r"\s+(?:that|which|who|where|so\s+that|in\s+order\s+to|aimed\s+at"
                      r"|to\s+(?=[a-z]+\s))\b.*$", re.I)
_DEADLINE_ASIDE = re.compile(r"\(\s*(?:EOQ|EOY|EOM|end\s+of\s+(?:the\s+)?(?:quarter|year|month)"
                             r"|[QH][1-4]\b[^)]*|by\s+[^)]*)\)", re.I)
_FIRST_SENTENCE = re.compile(r"(?<=[a-z0-9)])(?:[.!?]\s+(?=[A-Z])|\s+OR\s+).*$")
_STATE_TAIL = re.compile(r"\s+(?:(?:is|are|gets?|got|will\s+be|to\s+be)\s+)?(?:up\s*(?:&|and)\s*running|"
                         r"published|available|live|done|ready|in\s+place|launched|shipped|released|"
                         r"deployed|implemented|completed?|finished|created|set\s+up|integrated\s+into\s+.*"
                         r"|playable\s+online|playable)\s*$", re.I)
_PREPOSITIONS = frozenset("for of with in on at to from by about into the a an our".split())
_PARTICLES = frozenset("up out off in on with to into for about down over at".split())
_DETERMINERS = re.compile(r"^(?:the|our|a|an|my|their|its|this|these|those|all|every|each|one|two|three|"
                          r"four|five|six|seven|eight|nine|ten)\b|^\d", re.I)
_EVALUATIVE = re.compile(r"^(?:better|good|great|clear|improved|stronger|more|new|proper|solid|efficient|"
                         r"effective|robust)\s+(?:&\s+\w+\s+)?", re.I)
_COMMON_FIRST = re.compile(r"(?:tion|sion|ment|ness|ity|ance|ence|ship|ing|ure|age|ism|ist|ee|er|or|al|ive"
                           r"|ous|ful|less|able|ible|ic|ary|ory|ies|ed)$|^(?:good|new|real|fun|social|"
                           r"internal|public|additional|general|clear|draft|better|local|weekly|monthly|"
                           r"daily|regular|first|next|main|core|key|open|common|shared|team|user|users|"
                           r"customer|customers|community|blog|video|content|issues?|feedback|survey|"
                           r"challenges?|mechanisms?|sponsorship|alpha|beta|podcasts?|newsletters?|webinars?|meetups?|"
                           r"workshops?|guides?|websites?|dashboards?|reports?|videos?|channels?)$", re.I)
VAGUE_AIMS = frozenset("""improve enhance optimise optimize boost strengthen better streamline revamp refresh
polish make ensure support focus work drive foster encourage promote increase raise grow expand extend
facilitate simplify clarify""".split())

# What a line carries besides its words: code spans, emphasis, the owners' handles after it.
_CODE = re.compile(r"`([^`\n]*)`")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_HANDLES = re.compile(r"[\s,;:–—-]*[(\[]?\s*@[\w.-]+(?:\s*(?:,|&|/|\band\b)?\s*@[\w.-]+)*\s*[)\]]?\s*$")
# "Retry queue: retry_worker + dead-letter topic; docs tell ops when to replay": a name, then
# how it is made (a table row's label and its description, or a list of parts).
_LABEL = re.compile(r"^([A-Za-z][^:;]{1,40}?):\s+(\S.*)$")
_TAGS = re.compile(r"^(?:stretch|bonus|optional|goal|target|note|todo|kr\s*\d*|key\s+result|must|should|could"
                   r"|nice\s+to\s+have|p\d)$", re.I)


def plain(text: str) -> str:
    """The line without markdown emphasis, backticks and a trailing list of @handles: a
    rewrite keeps the author's words, not their markup or the owners (an owner field's job)."""
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\2", text)
    return _HANDLES.sub("", text).strip()


def unlabelled(thing: str) -> str:
    """'Retry queue: retry_worker + dead-letter topic; docs tell ...' -> 'Retry queue': what
    follows a short label describes how the thing is built, and is left to the initiative. A
    tag ("Stretch: ...") and a short value ("Owner: ops") are left as they are."""
    m = _LABEL.match(thing)
    if m is None or _TAGS.match(m.group(1).strip()) or re.search(r"\d", m.group(1)):
        return thing
    label, rest = m.group(1).strip(), m.group(2)
    if len(label.split()) > 4 or (len(rest.split()) < 4 and not re.search(r"[+;&/]", rest)):
        return thing
    return label


@dataclass
class Thing:
    """What a line delivers or aims at: ``verb`` its main verb (None for a bare noun phrase),
    ``text`` the thing in the author's words, ``deadline`` a date phrase it carried."""

    verb: str | None
    text: str
    form: str
    deadline: str
    line: str = ""  # the line as read (first sentence, no deadline or asides)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;:-–—.")
    return re.sub(r"\s+([,.;:])", r"\1", text)


def _lower_first(text: str) -> str:
    """'Documentation about X' -> 'documentation about X'; names ('Discourse', 'YouTube') stay."""
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower() and _COMMON_FIRST.search(first):
        return first.lower() + text[len(first):]
    return text


def with_article(thing: str) -> str:
    """'YouTube channel' -> 'the YouTube channel'; plurals, names and determined phrases stay."""
    if not thing or _DETERMINERS.match(thing) or thing[:1] == "[":
        return thing
    words = thing.split()
    if len(words) == 1 and thing[:1].isupper():
        return thing  # a name: "Discourse"
    head = re.split(r"\s+(?:of|about|for|in|on|with|to|from|at|by)\s+", thing, maxsplit=1)[0].split()[-1]
    if head.lower().endswith("s") and not head.lower().endswith(("ss", "us", "is")):
        return thing
    return "the " + thing


def read_thing(text: str) -> Thing:
    """The thing a line delivers or aims at, with its verb (see the module docstring)."""
    core = _FIRST_SENTENCE.sub("", text.strip())
    deadline = find_deadline(core)
    when = deadline.group(0) if deadline else ""
    if deadline:
        core = core[: deadline.start()] + " " + core[deadline.end():]
    aside = _DEADLINE_ASIDE.search(core)
    if aside and not when:
        when, core = aside.group(0), core[: aside.start()] + " " + core[aside.end():]
    core = _tidy(_ASIDE.sub(" ", core))
    claim = read_claim(core)
    verb = claim.verb
    before = core[: claim.start].split()
    misread = claim.form == "finite" and claim.subject and (
        claim.subject.split()[-1].lower() in _PREPOSITIONS
        or (claim.word.lower().endswith("s") and can_be_other(claim.word)
            and len(claim.subject.split()) == 1))
    if (claim.form == "finite" and before and before[-1].lower() == "to") or misread:
        claim = read_claim("")  # "templates to redirect ...": a purpose, the line is a noun phrase
        verb = None
    if claim.form in ("imperative", "gerund"):
        rest = core[claim.end:].strip()
        if re.match(r"(?:&|and|,)\s", rest):  # "Streamline & clearly define X": X
            rest = re.sub(r"^(?:&|and|,)\s*(?:\w+ly\s+)?\w+\s+", "", rest)
        words = rest.split()
        if len(words) > 1 and words[0].lower() in _PARTICLES:
            rest = " ".join(words[1:])
        thing = rest
    elif claim.form in ("passive", "stative") and claim.subject and re.search(
            r"\b(?:is|are|was|were|be|been|being|has|have)\b", core[len(claim.subject):claim.start], re.I):
        thing = claim.subject
    elif claim.form in ("passive", "stative"):
        thing = core  # "Survey sent to our list": reduced, the whole phrase names the thing
    elif claim.form == "finite" and claim.subject and claim.verb and claim.word.lower() != claim.verb \
            and not claim.word.lower().endswith("s"):
        thing = core  # "Survey sent to every reseller": a participle, the whole phrase is the thing
    elif claim.form == "finite" and claim.subject:
        actor = re.search(r"\b(?:team|we|i|us|squad|group|committee|staff|everyone|owner)s?$", claim.subject,
                          re.I)
        thing = core[claim.end:].strip() if actor else claim.subject
    else:
        verb = None
        thing = core
    thing = _STATE_TAIL.sub("", _tidy(thing))
    return Thing(verb, _lower_first(_tidy(thing)), claim.form, when, core)


def named(thing: str, purpose: bool = False) -> str:
    """The thing's name without how many (and, unless ``purpose``, without what it is for):
    '5 practical tutorials that showcase X' -> 'practical tutorials'; the count stays in the
    initiative, since a count of outputs in a key result makes it a task again."""
    short = thing if purpose else _PURPOSE.sub("", thing).strip()
    short = re.sub(r"\s*\([^)]*\d[^)]*\)", "", short)
    short = re.sub(r"\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+(?=[a-z])", "",
                   short, flags=re.I)
    return _tidy(short) or thing


def family_metric(thing: str, aud: str = "users", hired: bool = False) -> str | None:
    """'Verb metric' for the result a thing of a known family exists for, naming the thing
    (people just hired are "the new ..."); None when the family is unknown."""
    family = family_of(thing)
    if family is None:
        return None
    verb, metric = family
    fresh = hired and not _DETERMINERS.match(thing)
    named_thing = f"the new {thing}" if fresh else with_article(thing)
    return f"{verb} {metric.format(thing=named_thing, aud=aud)}"


def _and_gerund(text: str, verbs: frozenset[str]) -> str:
    """"a standing desk and track posture" -> "a standing desk and tracking posture": a second
    task joined by 'and' takes the same form as the first (only verbs the task lists know)."""
    def swap(m: re.Match[str]) -> str:
        word = m.group(2)
        return f"{m.group(1)} {gerund(word.lower())}" if word.lower() in verbs else m.group(0)
    return re.sub(r"\b(and|then)\s+([A-Za-z]+)\b", swap, text)


def gerund(verb: str) -> str:
    """launch -> launching, run -> running, organise -> organising."""
    if re.search(r"[^aeiou][aeiou][bdgmnprt]$", verb) and len(verb) <= 4 and verb not in ("open", "edit"):
        return verb + verb[-1] + "ing"
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    return verb + "ing"


_AUDIENCE = re.compile(r"\b(?:users?|customers?|clients?|members?|developers?|contributors?|people"
                       r"|players?|teams?|partners?|visitors?|readers?|students?|maintainers?|employees?"
                       r"|staff)$", re.I)


def _people(thing: Thing) -> str | None:
    """'users can create clones of projects' -> 'Raise the share of users who create clones of
    projects {span}': what people can do is the outcome; how many do it is the measure."""
    claim = read_claim(thing.line) if thing.form == "finite" else None
    if claim is None or not claim.subject or not _AUDIENCE.search(claim.subject):
        return None
    if claim.verb in (None, "be", "have"):
        return None
    rest = _tidy(_PURPOSE.sub("", thing.line[claim.start:]))
    if re.search(r"\d", rest) or len(rest.split()) > 12:
        return None
    subject = re.sub(r"^(?:the|our|all)\s+", "", claim.subject, flags=re.I)
    return f"Raise the share of {subject} who {rest} {{span}}"


def outcome_of(text: str, keeps: Callable[[str], bool] | None = None, aud: str = "users",
               process_verbs: frozenset[str] = frozenset(),
               task_verbs: frozenset[str] = frozenset(),
               metric: str | None = None) -> tuple[str, Thing] | None:
    """'Create a YouTube channel' -> ('Raise qualified sign-ups that come through the YouTube
    channel from {span}', thing); ``{span}`` is left for the caller's baseline and target.
    ``keeps`` says whether a name keeps enough of the draft's terms; when the short name does
    not, the name with its purpose is tried ("templates to redirect feedback"). A verb of
    ``process_verbs`` ("train the agents on the guide") says little about the result, so its
    object picks no family: the outcome stays a placeholder and the work is named after it.
    ``metric`` ("Cut complaints per month", from the author's ``Measure:`` note) is the
    outcome the author named: it stands where a family or the placeholder would."""
    thing = read_thing(text)
    if text.rstrip().endswith("?") or re.match(r"\s*(?:don'?t|do\s+not|never|no)\b", text, re.I):
        return None  # a question or a prohibition: a rule to keep, not a thing to deliver
    people = _people(thing) if metric is None else None
    if people is not None:
        return people, thing
    label = unlabelled(thing.line)
    if label != thing.line:  # a table row's label names the thing; its description is the initiative
        thing = Thing(None, _lower_first(label), "noun", thing.deadline, thing.line)
    name = named(thing.text)
    if len(name) < 2 or len(name.split()) > 12:
        return None
    if keeps is not None and not keeps(name) and label == thing.line:
        longer = named(thing.text, purpose=True)
        name = longer if len(longer.split()) <= 14 and keeps(longer) else name
    family = None if thing.verb in process_verbs or metric is not None else family_metric(
        name, aud, hired=thing.verb in ("hire", "recruit", "appoint", "onboard"))
    if family is not None:
        return f"{family} {{span}}", thing
    lead = metric or "Raise [outcome metric]"
    if thing.verb is not None and thing.form in ("imperative", "gerund") and thing.verb not in VAGUE_AIMS \
            and len(thing.text.split()) <= 12:
        work = _and_gerund(with_article(thing.text), task_verbs | process_verbs)
        return f"{lead} {{span}} after {gerund(thing.verb)} {work}", thing
    return f"{lead} {{span}} through {with_article(name)}", thing


def measurable_of(text: str, audience: str) -> tuple[str, Thing] | None:
    """A vague aim with the thing it is about kept: 'Streamline our feedback loop' -> 'Raise
    the [metric] of our feedback loop {span}'; 'Make X more human' -> 'Raise the share of
    <audience> who find X human {span}'."""
    thing = read_thing(text)
    if re.match(r"\s*(?:don'?t|do\s+not|never|no)\b", text, re.I):
        return None
    people = _people(thing)
    if people is not None:
        return people, thing
    more = re.match(r"(.+?)\s+(?:more|less)\s+([a-z-]+)$", thing.text, re.I)
    if thing.verb == "make" and more:
        return f"Raise the share of {audience} who find {more.group(1)} {more.group(2)} {{span}}", thing
    body = _EVALUATIVE.sub("", thing.text).strip()
    if len(body) < 2 or len(body.split()) > 14:
        return None
    return f"Raise the [metric] of {with_article(_lower_first(body))} {{span}}", thing
