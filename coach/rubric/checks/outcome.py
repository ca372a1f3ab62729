"""Outcome or task: judged on what the line claims, not on its first word.

Why: in published sets most tasks are not "Launch X". They are deliverables with no verb
("Beta release of the app", "Documentation about contributions"), states of a deliverable
("Nightlies published", "the service is up and running"), capabilities ("users can create
branches"), counts of the team's own output ("12 streams", "weekly blog posts"), a
subject before the verb ("Members speak at 10 conferences") or verbs nobody lists
("Describe", "Elevate", "Field"). The claim (:mod:`coach.core.claim`) says which verb,
if any, carries the line; the word lists in the criterion's params (lemmas) say what that
verb, and the thing it counts, are. Every failure names the words that decided it.
"""

from __future__ import annotations

import re
from typing import Any

from coach.core.claim import Claim, read_claim
from coach.core.kr_parts import PLACEHOLDER_RE, find_deadline, has_quantity, quantities
from coach.core.lemmas import verb_lemma
from coach.core.text import mostly_latin
from coach.rubric.checks.base import Outcome, Subject, find_terms, pattern, register
from coach.rubric.checks.objective_outcome import objective_outcome
from coach.rubric.checks.outcome_labels import adjective_before_people, metric_row, own_effort, result_after
from coach.rubric.checks.outcome_shapes import (
    deliverable_with_purpose,
    endured_without_loss,
    held_every_time,
    kept_practice,
    label_of_open_target,
    metric_with_definition,
    said_in_words,
)
from coach.rubric.checks.outcome_states import judge_states, state_row
from coach.rubric.checks.outcome_words import (
    COMPARATIVE,
    IMPROVE_LIKE,
    WORD,
    fail,
    improve_like,
    lemma,
    measured,
    noun_is,
    word_set,
)

# "Publish the guide: 100%": how much of the task, not a result it is for
_BARE_SHARE = re.compile(r"\s*(?:[<>≤≥=~]\s*)?\d[\d.,]*\s*%\s*\.?\s*")
_DONE_PHRASE = re.compile(r"\b(?:up\s*(?:&|and)\s*running|in\s+place|live\b|rolled\s+out|signed\s+off|"
                          r"off\s+the\s+ground|set\s+up)\b", re.IGNORECASE)
_NEGATED = re.compile(r"^\s*(?:don'?t|do\s+not|never|no\s+more)\b", re.IGNORECASE)
_CAPABILITY = re.compile(r"\b(?:can|could|are\s+able\s+to|is\s+able\s+to|will\s+be\s+able\s+to)\b", re.I)


def _counted_noun(text: str, after: int) -> tuple[str, int, int] | None:
    """The noun a number counts ("12 more *streams*", "8 fellowship *guests*"): the last word
    of the noun phrase after the number, before a preposition, verb or punctuation."""
    last: tuple[str, int, int] | None = None
    for m in WORD.finditer(text, after):
        word = m.group(0).lower()
        if word in _STOP_PHRASE:
            break
        if last is not None and verb_lemma(word) and not word.endswith("s") and word not in _NOUN_OK:
            break
        last = (word, m.start(), m.end())
        if text[m.end():m.end() + 1] in ",.;:(" or (len(text) > m.end() and text[m.end()] == "/"):
            break
    return last


# A comparator and a measured figure: "<10 seconds", "≥ 0.8", "under 2 s", "at least 95%"
# (effort units count too: "Analyse a survey in fewer than 15 lines of code", "book in under 3 clicks")
_THRESHOLD = re.compile(r"(?:[<>≤≥]=?|\b(?:under|below|above|over|within|at\s+least|at\s+most|less\s+than|"
                        r"fewer\s+than|more\s+than|no\s+more\s+than))\s*[$€£]?\d[\d.,]*\s*(?:%|ms|s\b|sec|seconds?|"
                        r"minutes?|mins?|hours?|days?|weeks?|[kKmM]\b|x\b|pp\b|points?|lines?\b|clicks?|taps?|"
                        r"steps?\b|commands?)", re.IGNORECASE)
