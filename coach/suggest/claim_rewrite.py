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

from coach.core.claim import Claim, read_claim
from coach.core.kr_parts import DECREASE, find_deadline
from coach.core.lemmas import can_be_other, verb_lemma
from coach.suggest.clauses import (
    adjective_state_clause,
    named_clause,
    passive_clause,
    present_state_clause,
    state_clause,
)
from coach.suggest.families import family_of
from coach.suggest.phrases import DETERMINERS, PARTICLES, lower_first, with_article
from coach.suggest.rewrite_basics import PROCESS_VERBS, TASK_VERBS, VAGUE_VERBS

# "(e.g. ...)", "(see ...)", and where the work is tracked: "(This PR)", "(PR #12)", "(issue 40)"
_ASIDE = re.compile(r"\s*\((?:e\.g\.|i\.e\.|incl\.|(?:eg|example|examples|see|including)\b)[^)]*\)?|"
                    r"\s*\((?:this\s+)?(?:PR|pull\s+request|issue|ticket|epic|branch)\b[^)]*\)", re.I)
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
_EVALUATIVE = re.compile(r"^(?:better|good|great|clear|improved|stronger|more|new|proper|solid|efficient|"
                         r"effective|robust)\s+(?:&\s+\w+\s+)?", re.I)
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
    particle: str = ""  # what belongs to the verb: "up" (set up), "with" (work with), "and running"

    @property
    def doing(self) -> str:
        """The work as a gerund with its particle: 'setting up', 'designing and running'."""
        if self.verb is None:
            return ""
        return f"{gerund(self.verb)} {self.particle}".strip()


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;:-–—.")
    return re.sub(r"\s+([,.;:])", r"\1", text)


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
    causative = re.match(r"(?:have|get|let|keep)\s+(?=\S)", core, re.I)
    if causative and claim.form == "finite" and claim.subject.lower().startswith(causative.group(0).lower()):
        # "Have the volunteers log every harvest": the work is having them do it
        return Thing(causative.group(0).strip().lower(), core[causative.end():], "imperative", when, core)
    if claim.form == "imperative" and noun_compound(core):
        claim = read_claim("")  # "Print stylesheet for invoices": a deliverable, not an order
        verb = None
        core = core[:1].lower() + core[1:] if core[1:2].islower() else core
    second_task = _second_task(core, claim)
    if second_task is not None:  # "Train a churn model and evaluate its precision": two tasks
        claim = second_task
        verb = claim.verb
    particle = ""
    if claim.form == "imperative" and _STATE_TAIL.fullmatch(" " + core[claim.end:].strip()):
        claim = read_claim("")  # "Discourse up & running": a name and its state, not an order
        verb = None
    if claim.form in ("imperative", "gerund"):
        rest = core[claim.end:].strip()
        joined = re.match(r"(?:&|and|,)\s*((?:\w+ly\s+)?)(\w+)\s+", rest)
        if joined:  # "Streamline & clearly define X": X; "Design and run X": both verbs are the work
            second = joined.group(2)
            if claim.form == "imperative" and verb_lemma(second) == second.lower():
                particle = f"and {joined.group(1)}{gerund(second.lower())}"
            rest = rest[joined.end():]
        words = rest.split()
        if len(words) > 1 and words[0].lower() in PARTICLES \
                and not re.match(r"(?:least|most)$", words[1], re.I) and not joined:
            particle = words[0].lower()  # "Set up X", "Work with X": the particle is the verb's
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
    return Thing(verb, lower_first(_tidy(thing)), claim.form, when, core, particle if verb else "")


# Deliverables whose first word can be a verb ("Print stylesheet", "Map view", "Sort order").
_COMPOUNDS = frozenset("""print-stylesheet print-styles print-view print-layout print-preview map-view
map-layer map-pins rate-limit rate-limits rate-limiter rate-card sort-order sort-options
track-changes search-results
search-bar search-box search-index search-filters test-suite test-plan test-coverage test-data test-cases
release-notes release-process order-history order-status order-tracking log-rotation load-balancer
feature-flags feature-flag cache-layer export-button upload-limit contact-form review-process""".split())
# Verbs that take a gerund as their object ("Start testing on staging" is an order)
_ASPECT = frozenset("start begin stop keep continue finish try avoid consider resume quit practise".split())


