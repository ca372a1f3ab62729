"""Stated states that the claim's form misjudges: set-up work written as a state, and other
people's uptake written as a participle (outcome versus task).

Why apart from :mod:`coach.rubric.checks.outcome_shapes`: these shapes were found in a later
round of public OKR sets outside the eval set, and each turns on what the state is about,
not on the verb: "The toolkit adopted as the default by cycling clubs" reads like work done
("adopted") but is what other people chose; "100% of printed tickets include a QR code"
reads like a measured level but is a feature rolled out to the team's own outputs. Each
rule returns the span that decided it, so the finding still shows its evidence.

- other people's uptake ("adopted as the default by ...", "mentioned as a reference in ..."):
  an outcome, still without a number (the measurability check says so);
- a feature on every one of the team's own outputs ("100% of tickets include a QR code",
  "Automatic reminders when a loan is overdue"): a deliverable;
- a configuration invariant ("No volunteer account has access to donor details", "All
  newsletters are rate-limited"): set-up work stated as done;
- growing the team's own collection ("Grow the recipe collection from 40 to 90 recipes"):
  a count of its own output;
- a check that other people respond as hoped ("Validate the menu resonates with 8/10 regular
  diners"), or a deliverable held to the score its users give ("... with a usability score
  of at least 85"): the people's response is the result, the verb only how it is found out;
- the team's own system: service levels, capacity and qualities are results; counted features
  and documents stated as done are work (:func:`judge_system_states`);
- the team's own effort and work: its process counted (velocity, attendance at its own
  meetings), its work stated as complete, Spanish and Portuguese project verbs are work; a
  rank, a volume and a task with its measured result are results (:func:`judge_own_work`);
- a sheet row whose target is a state in words ("...: shipped (now: hardcoded)"): work.

Each shape runs only when one of its cue words is in the line (:func:`_first_shape`): they run
on every key result, and a regular expression per shape on every line was measurably slower.
"""

from __future__ import annotations

import re

from coach.core.claim import Claim
from coach.rubric.checks.base import Outcome
from coach.rubric.checks.outcome_words import fail

# Participles of what other people do with the team's work, when said with "as", "by" or "in"
_UPTAKE = re.compile(r"\b(?P<word>adopted|mentioned|cited|recommended|referenced|endorsed|chosen|preferred|"
                     r"quoted|featured|named)\s+(?:as|by|in)\s+", re.IGNORECASE)

_UPTAKE_WORDS = frozenset("""adopted mentioned cited recommended referenced endorsed chosen preferred quoted
featured named""".split())
_BY_US = re.compile(r"(?:the|our|my)\s+(?:own\s+)?(?:team|staff|squad|group|department)\b|(?:us|me)\b",
                    re.IGNORECASE)


def taken_up_by_others(text: str, claim_word: str) -> tuple[int, int] | None:
    """The span of the participle when the line's verb says what others did with our work."""
    if claim_word.lower() not in _UPTAKE_WORDS:
        return None
    m = _UPTAKE.search(text)
    if m is None or m.group("word").lower() != claim_word.lower() or _BY_US.match(text, m.end()):
        return None  # "New intake form adopted by the team": the team's own step
    return m.span("word")


# "... of printed tickets", "... invoice": the team's outputs after "100%" or "every", as a
# sentence's subject; and what such outputs have ("include", "show"). The rewriter reads the
# same shape as a state to reach (coach.suggest.clauses)
OUTPUT_SUBJECT = r"\s+(?:of\s+)?(?:the\s+|our\s+)?(?:[\w-]+\s+){0,3}?[\w-]+\s+"
OUTPUTS_HAVE = (r"include|includes|contain|contains|display|displays|show|shows|carry|carries|feature|"
                r"features|embed|embeds|emit|emits|expose|exposes")