# Result verbs that also produce things ("Generate a report", "Deliver the breakdowns").
_PRODUCE = frozenset("generate deliver bring get drive".split())
_STOP_PHRASE = frozenset("""of to from for in on at by with per each a an the that which who and or so than
via into onto across within over under above below towards toward around through about w""".split())
_NOUN_OK = frozenset("new more additional".split())


def _head_is_output(text: str, claim: Claim, p: dict[str, Any]) -> tuple[int, int] | None:
    """"Blog posts published per month from 4 to 12": the metric counts the team's output."""
    end = claim.start if claim.form in ("passive", "stative", "finite") and claim.start else len(text)
    head: tuple[str, int, int] | None = None
    for m in WORD.finditer(text, 0, end):
        word = m.group(0).lower()
        if word in _STOP_PHRASE or m.group(0)[0].isdigit():
            break
        if head is not None and verb_lemma(word) and word.endswith("ed"):
            break  # "posts published ...": the participle ends the noun phrase
        if word.endswith("-free"):
            return None  # "Crash-free sessions above 99.5%": a quality of what users get
        head = (word, m.start(), m.end())
    if head is not None and noun_is(head[0], word_set(p["output_nouns"])):
        return head[1], head[2]
    return None


def _count_of(text: str, p: dict[str, Any]) -> tuple[str, tuple[int, int]] | None:
    """What the line's first count counts: ("output", span) for the team's own output,
    ("audience", span) for other people's actions or money, None when neither list knows it."""
    for q in quantities(text):
        # the head noun (last word of the phrase) first: "3 new sales reps" counts reps
        words = _phrase_after(text, q.end)[::-1]
        for word, _start, end in words:  # "10,000 companies worldwide committed", "3 projects/orgs"
            if noun_is(word, word_set(p["result_nouns"])):
                return "result", (q.start, end)
            if noun_is(word, word_set(p["audience_nouns"])):
                return "audience", (q.start, end)
            if noun_is(word, word_set(p["output_nouns"])):
                # "12 inbound calls": others made them (the team's calls are outbound)
                others = any(w in _OTHERS_MADE for w, _s, _e in words)
                return ("result" if others else "output"), (q.start, end)
            if word.endswith("s") and len(word) > 3:
                break  # an unknown plural head ("3 account managers"): its modifiers do not decide
    return None


# "Setup guide completed by a first-time volunteer in <15 minutes", "The toolkit adopted as the
# default by regional bike clubs": what someone else does with the team's work
_BY_OTHERS = re.compile(r"\bby\s+((?:[A-Za-z][\w'-]*\s*){1,5})")
_BY_US = re.compile(r"(?:the|our|my)\s+(?:own\s+)?(?:team|staff|squad|group)\b|us\b|me\b", re.IGNORECASE)


def _done_by_others(text: str, claim: Claim, p: dict[str, Any]) -> bool:
    """Whether a participle's agent ("... by regional bike clubs") is other people."""
    if not claim.word.lower().endswith("ed"):
        return False
    agent = _BY_OTHERS.search(text[claim.end:claim.end + 60])
    if agent is None or _BY_US.match(agent.group(1)):
        return False
    audience = word_set(p["audience_nouns"])
    return any(noun_is(w, audience) for w in agent.group(1).split())
_PERSON_STATE = re.compile(r"^\s*(?:(?:basic|conversational|full|working|professional|native|solid"
                           r"|b[12]|c[12])\s+)?(?:fluency|proficiency|mastery|competence|competency|literacy|confidence)\b",
                           re.IGNORECASE)
_OTHERS_MADE = frozenset("inbound incoming unsolicited organic".split())