def noun_compound(core: str) -> bool:
    """Whether a line opening with a word that can be a verb names a deliverable: the first
    two words are a known compound ("Sort order for search results"), or a gerund noun follows
    a word that can be a noun with no article between ("Rate limiting on the public API")."""
    words = re.findall(r"[A-Za-z][A-Za-z-]*", core)
    if len(words) < 2:
        return False
    first, second = words[0].lower(), words[1].lower()
    if f"{first}-{second}" in _COMPOUNDS:
        return True
    if re.match(r"[A-Za-z]+,\s+[A-Za-z]+\s", core) and verb_lemma(second) is None:
        return True  # "Clean, friendly checkout form": adjectives before a noun
    return second.endswith("ing") and can_be_other(first) and first not in _ASPECT \
        and not re.match(r"\S+\s+\S+\s+(?:the|a|an|our|my|their|its|all|every|each)\b", core, re.I) \
        and first not in ("run", "build", "launch", "ship", "host", "set", "start", "plan", "test", "use",
                          "conduct", "hold", "organise", "organize", "schedule", "deliver", "complete",
                          "attend")


def _bare_noun_after(line: str) -> bool:
    """'Orbit app integration', 'Stamp card for frequent borrowers': a word that can be a noun
    and is not one of the task verbs, before a singular noun with no article and no verb after
    it, may name a thing as well as an order."""
    words = re.findall(r"[A-Za-z][A-Za-z-]*", line)
    if len(words) < 2 or not re.match(r"[A-Za-z-]+\s+[A-Za-z]", line):
        return False
    first, second = words[0].lower(), words[1].lower()

    if first in TASK_VERBS | PROCESS_VERBS | VAGUE_VERBS | VAGUE_AIMS | _ASPECT or not can_be_other(first):
        return False
    if second in PARTICLES | _PREPOSITIONS or second.endswith(("s", "ly", "ing")) or not second.isalpha():
        return False
    if verb_lemma(second) is not None and not can_be_other(second):
        return False  # "Stop waste": a verb cannot be the head noun
    rest = [w.lower() for w in words[2:]]
    head = next((w for w in [second, *rest] if w in _PREPOSITIONS), None)
    phrase = [second, *rest][: [second, *rest].index(head)] if head else [second, *rest]
    if phrase[-1].endswith("s") and not phrase[-1].endswith(("ss", "us", "is")):
        return False  # "Print appointment cards": a plural object, an order
    return not any(verb_lemma(w) not in (None, w) and not can_be_other(w) for w in rest)


def _second_task(core: str, claim: Claim) -> Claim | None:
    """'Train a churn model and evaluate its precision' is read as a subject ('Train a churn
    model and') and a verb; it is two tasks, the first verb in its base form leads."""
    if claim.form != "finite" or not claim.subject:
        return None
    words = claim.subject.split()
    if len(words) < 3 or words[-1].lower() not in ("and", "&", "then"):
        return None
    first = words[0]
    lemma = verb_lemma(first)
    if lemma is None or lemma != first.lower():
        return None
    start = core.find(first)
    return Claim(form="imperative", verb=lemma, start=start, end=start + len(first), subject="", word=first)


def named(thing: str, purpose: bool = False) -> str:
    """The thing's name without how many (and, unless ``purpose``, without what it is for):
    '5 practical tutorials that showcase X' -> 'practical tutorials'; the count stays in the
    initiative, since a count of outputs in a key result makes it a task again."""
    short = thing if purpose else _PURPOSE.sub("", thing).strip()
    short = re.sub(r"\s*\([^)]*\d[^)]*\)", "", short)
    # a number in a condition stays ("reminders when a loan is two days overdue"): it is no count
    condition = re.search(r"\s(?:when|whenever|if|once|until|unless|after|before)\s", short)
    kept_tail = short[condition.start():] if condition else ""
    short = short[:condition.start()] if condition else short
    # a count of outputs goes, a number the place or the thing is named by stays ("in one shared drive")
    short = re.sub(r"(?<![\d–$€£-])\b(?<!\bin\s)(?<!\bon\s)(?<!\bat\s)(?<!\bto\s)(?<!\bof\s)(?<!\bby\s)"
                   r"(?<!\binto\s)(?<!\bwith\s)(?<!\bleast\s)(?<!\bper\s)(?<!\bfrom\s)"
                   r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+(?=[a-z])", "",
                   short, flags=re.I) + kept_tail
    return _tidy(short) or thing