_OWN_OUTPUTS_HAVE = re.compile(rf"^\s*(?:100\s*%|all|every|each){OUTPUT_SUBJECT}(?:{OUTPUTS_HAVE})\s+"
                               r"(?:a|an|the|their|its)\b", re.IGNORECASE)
# "Automatic reminders when a loan is two days overdue": a feature, named by when it acts
_AUTOMATIC = re.compile(r"^\s*(?:automatic|automated|auto-)\s*[\w-]+(?:\s+[\w-]+)?\s+"
                        r"(?:when|whenever|if|once|after|before)\b", re.IGNORECASE)


def feature_on_own_outputs(text: str, audience: frozenset[str]) -> tuple[int, int] | None:
    """The span of a feature rolled out to every one of the team's own outputs (not people)."""
    m = _OWN_OUTPUTS_HAVE.match(text) or _AUTOMATIC.match(text)
    if m is None:
        return None
    subject = re.findall(r"[a-z]+", m.group(0).lower())
    if any(w in audience or w.rstrip("s") in audience for w in subject):
        return None  # "All members have a named contact": what people get, judged elsewhere
    return m.span()


_NO_ACCESS = re.compile(r"^\s*(?:no|zero)\s+(?:[\w-]+\s+){1,3}(?:has|have|gets?|retains?)\s+(?:any\s+)?"
                        r"(?:\w+\s+)?access\b", re.IGNORECASE)
_CONFIGURED = re.compile(r"^\s*(?:all|every|each)\s+(?:[\w-]+\s+){1,4}(?:(?:is|are)\s+|(?=served\s+as))"
                         r"(?:hard-|soft-|separately\s+)?(?:encrypted|rate-limited|capped|sandboxed|isolated|keyed|backed\s+up|versioned|"
                         r"configured|pinned|signed|mirrored|locked|restricted|gated|whitelisted|allow-listed|"
                         r"served\s+as)\b",
                         re.IGNORECASE)


def configured_invariant(text: str) -> tuple[int, int] | None:
    """The span of a set-up rule stated as true ("No account has access to ...")."""
    m = _NO_ACCESS.match(text) or _CONFIGURED.match(text)
    return m.span() if m else None


_GROWN_COLLECTION = re.compile(
    r"^\s*(?:grow|expand|extend|enlarge|increase|build\s+up|double)\s+(?:the|our|my)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:collection|library|catalogue|catalog|dataset|corpus|bank|archive|glossary|portfolio|question\s+set)\b"
    r"(?!\s+(?:membership|members|readers|users|subscribers|visitors|audience|usage|use|traffic|downloads|loans))",
    re.IGNORECASE)


_GROW_VERBS = frozenset("grow expand extend enlarge increase build double".split())


def grown_own_collection(text: str) -> tuple[int, int] | None:
    """The span of "Grow the <own collection>": more of the team's own items is output."""
    m = _GROWN_COLLECTION.match(text)
    return m.span() if m else None


_RESONATES = re.compile(
    r"^\s*(?:validate|confirm|prove|show|demonstrate|verify|check)\s+(?:that\s+)?.{3,80}?\b"
    r"(?:resonates?|works?|appeals?|lands?|matters?|helps?|fits?)\s+(?:with|for)\s+"
    r"(?:\d+\s*(?:/|of|out\s+of)\s*\d+|\d+\s*%|at\s+least\s+\d+|most)\b", re.IGNORECASE)


def others_respond(text: str) -> tuple[int, int] | None:
    """The span of "Validate X resonates with 8/10 <people>": the share is the result."""
    m = _RESONATES.match(text)
    return m.span() if m else None


# "... with a usability score ≥ 85 in the visitor test", "... scoring at least 4.5/5 with the panel":
# a deliverable held to what people who use it say of it
_PEOPLE_SCORE = re.compile(r"\b(?:usability|satisfaction|nps|csat|sus|ease[\s-]of[\s-]use|rating|rated)\b",
                           re.IGNORECASE)