def _phrase_after(text: str, after: int) -> list[tuple[str, int, int]]:
    """The words of the noun phrase a number counts, up to a preposition or a verb."""
    out: list[tuple[str, int, int]] = []
    for m in WORD.finditer(text, after):
        word = m.group(0).lower()
        if word in _STOP_PHRASE or len(out) >= 5:
            break
        if out and verb_lemma(word) and not word.endswith("s") and word not in _NOUN_OK:
            break
        out.append((word, m.start(), m.end()))
        if text[m.end():m.end() + 1] in ",.;:(":
            break
    return out


@register("outcome_not_task", {"key_result", "objective"}, {
    "task_verbs": [], "result_verbs": [], "artifact_nouns": [], "aspiration_words": [],
    "output_nouns": [], "audience_nouns": [], "metric_nouns": [], "deliverable_nouns": [],
    "behaviour_verbs": [], "result_nouns": [],
    "outcome_clause": r"\bso\s+that\b|\bresulting\s+in\b|\bleading\s+to\b|\bas\s+measured\s+by\b",
    "aspiration_clause": r"\b(?:that|which|who|where)\s+\w+",
}, triggers=("task", "counted-activity", "artifact-change", "fragment", "deliverable", "milestone"))
def outcome_not_task(s: Subject, p: dict[str, Any]) -> Outcome | None:
    """Flags tasks, activities and deliverables written where an outcome belongs."""
    if not mostly_latin(s.text):
        return None  # another script: the word lists cannot read it, so no verdict is given
    if s.kind == "objective":
        return objective_outcome(s.text, p)
    return _key_result(s.text, p)


def _result_clause(text: str, p: dict[str, Any], after: int) -> bool:
    """A measured result tied to the task in the same line ("... so that 40% ...", "..., and
    get at least 10 signups a week")."""
    clause = pattern(p["outcome_clause"]).search(text, after)
    if clause and (has_quantity(text[clause.end():]) or "measured" in clause.group(0).lower()):
        return True
    colon = text.find(":", after)
    if colon >= 0 and _COMPARED.search(text, colon):  # "Shorten the pages: avg words/page < 800"
        return True
    results = word_set(p["result_verbs"])
    for m in _RESULT_LINK.finditer(text, after):
        verb, rest = lemma(m.group(1)), text[m.end():]
        if verb in results and has_quantity(rest):
            return True
        if verb in _GAIN_VERBS and re.match(r"\s*[$€£]\s?\d", rest):
            return True  # "..., make $3 from a stranger": money others pay
        if verb in _GAIN_VERBS:  # "... that gets 500+ views", "..., has 300 views"
            counted = _count_of(rest, p)
            if counted and counted[0] in ("audience", "result"):
                return True
    return False


# A comparator and a figure, with or without a unit ("< 800", "≥ 4.5", "under 2 s")
_COMPARED = re.compile(r"(?:[<>≤≥]=?|\b(?:under|below|above|over|at\s+least|at\s+most|less\s+than"
                       r"|fewer\s+than|more\s+than))\s*[$€£]?\d")
_ZERO = re.compile(r"\b(?:with|and)\s+(?:no|zero)\b", re.IGNORECASE)
# Where a task line goes on to say what it brings: ", and get ...", "... that gets ...".
_RESULT_LINK = re.compile(r"(?:\b(?:that|which|to)\s+|,\s*(?:and\s+)?|\band\s+|[;:]\s*)(?:then\s+)?"
                          r"([A-Za-z]+)")
# Verbs that tie a count of other people to the thing just named ("has 300 views").
_GAIN_VERBS = frozenset("have get gain draw attract influence reach win earn see bring include involve "
                        "engage make".split())
# A level held across every item: "Acknowledge all security reports within two days".
_SERVICE_LEVEL = re.compile(r"\b(?:all|every|each|100\s*%\s+of(?:\s+the)?)\b[^.;]{0,60}?\b"
                            r"(?:within|in\s+under|in\s+less\s+than|in\s+fewer\s+than)\s+"
                            r"(?:\d|an?\b|one|two|three|four|five|six|seven|eight|nine|ten|twelve)",
                            re.IGNORECASE)