def family_metric(thing: str, aud: str = "users", hired: bool = False) -> str | None:
    """'Verb metric' for the result a thing of a known family exists for, naming the thing
    (people just hired are "the new ..."); None when the family is unknown."""
    family = family_of(thing)
    if family is None:
        return None
    verb, metric = family
    fresh = hired and not DETERMINERS.match(thing)
    named_thing = f"the new {thing}" if fresh else with_article(thing)
    return f"{verb} {metric.format(thing=named_thing, aud=aud)}"


def _and_gerund(text: str, verbs: frozenset[str]) -> str:
    """"a standing desk and track posture" -> "a standing desk and tracking posture": a second
    task joined by 'and' takes the same form as the first (verbs the task lists know, and a
    base-form verb that acts on a determined object: "and hand it out", "and check its ...")."""
    def swap(m: re.Match[str]) -> str:
        low = m.group(2).lower()
        base = verb_lemma(low) == low and (not can_be_other(low) or m.group(3) is not None)
        return f"{m.group(1)} {gerund(low)}" if low in verbs or base else m.group(0)
    return re.sub(r"\b(and|then)\s+([a-z]+)\b(?=(\s+(?:it|them|its|their|our|the|a|an|every|each|all|\d+"
                  r"|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty"
                  # "and pin at the gate", "and link from the homepage": a verb, its place after it
                  r"|at|on|to|up|into|onto|out|from)\b)?)", swap, text)


# Process verbs that join things: the family of what is joined is no metric of the joining
_JOINING = frozenset("integrate connect sync link merge".split())
# Verbs vague alone that name work with their particle ("work with the council to ...").
_PHRASAL_TASKS = frozenset({("work", "with"), ("make", "up"), ("support", "with"), ("talk", "with"),
                            ("talk", "to"), ("speak", "with"), ("speak", "to"), ("meet", "with"),
                            ("chat", "with")})
# Where the object of a verb and its particle starts with no noun ("out personally to", "by phone")
_NO_ARTICLE = re.compile(r"^(?:[a-z]+ly|by|via|through|as|to|with|for|on|in|at|about|into|from|over"
                         r"|across)\b",
                         re.I)


def phrasal_task(thing: Thing) -> bool:
    """Whether a vague verb names work with its particle ("Work with the council to ...")."""
    return thing.verb is not None and (thing.verb, thing.particle) in _PHRASAL_TASKS


def work_of(thing: Thing, verbs: frozenset[str] = frozenset()) -> str:
    """'setting up the nightly backup', 'reaching out personally to every donor', 'designing and
    running a customer survey': the task as a gerund phrase, its particle and object kept."""
    obj = thing.text if _NO_ARTICLE.match(thing.text) or thing.particle[-4:] in ("with", " to", "for") \
        or thing.particle in ("to", "on", "at", "about", "into", "over") \
        or thing.verb in ("have", "get", "let", "keep") \
        else with_article(thing.text)
    obj = _and_gerund(obj, verbs)
    if thing.verb is not None and thing.particle.startswith("and ") and _COUNTED.search(obj):
        # "amplifying 20 announcements ... and celebrating them": a count between two verbs
        # reads as two targets ("amplifying and celebrating 20 announcements")
        head = re.split(r"\s+(?:of|about|for|in|on|with|to|from|at|by)\s+", obj, maxsplit=1)[0]
        head = head.split()[-1].lower()
        them = "them" if head.endswith("s") and not head.endswith(("ss", "us", "is")) else "it"
        return f"{gerund(thing.verb)} {obj} {thing.particle} {them}"
    return f"{thing.doing} {obj}"