_SCORED = re.compile(r"\b(?:scor(?:e|es|ing)|rating|rated)\s+(?:of\s+)?(?:[<>≤≥]=?|at\s+least|above|over|"
                     r"no\s+less\s+than)\s*\d", re.IGNORECASE)


def scored_by_people(text: str) -> tuple[int, int] | None:
    """The span of a people-given score the deliverable is held to."""
    m = _SCORED.search(text)
    return m.span() if m and _PEOPLE_SCORE.search(text) else None


# "Checkout service stable": a quality of the system, said without a number
_QUALITY_STATE = re.compile(r"^\s*(?:the\s+|our\s+)?(?:[\w-]+\s+){0,4}?(?:stable|reliable|available|"
                            r"responsive|secure)\b(?:\s*,\s*measured\s+as\b.*)?\s*\.?\s*$", re.IGNORECASE)
# "Route planner handles 200 stops per van": what the system can take, measured
_CAPACITY = re.compile(r"^\s*(?:the\s+|our\s+)?(?:[\w-]+\s+){1,4}(?:handles|supports|serves|processes|"
                       r"scales\s+to|copes\s+with)\s+(?:up\s+to\s+|at\s+least\s+)?\d", re.IGNORECASE)
# "Support reply time: <24 hours", "Forum activity: 30+ posts/month": a service level or what a
# community does, named by its label (the words after it are not the team's own output)
_LEVEL_LABEL = re.compile(r"^\s*(?:[\w-]+\s+){0,4}?(?:(?:response|reply|resolution|wait|waiting|turnaround|"
                          r"first[\s-]response)\s+time|activity|engagement|participation)\s*:\s*"
                          r"(?:[<>≤≥]=?|under|below|within|at\s+least)?\s*\d|"
                          # "Staff minutes per delivered parcel: < 4": a metric's name, then its threshold
                          r"^[^:]{0,60}\b(?:minutes|hours|time|rate|ratio|share|cost|latency)\b[^:]{0,40}:\s*"
                          r"(?:[<>≤≥]=?|under|below|within|at\s+least|at\s+most)\s*\d", re.IGNORECASE)
# "8+ bird species recognised", "6+ plant diseases detected": features the team builds, counted
_FEATURE_COUNT = re.compile(r"^\s*\d[\d,]*\+?\s+(?:[\w-]+\s+){0,3}?[\w-]+\s+(?:recogni[sz]ed|detected|"
                            r"supported|integrated|implemented|automated|translated|locali[sz]ed)\s*\.?\s*$",
                            re.IGNORECASE)
# "Donor reports complete": a deliverable, stated as done
_DONE_STATE = re.compile(r"^\s*(?:the\s+|our\s+)?(?:[\w-]+\s+){0,4}?[\w-]+\s+(?:complete|completed|finished|"
                         r"done)\s*\.?\s*$", re.IGNORECASE)
# A sheet's row joined as "<thing>: <state to reach> (now: <state today>)", with no figure on
# either side ("Price lists loaded from data files: shipped (now: hardcoded)", "Volunteer
# no-show rate: tracked weekly (now: not tracked)"): the row is work to finish, not a level
_STATE_ROW = re.compile(r"^[^:]{3,120}:\s*(?P<state>[^\d()\[\]:<>≤≥%]{2,60}?)\s*\(now:\s*[^()]*\)\s*$",
                        re.IGNORECASE)


def state_row(text: str) -> tuple[int, int] | None:
    """The span of the state a table row's key result should reach, when it is words only."""
    m = _STATE_ROW.match(text)
    return m.span("state") if m else None