# Keeping an artefact or a practice going ("Maintain a volunteer handbook") is work; only a
# measured level is held as a result ("Keep checkout errors under 0.5%").
_KEEP_VERBS = frozenset("maintain keep sustain".split())

# K7: a feature's behaviour, stated as a state ("Export works end-to-end with X",
# "Each invoice includes a link", "Search service upgraded to match ..."): a deliverable.
_WORKS = re.compile(r"\bworks?\s+(?:end[\s-]+to[\s-]+end|as\s+(?:expected|designed|intended)|correctly|"
                    r"properly|reliably|seamlessly|smoothly|offline)\b", re.IGNORECASE)
_CONTAIN_VERBS = frozenset("include contain display show list carry feature embed".split())
# K6: a number that sets the team's own artefact ("backoff capped at ~500ms", "timeout set to
# 30 s") or a check on it in a test setting ("installs on a test phone with zero crashes").
_SPEC_PARAM = re.compile(r"\b(?:(?:capped|set|configured|tuned|pinned|throttled|debounced)\s+(?:at|to)|"
                         r"throttled|debounced|capped|rate[- ]limited)\s+"
                         r"[~≈<>≤≥]?\s*\d[\d.,]*\s*(?:%|ms|s|secs?|seconds?|minutes?|mins?|hours?|days?|"
                         r"[KMG]B|[kKmM])?\b|(?:±|\+/-|\+-)\s*\d[\d.,]*\s*%\s*(?:drift|variance|tolerance|deviation)",
                         re.IGNORECASE)
_TEST_SETTING = re.compile(r"\bon\s+(?:(?:a|an|the|our|one)\s+)?"
                           r"(?:test|staging|reference|dev|lab|physical|real)\s+"
                           r"(?:phone|device|tablet|machine|server|environment|rig|cluster|laptop)s?\b|"
                           r"\bin\s+(?:staging|ci|the\s+test\s+lab)\b", re.IGNORECASE)
# "Glossary data file (120+ terms ...)": the count only describes the team's own file.
_CONTAINER_NOUNS = frozenset("""file files dataset data set bank collection catalogue catalog pack kit library
database list glossary corpus""".split())
# K5: tracking a metric is work ("Usage events tracked: ...", "... and track weight regularly").
_TRACKED = re.compile(r"\b(?:tracked|monitored|logged|instrumented)\b", re.IGNORECASE)
_AND_TRACK = re.compile(r"\b(?:and|then)\s+(?:track|monitor|log|record)\b", re.IGNORECASE)
# "12 recipe cards ready to print", "4 booking widgets functional (web, kiosk, ...)": counted and done
_READY = re.compile(r"\bready\s+(?:to|for)\s+[a-z]+"
                    r"|\b(?:ready|functional|operational|working|in\s+production)\s*(?:\([^()]*\))?\s*[.!]?\s*$",
                    re.IGNORECASE)
_SIGNED_UP = re.compile(r"\b(?:waitlist|waiting\s+list|mailing\s+list|community|following|roster|membership)"
                        r"\s+of\s+\d[\d,]*\+?\s+[a-z]", re.IGNORECASE)
# K10: a threshold on what someone can then do ("... so they can ship a report in less than
# two weeks"): the threshold is what will be judged.
_NUM = r"(?:\d[\d.,]*|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
_DOER_THRESHOLD = re.compile(r"\bso\s+(?:that\s+)?[A-Za-z]+\s+(?:can|could|will\s+be\s+able\s+to|"
                             r"(?:is|are)\s+able\s+to)\b[^.;]{0,80}?\b(?:in\s+(?:less|fewer)\s+than|"
                             r"in\s+under|under|within|below)\s+" + _NUM + r"\s+[A-Za-z]+", re.IGNORECASE)
