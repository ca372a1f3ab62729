"""What every offline rewrite rule shares: the verb lists, the rewrite record and the small
text helpers (a deadline kept or marked, the start and target from the input's columns).

Why a module: the rules (:mod:`coach.suggest.offline_rules`, :mod:`coach.suggest.task_outcome`)
and the gate read the same verb lists, so they live where none of them imports the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coach.core.kr_parts import DECREASE, INCREASE, find_deadline, leading_verb

TASK_VERBS = frozenset("""launch build create implement deploy migrate design redesign write rewrite publish
post hire recruit train run hold conduct organise organize send complete finish document roll develop
ship release integrate install introduce define draft prepare plan research analyse analyze audit refactor
pilot interview survey host sponsor produce record translate map evaluate assess collect gather
renegotiate negotiate outsource automate configure deliver start begin kick establish form schedule
distribute upgrade replace rebuild standardise standardize consolidate update add participate present
submit buy purchase order contact visit meet open renovate refurbish relocate decorate furnish repair fix
clean attend set test onboard""".split())
VAGUE_VERBS = frozenset("""improve enhance optimise optimize boost strengthen better make get be become have
ensure drive focus work streamline support upgrade refresh polish revamp grow increase raise lift reduce
lower decrease cut mitigate curb combat track monitor measure""".split())
DECREASE_WORDS = re.compile(
    r"\b(?:time|times|wait|waits|waiting|latency|delay|delays|churn|cost|costs|spend|error|errors|bug|bugs"
    r"|defect|defects|incident|incidents|outage|outages|downtime|ticket|tickets|complaint|complaints"
    r"|backlog|refund|refunds|return|returns|abandonment|attrition|turnover|escalation|escalations"
    r"|waste|emission|emissions|lead\s+time|cycle\s+time|handle\s+time|cancellation|cancellations"
    r"|failures?|crash(?:es)?|rework|absence|absences|debt|risk|risks|vulnerabilit(?:y|ies)|alerts?"
    r"|false\s+positives?|noise|no-shows?)\b", re.I)
METRIC_WORDS = re.compile(
    r"\b(?:rate|ratio|time|times|score|share|percentage|number|count|revenue|sales|nps|csat|ces|churn"
    r"|conversion|retention|activation|adoption|usage|users|customers|accounts|sign-?ups|signups|tickets"
    r"|latency|uptime|margin|cost|costs|arr|mrr|visits|visitors|downloads|installs|leads|orders|deals"
    r"|bookings|incidents|errors|defects|complaints|readers|members|subscribers|donors|students|patients"
    r"|attendance|coverage|satisfaction|engagement rate|value|spend|wait|waits|minutes|hours|days"
    r"|no-shows)\b",
    re.I)
AUDIENCES = ("customers", "users", "accounts", "clients", "members", "students", "patients", "donors",
             "merchants", "teams", "employees", "staff", "readers", "subscribers", "visitors", "partners")
# Verbs whose object says little about the result ("train the agents on the new guide"):
# the outcome stays a placeholder and the work is named after it.
PROCESS_VERBS = frozenset("""train coach teach translate migrate refactor audit research analyse analyze
automate consolidate renegotiate negotiate outsource document test pilot map evaluate assess collect
gather schedule distribute present submit interview attend participate conduct organise organize
clean repair fix standardise standardize plan prepare define integrate connect sync link merge""".split())


@dataclass
class OfflineRewrite:
    """A proposed rewrite and why; ``initiative`` keeps the task a key result used to name."""

    criterion: str
    text: str
    rationale: str
    initiative: str | None = None
    new_key_result: str | None = None
    removed: list[str] = field(default_factory=list)


def has_criterion(failing: list[str], word: str) -> str | None:
    """The first failing criterion id that contains ``word`` ("measurable", "time-bound")."""
    return next((c for c in failing if word in c), None)


def audience(*texts: str) -> str:
    """Who the metric is about, in the author's words (default: customers)."""
    joined = " ".join(texts).lower()
    for word in AUDIENCES:
        if re.search(rf"\b{re.escape(word.rstrip('s'))}s?\b", joined):
            return word
    return "customers"


def cap(text: str) -> str:
    """The text with its first letter in upper case."""
    return text[:1].upper() + text[1:]


def tidy(text: str) -> str:
    """One space between words, none before punctuation, no stray separators at the ends."""
    text = re.sub(r"\s+", " ", text).strip(" ,;:-")
    return re.sub(r"\s+([,.;:])", r"\1", text)


def strip_deadline(text: str) -> tuple[str, str]:
    """(the text without its deadline phrase, the phrase): the rewrite puts it back at the end."""
    m = find_deadline(text)
    if not m:
        return text, ""
    return tidy(text[: m.start()] + " " + text[m.end():]), m.group(0)


# When the draft names no date and the document no period, the date is the author's to set:
# a marked placeholder (an open point for the rubric), never an assumed quarter. A level to
# hold is kept through a period, not reached by a date.
DEADLINE_HOLE, PERIOD_HOLE = "by [deadline]", "through [period]"


def with_deadline(text: str, deadline: str, time_bound_failing: bool, hold: bool = False) -> str:
    """The rewrite with the draft's deadline, or a marked one when time-bound is failing."""
    if deadline:
        return f"{text} {deadline}"
    if not time_bound_failing:
        return text
    return f"{text} {PERIOD_HOLE if hold else DEADLINE_HOLE}"


def baseline_target(given: dict[str, str], baseline: str | None = None) -> tuple[str, str]:
    """The start and the target: the input's columns, the draft's own number, else placeholders."""
    return (given.get("baseline") or baseline or "[baseline]", given.get("target") or "[target]")


# Verbs that name work when joined to a task ("buy a desk and track posture"), beyond TASK_VERBS.
ALSO_WORK = frozenset("track monitor measure test share celebrate promote amplify review summarise "
                       "summarize document".split())


def objective_cuts(objective: str) -> bool:
    """Whether the objective asks for less of something ("Cut failed payments", "Fewer
    missed appointments", "Reduce churn"), so an unnamed outcome metric should fall."""
    head = leading_verb(objective)
    if head in DECREASE:
        return True
    if head is not None and head in INCREASE:
        return False
    return bool(re.match(r"\s*(?:fewer|less|lower|no\s+more|zero)\b", objective, re.I))


# "Plan the camping trip including:" with the parts in sub-items: the line ends on the words that
# announce them, which a rewrite must not leave dangling ("... a summer camping trip including").
_LIST_INTRO = re.compile(r"[\s,;–—-]*(?:\b(?:including|covering|incl\.?|such\s+as|namely"
                         r"|with\s+the\s+following|as\s+follows|the\s+following)\s*)?:\s*$", re.IGNORECASE)


def without_list_intro(text: str) -> str:
    """The line without a closing colon and the words that announce a list under it."""
    return _LIST_INTRO.sub("", text)