_TWO_COUNTS = re.compile(r"\band\s+[a-z]+ing\b.*?(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine"
                         r"|ten|twelve|twenty)\b)", re.I)
_COUNTED = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)\b", re.I)


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
    if _FRAME.match(thing.line):
        return None  # "Be able to ...", "Ensure that ...": a capability or an assurance, not a thing
    lead = metric or "Raise [outcome metric]"
    clause = named_clause(thing)
    if clause is not None:
        return f"{lead} {{span}} {clause}", thing
    if thing.form == "imperative" and thing.verb is not None and not thing.particle \
            and _bare_noun_after(thing.line):
        # "Cook dinner for the family" or "Stamp card for borrowers"? Either reading may change the
        # meaning: the outcome stays a placeholder and the line is kept as written
        return f"{lead} {{span}} (initiative: {thing.line})", thing
    people = _people(thing) if metric is None else None
    if people is not None:
        return people, thing
    label = unlabelled(thing.line)
    if label != thing.line:  # a table row's label names the thing; its description is the initiative
        thing = Thing(None, lower_first(label), "noun", thing.deadline, thing.line)
    name = named(thing.text)
    if len(name) < 2 or len(name.split()) > 12:
        return None
    if keeps is not None and not keeps(name) and label == thing.line:
        longer = named(thing.text, purpose=True)
        name = longer if len(longer.split()) <= 14 and keeps(longer) else name
    # (a verb done to the thing, not said of it: "Integrate the apps", not "Info is integrated")
    ordered = thing.verb in process_verbs and (
        thing.verb not in _JOINING or thing.form in ("imperative", "gerund"))
    family = None if ordered or metric is not None else family_metric(
        name, aud, hired=thing.verb in ("hire", "recruit", "appoint", "onboard"))
    if family is not None:
        return f"{family} {{span}}", thing
    own_numbers = re.search(r"\bfrom\s+\S+\s+to\s+\S", thing.line)  # "Grow the library from 12 to 30 tracks"
    if thing.verb is not None and thing.form in ("imperative", "gerund") \
            and (thing.verb not in VAGUE_AIMS or phrasal_task(thing) or own_numbers) \
            and len(thing.text.split()) <= 12:
        work = work_of(thing, task_verbs | process_verbs)
        if _TWO_COUNTS.search(work):
            return None  # "training a model and evaluating 3 variants": it reads as two targets
        return f"{lead} {{span}} after {work}", thing
    state = state_clause(thing) or present_state_clause(thing) or adjective_state_clause(thing) \
        or passive_clause(thing)
    if state is not None:
        return f"{lead} {{span}} {state}", thing
    return f"{lead} {{span}} through {with_article(name)}", thing


# A frame around the thing that no template can name: a capability or an assurance.
_FRAME = re.compile(r"\s*(?:be\s+able\s+to|(?:ensure|make\s+sure|assure|guarantee)\s+(?:that\b|\w+\s+\w+s?\s+"
                    r"(?:is|are|gets?|has|have|reach(?:es)?|works?)\b))", re.I)


def measurable_of(text: str, audience: str) -> tuple[str, Thing] | None:
    """A vague aim with the thing it is about kept: 'Streamline our feedback loop' -> 'Raise
    the [metric] of our feedback loop {span}'; 'Make X more human' -> 'Raise the share of
    <audience> who find X human {span}'."""
    thing = read_thing(text)
    if re.match(r"\s*(?:don'?t|do\s+not|never|no)\b", text, re.I) or _FRAME.match(thing.line):
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
    if thing.verb in DECREASE and not re.match(r"(?:the|our|its|their|a|an)\b", body, re.I):
        # "Mitigate false positive alerts ...": the things to bring down, counted
        return f"Cut {lower_first(body)} {{span}}", thing
    return f"Raise the [metric] of {with_article(lower_first(body))} {{span}}", thing