# K17: "Ensure the app meets high accessibility standards": a state of the world behind a task
# verb (measurability is what fails it).
_ENSURE_STATE = re.compile(r"\b(?:(?:meets?|exceeds?|compl(?:y|ies)\s+with|conforms?\s+to|satisf(?:y|ies))\b"
                           r"[^.;]{0,50}?\b(?:standards?|guidelines?|requirements?|regulations?|rules?|laws?|"
                           r"criteria|expectations?|SLAs?|targets?|levels?|bar)\b|(?:stays?|remains?)\b|"
                           r"(?:stable|reliable|smooth|uninterrupted|secure|safe)\s+(?:operation|running|service|"
                           r"delivery|performance|uptime)\b)",
                           re.IGNORECASE)


# "Minutes per check-in: measured, then < 3": the measuring comes first, the threshold is the target
_MEASURED_THEN = re.compile(r"(?<=:)\s*measured,?\s+then\s+(?=[<>≤≥]|under|below|above|at\s)", re.IGNORECASE)


# "Signage. Install 12 wayfinding signs", "Frame Stability. Maintain a steady 60 FPS": a topic in
# title case, then the key result's own sentence, which is what is judged
_TITLE_PREFIX = re.compile(r"^\s*[A-Z][\w&/-]*(?:\s+[A-Z][\w&/-]*){0,3}\.\s+(?=[A-Z][a-z])")