# The team's own process, counted ("90% attendance at ceremonies", "story points delivered each
# sprint", "90% of committed tasks completed", "85% of pull requests reviewed within 12 hours"):
# effort, however it is measured
_OWN_PROCESS = re.compile(
    r"\bstory\s+points\b|\bvelocity\b|\bsprint\s+(?:completion|commitments?)\b"
    r"|\b(?:completion\s+rate\s+of|%\s+of)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:committed|planned|assigned)\s+"
    r"(?:tasks|chores|tickets|stories|items|work)\b"
    r"|\bcompletion\s+rate\s+of\s+(?:the\s+)?(?:[\w-]+\s+){1,2}(?:committed|planned|assigned)\b"
    r"|\battendance\s+(?:at|in|across)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:ceremonies|stand-?ups|meetings|check-?ins|"
    r"retros?|plannings?|the\s+crew|the\s+team)\b|\b(?:planning|check-?ins?|stand-?ups?)\b.{0,40}\battendance\b"
    r"|\b(?:pull\s+requests?|PRs?|merge\s+requests?)\s+(?:are\s+)?reviewed\b", re.IGNORECASE)
# "Achieve 100% implementation of all booking features", "Menu fully photographed: every dish ...":
# the team's own work, stated as complete
_OWN_WORK_DONE = re.compile(
    r"\b100\s*%\s+(?:implementation|completion|delivery|roll-?out|migration)\s+of\b"
    r"|^\s*(?:the\s+|our\s+)?(?:[\w-]+\s+){0,3}fully\s+[a-z]+ed\b\s*[:;,]", re.IGNORECASE)
# "#1 in delivery time across the city", "number one in ...": a position others give
_RANKED_FIRST = re.compile(r"(?:#\s?1|\bnumber\s+one|\bno\.\s?1)\s+(?:in|em|en|for|among)\b", re.IGNORECASE)
# "..., with a 98% uptime goal", "..., with a 90% success rate in meeting ...": the work's measured result
_WITH_RESULT = re.compile(r"\bwith\s+(?:a|an)\s+\d{1,3}(?:\.\d+)?\s*%\s+(?:uptime|success|accuracy|pass|"
                          r"satisfaction|on[\s-]time|response)\s*(?:rate|goal|target|score)?\b",
                          re.IGNORECASE)
# "Volume of parcels delivered ≥ 5,000 a month": "Volume" names the metric, it is no verb
_VOLUME = re.compile(r"^\s*volume\s+(?:of|de|do|da|financeiro)\b(?=.*\d)", re.IGNORECASE)
# Spanish and Portuguese project verbs opening a line ("Automatizar 80% das tarefas")
ROMANCE_PROJECT = re.compile(r"^\s*(?:cerrar|implementar|lanzar|lan[çc]ar|crear|criar|construir|desarrollar|"
                             r"desenvolver|migrar|institucionalizar|documentar|publicar|contratar|dise[ñn]ar|"
                             r"instalar|automatizar|digitalizar|disponibilizar|organizar|preparar|completar|"
                             r"concluir|terminar|definir|formalizar|estandarizar|padronizar|montar|integrar|"
                             r"redise[ñn]ar|finalizar)\b", re.IGNORECASE)


def _first_shape(text: str, shapes: tuple[tuple[re.Pattern[str], tuple[str, ...], str], ...]
                 ) -> tuple[str, re.Match[str]] | None:
    """The first shape the line has. Each shape runs only when one of its cue words is in the
    line: these checks run on every key result, and most lines have none of the words."""
    low = text.lower()
    for shape, cues, kind in shapes:
        if cues and not any(cue in low for cue in cues):
            continue
        m = shape.search(text)
        if m is not None:
            return kind, m
    return None


_OWN_WORK_SHAPES = (
    (_RANKED_FIRST, ("#", "number one", "no."), "ranked"),
    (_WITH_RESULT, ("with a",), "result"),
    (_VOLUME, ("volume",), "volume"),
    (ROMANCE_PROJECT, (), "romance"),
    (_OWN_PROCESS, ("story", "velocity", "sprint", "committed", "planned", "assigned", "attendance",
                    "review"), "process"),
    (_OWN_WORK_DONE, ("100", "fully"), "done"),
)