def _key_result(text: str, p: dict[str, Any]) -> Outcome:
    text = _MEASURED_THEN.sub(lambda m: " " * len(m.group(0)), text)  # same length: spans still point
    text = _TITLE_PREFIX.sub(lambda m: " " * len(m.group(0)), text)  # "Signage. Install 12 signs ..."
    row = state_row(text)
    if row:  # "Price lists loaded from data files: shipped (now: hardcoded)": a sheet row of work
        return fail("deliverable, stated as the state to reach", "deliverable", [row])
    label = label_of_open_target(text)
    if label is not None:  # "Meals saved per week: set after two weeks": the label is the claim
        return _key_result(label, p)
    joined = _SIGNED_UP.search(text)
    if joined:  # "Build a waitlist of 80 parents": the count is of people who chose to join
        return Outcome(True, note="counts people who signed up", spans=[joined.span()])
    held = held_every_time(text)
    if held is not None:
        return Outcome(True, 0.9, note="a level held every time", spans=[held])
    if metric_with_definition(text) is not None:  # "Time to first gift (signup to first gift)"
        return Outcome(True, note="a metric, named with its definition (see measurability)")
    if endured_without_loss(text):  # "Survive a power cut with no data loss"
        return Outcome(True, 0.9, note="a system held to zero loss under a stress")
    colon = text.find(":")  # "Shorten the pages: avg words/page < 800": the task, then its result
    if colon > 0 and _COMPARED.search(text, colon) and not _BARE_SHARE.fullmatch(text, colon + 1) and \
            read_claim(text[:colon]).form in ("imperative", "gerund"):
        return Outcome(True, 0.9, note="a task, then the measured result it is for")
    effort = own_effort(text) or result_after(text)
    if effort is not None:  # "Get feedback from 20 pharmacists"; "Page shipped, cutting tickets by 30%"
        return effort
    named = metric_row(text)
    if named is not None:  # "Invoice disputes per 1k invoices: below 4", "Workshops held: 6"
        return named
    claim = read_claim(text)
    if adjective_before_people(text, claim, word_set(p["audience_nouns"])):
        claim = Claim("noun", start=claim.start, end=claim.end, word=claim.word)  # "Paying subscribers"
    results, tasks = word_set(p["result_verbs"]), word_set(p["task_verbs"])
    counted = _count_of(text, p)
    if counted and counted[0] == "result":
        return Outcome(True, note="counts results only others can produce")  # leads, sign-ups, orders
    if counted:
        counted = ("audience", counted[1]) if counted[0] == "result" else counted
    if _NEGATED.match(text):
        return fail("rule to follow", "task", [(0, min(len(text), 20))])
    done = _DONE_PHRASE.search(text)
    if done and not has_quantity(text):  # "Handbook up and running", "Get the wiki live"
        return fail("deliverable, stated as done", "deliverable", [done.span()])
    claim = _reread(text, claim, tasks)
    state = judge_states(text, claim, word_set(p["audience_nouns"]), measured(text))
    if state is not None:  # uptake by others, set-up rules, features on own outputs (K1, K7, K61, K75, K76)
        return state
    stated = _stated_deliverable(text, claim, counted, p)
    if stated is not None:
        return stated
    if claim.form == "number":
        if counted and counted[0] == "output":
            return fail("count of the team's own output", "counted-activity", [counted[1]])
        return Outcome(True)
    if claim.form in ("noun", "passive", "stative", "finite"):
        output_head = _head_is_output(text, claim, p)
        done_by_others = _done_by_others(text, claim, p)
        if output_head and (measured(text) or has_quantity(text)) and not done_by_others:
            return fail("count of the team's own output", "counted-activity", [output_head])
    if claim.form == "noun":
        return _noun_key_result(text, claim, counted, p)
    verb = claim.verb or ""
    span = (claim.start, claim.end)
    if claim.form in ("passive", "stative"):
        if measured(text) and not (counted and counted[0] == "output"):
            return Outcome(True, note="a measured level, said in the passive")
        return fail("deliverable, stated as done", "deliverable", [span])
    if claim.form == "finite":
        if _CAPABILITY.search(text[:claim.end + 1]):
            return fail("capability to build", "deliverable", [span])
        if counted and counted[0] == "output":
            return fail("count of the team's own output", "counted-activity", [counted[1]])
        subject = WORD.findall(claim.subject)
        others = bool(subject) and noun_is(subject[-1], word_set(p["audience_nouns"]))
        done_work = claim.word.lower().endswith("ed") and verb in tasks | IMPROVE_LIKE and \
            not _done_by_others(text, claim, p)
        if not others and not measured(text) and not (counted and counted[0] == "audience") and (
                verb in _CONTAIN_VERBS or done_work):
            return fail("feature behaviour, stated as done", "deliverable", [span])
        if verb in results or measured(text) or (counted and counted[0] == "audience"):
            return Outcome(True)
        if find_terms(text, p["metric_nouns"]) and (has_quantity(text) or PLACEHOLDER_RE.search(text)):
            return Outcome(True, note="a metric with a figure")
        if others or _DISTRIBUTIVE.match(claim.subject) or (
                verb in word_set(p["behaviour_verbs"]) and not _team(claim.subject)):
            return Outcome(True, 0.8, note="what others do, stated without a number (see measurability)")
        if verb in ("be", "have") and has_quantity(text):
            return Outcome(True)
        return fail("task", "task", [span])
    # imperative or gerund
    if verb in ("ensure", "assure") and _ENSURE_STATE.search(text, claim.end):
        return Outcome(True, 0.8, note="a state of the world, said behind 'ensure' (see measurability)")
    if verb == "reach" and re.match(r"\s+out\b", text[claim.end:]) and not _result_clause(text, p, claim.end):
        return fail("contact to make", "task", [(claim.start, claim.end + 4)])
    tracked = _AND_TRACK.search(text, claim.end)
    if tracked and not measured(text) and not _THRESHOLD.search(text):
        return fail("metric to track", "task", [tracked.span()])
    coordinated = _coordinated_verbs(text, claim)
    if counted and counted[0] == "output" and counted[1][0] - claim.end <= 15:
        return fail("count of the team's own output", "counted-activity", [counted[1]])
    if verb in _KEEP_VERBS:
        artefacts = find_terms(text, p["artifact_nouns"]) + find_terms(text, p["deliverable_nouns"])
        kept = kept_practice(text, claim.end, artefacts, measured(text))
        if kept:
            return fail("practice to keep up", "task", [(claim.start, kept[1])])
    if _SERVICE_LEVEL.search(text, claim.end):
        return Outcome(True, 0.9, note="a service level held across every item")
    if verb in results or coordinated & results:
        made = find_terms(text[claim.end:], p["deliverable_nouns"]) if verb in _PRODUCE else []
        if made and not has_quantity(text) and not COMPARATIVE.search(text):
            return fail("deliverable", "deliverable", [(claim.start, claim.end + made[0][1])])
        return improve_like(text, claim, p) or Outcome(True)
    if verb == "make" and (COMPARATIVE.search(text) or measured(text)):
        artifacts = find_terms(text, p["artifact_nouns"])
        if artifacts and not measured(text):
            return fail("change to an artifact", "artifact-change", [(claim.start, artifacts[0][1])])
        return Outcome(True, 0.8, note="a change, stated as making something so")
    if verb not in tasks and COMPARATIVE.search(text):
        return Outcome(True, 0.8, note="a change, stated vaguely (see measurability)")
    if _result_clause(text, p, claim.end):
        return Outcome(True, note="a task tied to a measured outcome")
    threshold = _THRESHOLD.search(text, claim.end)
    if threshold:  # "Ship a dashboard where a review takes <10 seconds": the threshold is judged
        return Outcome(True, 0.9, note="a deliverable tied to a measured threshold")
    if said_in_words(text) and _ZERO.search(text, claim.end):  # "Open the room with zero lost items"
        return Outcome(True, 0.9, note="a deliverable held to zero loss")
    if counted and counted[0] == "audience" and verb not in tasks | {"hold", "host", "run"}:
        return Outcome(True, note="counts what others do")
    if counted and counted[0] == "audience" and measured(text):
        return Outcome(True, note="counts what others do")
    found = quantities(text)
    near = [q for q in found if q.start - claim.end <= 12 and q.unit in (None, "x")]
    if near and not (counted and counted[0] == "audience"):
        return fail("counted activity", "counted-activity", [(claim.start, near[0].end)])
    if find_deadline(text) and verb in tasks:
        return fail("milestone", "milestone", [span])
    if measured(text) and verb not in tasks:
        return Outcome(True, note="the line names a measured result")
    return fail("task", "task", [span])


def _reread(text: str, claim: Claim, tasks: frozenset[str]) -> Claim:
    """"Ship improved map tiles": a task verb, then an adjectival participle, not a subject and
    its verb (K13)."""
    if claim.form != "finite" or not claim.word.lower().endswith("ed"):
        return claim
    before = re.search(r"([A-Za-z]+)\s+$", text[:claim.start])
    if before is None or len(WORD.findall(claim.subject)) != 1:
        return claim
    lemma = verb_lemma(before.group(1))
    if lemma is None or lemma not in tasks or before.group(1).lower() != lemma:
        return claim  # "Orders shipped same day ...": a plural subject and its verb
    return Claim("imperative", lemma, before.start(1), before.end(1), word=before.group(1))


def _stated_deliverable(text: str, claim: Claim, counted: tuple[str, tuple[int, int]] | None,
                        p: dict[str, Any]) -> Outcome | None:
    """Deliverables that a number or a state makes look like results (K5, K6, K7), and a
    threshold on what someone can then do (K10)."""
    doer = _DOER_THRESHOLD.search(text)
    if doer:
        return Outcome(True, 0.9, note="a threshold on what someone can then do")
    ready = _READY.search(text)
    if ready and claim.form in ("number", "noun") and not (counted and counted[0] == "audience"):
        return fail("deliverable, stated as done", "deliverable", [ready.span()])  # "12 recipe cards ready"
    purpose = deliverable_with_purpose(text)
    if purpose:  # "Invite screen that drives organic growth": what it should do, unmeasured
        return fail("deliverable, named with its purpose", "deliverable", [purpose])
    works = _WORKS.search(text)
    if works and not measured(text):
        return fail("feature behaviour, stated as done", "deliverable", [works.span()])
    spec = _SPEC_PARAM.search(text)
    if spec:
        rest = text[:spec.start()] + text[spec.end():]
        if not has_quantity(rest):
            return fail("design parameter of the team's own work", "deliverable", [spec.span()])
    setting = _TEST_SETTING.search(text)
    if setting and not (counted and counted[0] == "audience"):
        return fail("check on the team's own build", "deliverable", [setting.span()])
    if claim.form != "imperative":
        tracked = _TRACKED.search(text)
        if tracked and not has_quantity(text) and not PLACEHOLDER_RE.search(text):
            return fail("metric to track", "task", [tracked.span()])
    if claim.form == "noun":
        paren = text.find("(")
        head = WORD.findall(text[:paren]) if paren > 0 else []
        if head and not has_quantity(text[:paren]) and (head[-1].lower() in _CONTAINER_NOUNS or noun_is(
                head[-1], word_set(p["deliverable_nouns"]))):
            return fail("deliverable, described by its contents", "deliverable", [(0, paren)])
    return None