def judge_own_work(text: str) -> Outcome | None:
    """Effort and own work that a figure makes look like a result, and results that a task verb
    makes look like work (a position others give, a task stated with its measured result)."""
    found = _first_shape(text, _OWN_WORK_SHAPES)
    if found is None:
        return None
    kind, m = found
    if kind == "ranked":
        return Outcome(True, 0.9, spans=[m.span()], note="a position others give")
    if kind == "result":
        return Outcome(True, 0.9, spans=[m.span()], note="a task, with the measured result it is for")
    if kind == "volume":
        return Outcome(True, 0.9, spans=[m.span()], note="a volume, measured")
    if kind == "romance":
        return fail("task", "task", [m.span()])
    if kind == "process":
        return fail("count of the team's own process", "counted-activity", [m.span()])
    return fail("piece of the team's own work, stated as complete", "deliverable", [m.span()])


_SYSTEM_SHAPES = (
    (_LEVEL_LABEL, (":",), "level"),
    (_CAPACITY, ("handles", "supports", "serves", "processes", "scales", "copes"), "capacity"),
    (_QUALITY_STATE, ("stable", "reliable", "available", "responsive", "secure"), "quality"),
    (_FEATURE_COUNT, ("recogni", "detected", "supported", "integrated", "implemented", "automated",
                      "translated", "locali"), "features"),
    (_DONE_STATE, ("complete", "finished", "done"), "done"),
)


def judge_system_states(text: str) -> Outcome | None:
    """Verdicts on what a line says of the team's own system: its qualities, capacity and
    service levels are results; its features counted and documents stated as done are work.
    (Test coverage is left to the general reading: our gold set counts "test coverage above
    80%" as a quality bar, one outside reader as work; the two readings are both held.)"""
    found = _first_shape(text, _SYSTEM_SHAPES)
    if found is None:
        return None
    verdict, m = found
    if verdict == "level":
        return Outcome(True, 0.9, spans=[m.span()],
                       note="a service level, a metric's threshold or what a community does")
    if verdict == "capacity":
        return Outcome(True, 0.9, spans=[m.span()], note="what the system can take, measured")
    if verdict == "quality":
        return Outcome(True, 0.8, spans=[m.span()],
                       note="a quality of the system, stated without a number (see measurability)")
    if verdict == "features":
        return fail("count of the team's own output", "counted-activity", [m.span()])
    return fail("deliverable, stated as done", "deliverable", [m.span()])


def judge_states(text: str, claim: Claim, audience: frozenset[str], measured_line: bool) -> Outcome | None:
    """The verdict of the first shape above that the line has, or None to read it as usual."""
    system = judge_own_work(text) or judge_system_states(text)
    if system is not None:
        return system
    responded = others_respond(text)
    if responded:
        return Outcome(True, 0.9, spans=[responded], note="how people respond, counted")
    low = text.lower()
    rated = "scor" in low or "rat" in low
    scored = scored_by_people(text) if claim.form == "imperative" and rated else None
    if scored:
        return Outcome(True, 0.9, spans=[scored], note="a deliverable held to the score its users give")
    rule = configured_invariant(text)
    if rule:
        return fail("set-up rule, stated as done", "deliverable", [rule])
    feature = feature_on_own_outputs(text, audience)
    if feature:
        return fail("feature on the team's own outputs", "deliverable", [feature])
    grown = grown_own_collection(text) if claim.form == "imperative" and claim.verb in _GROW_VERBS else None
    if grown:
        return fail("count of the team's own output", "counted-activity", [grown])
    taken = taken_up_by_others(text, claim.word) if claim.form in ("finite", "passive") else None
    if taken:
        unmeasured = "what others do, stated without a number (see measurability)"
        return Outcome(True, 1.0 if measured_line else 0.8, spans=[taken],
                       note=None if measured_line else unmeasured)
    return None