_TEAM = re.compile(r"\b(?:we|us|our|team|teams|members|staff|engineers|devs|developers|everyone|i)\b",
                   re.IGNORECASE)
# "Each working group submits ...", "Every partner ...": others, counted one by one
_DISTRIBUTIVE = re.compile(r"^\s*(?:each|every|all)\b(?!\s+(?:of\s+)?(?:our|the)\s+team)", re.IGNORECASE)


def _team(subject: str) -> bool:
    """Whether the subject is the team itself (then its verbs are work, not results)."""
    return bool(_TEAM.search(subject))


def _coordinated_verbs(text: str, claim: Claim) -> frozenset[str]:
    """"Add and retain 5 members": every verb joined to the first by and/or."""
    out: set[str] = set()
    for m in re.finditer(r"\s*(?:and|or|&|/)\s*([A-Za-z]+)", text[claim.end:claim.end + 40]):
        if m.start() != 0 and not out:
            break
        lemma = verb_lemma(m.group(1))
        if lemma is None:
            break
        out.add(lemma)
    return frozenset(out)


def _noun_key_result(text: str, claim: Claim, counted: tuple[str, tuple[int, int]] | None,
                     p: dict[str, Any]) -> Outcome:
    """No verb: a count, a metric, or a deliverable named by its noun."""
    if counted and counted[0] == "output":
        return fail("count of the team's own output", "counted-activity", [counted[1]])
    if counted or measured(text) or has_quantity(text):
        return Outcome(True, note="a level or count with no verb")
    if COMPARATIVE.match(text.strip()):
        return Outcome(True, 0.8, note="a change, stated vaguely (see measurability)")
    done = _DONE_PHRASE.search(text)
    if done:
        return fail("deliverable, stated as done", "deliverable", [done.span()])
    metric = find_terms(text, p["metric_nouns"])
    if metric and not find_terms(text, p["deliverable_nouns"]):
        return Outcome(True, note="a metric with no target (see measurability)")
    words = WORD.findall(text)
    if claim.form == "noun" and 1 < len(words) <= 4 and words[-1].endswith("s") \
            and noun_is(words[-1], word_set(p["audience_nouns"])) \
            and lemma(words[0]) not in word_set(p["task_verbs"]) and not words[0].lower().endswith("ing"):
        # "Repeat customers", "Client no-shows": people counted, the target still to set
        return Outcome(True, 0.8, note="people counted, with no target (see measurability)")
    state = _PERSON_STATE.search(text)
    if state:  # "Fluency in conversational Spanish": a state a person reaches, not a deliverable
        return Outcome(True, 0.8, spans=[state.span()], note="a state a person reaches (see measurability)")
    first = WORD.search(text)
    spans = [first.span()] if first else [(0, len(text))]
    return fail("deliverable", "deliverable", spans)
