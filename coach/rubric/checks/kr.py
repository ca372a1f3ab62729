"""Check types for key results: outcome or task, measurable, baseline, deadline, ambition,
alignment and one metric. Each registers itself with the triggers its failures can name."""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

from coach.core.claim import read_claim
from coach.core.kr_parts import (
    DECREASE,
    EXAMPLE_FIGURE,
    INCREASE,
    PLACEHOLDER_RE,
    START_UNKNOWN,
    extract_parts,
    find_deadline,
    find_multiplier,
    has_quantity,
    leading_verb,
)
from coach.core.models import KeyResult, Objective
from coach.core.text import content_stems
from coach.rubric.checks.base import (
    Outcome,
    Subject,
    any_word,
    find_terms,
    first_word,
    pattern,
    register,
    stem_set,
    verb_matches,
)
from coach.rubric.checks.outcome_shapes import metric_with_definition, said_in_words


@register("metric_target", {"key_result"}, {
    "accept_placeholder": False, "accept_dated_milestone": True, "vague_words": [],
}, triggers=("vague-verb", "no-number", "placeholder"))
def metric_target(s: Subject, p: dict[str, Any]) -> Outcome | None:
    """A key result needs a metric and a target (a number, a number word or a marked placeholder)."""
    assert s.kr is not None
    parts = s.kr.parts
    example = EXAMPLE_FIGURE.search(s.text)
    if example and not p["accept_placeholder"]:  # "Repeat-visit rate: e.g. 25%": not set yet
        return Outcome(False, 0.5, spans=[example.span()], trigger="placeholder",
                       fields={"missing": "target", "placeholders": example.group(0)})
    defined = metric_with_definition(s.text)
    if defined is not None:  # "Repeat donor rate (2+ gifts within 12 months)": no target yet
        return Outcome(False, 0.0, spans=[(0, len(defined))], trigger="no-number")
    outside = re.sub(r"\([^()]*\)", " ", s.text)
    if parts.placeholders and PLACEHOLDER_RE.search(outside) and not re.search(r"\d", outside) \
            and not p["accept_placeholder"]:
        # "X mentoring pairs (target: 100.0)": the count is left open; a bracket's figure is an
        # export's annotation, not the author's target
        spans = [m.span() for m in PLACEHOLDER_RE.finditer(s.text)][:2]
        return Outcome(False, 0.5, spans=spans, trigger="placeholder",
                       fields={"missing": "target", "placeholders": ", ".join(parts.placeholders)})
    if parts.target is not None or (parts.target_text and not parts.placeholders):
        return Outcome(True)
    if parts.relative_change is not None:
        return Outcome(True)
    if parts.placeholders:
        if p["accept_placeholder"]:
            return Outcome(True, 0.7, note="target is a placeholder: fill it in before the quarter starts")
        # A draft whose target is still to be set is not measurable yet; the author knows
        # what is missing, so the finding names it instead of asking for a rewrite.
        spans = [m.span() for m in PLACEHOLDER_RE.finditer(s.text)][:2]
        return Outcome(False, 0.5, spans=spans, trigger="placeholder",
                       fields={"missing": "target", "placeholders": ", ".join(parts.placeholders)})
    if _target_note(s.kr):  # "- Track weekly mood" with "  - Target: average ≥ 3" under it
        return Outcome(True, note="the target is on its 'Target:' line")
    said = said_in_words(s.text)
    if said is not None:  # "at least once per month", "in less than a month", "always passing"
        return Outcome(True, 0.8, spans=[said], note="a frequency or a limit, said in words")
    vague = find_terms(s.text, p["vague_words"])
    head = first_word(s.text)
    moves_metric = head is not None and verb_matches(head[0], p["vague_words"])
    if parts.deadline and p["accept_dated_milestone"] and not moves_metric:
        return Outcome(True, 0.8, note="a dated milestone: done or not done by the date")
    spans = vague[:2] or [(0, len(s.text))]
    return Outcome(False, 0.0, spans=spans, trigger="vague-verb" if vague else "no-number")


_TARGET_NOTE = re.compile(r"^(?P<label>target|meta|indicator|measure|metric|kpi|success\s+(?:measure|metric))"
                          r"\s*:\s*(?P<value>\S.*)$", re.IGNORECASE)


def _target_note(kr: KeyResult) -> bool:
    """Whether a "Target: ..." note written under the key result sets a number (the parser keeps
    such lines as notes: the key result's text stays what the author wrote on its line). An
    "Indicator:" or "Measure:" note sets one only with a comparator or a start ("survey score at
    least 8.5"): its bare numbers may be a scale ("mood rating 1-5")."""
    for note in kr.notes:
        m = _TARGET_NOTE.match(note)
        if m is not None:
            parts = extract_parts(m.group("value"))
            if parts.target is None or parts.placeholders:
                continue
            if m.group("label").lower() in ("target", "meta") or parts.baseline is not None or \
                    parts.comparator in (">=", "<=", ">", "<"):
                return True
    return False


@register("has_baseline", {"key_result"}, {
    "baseline_placeholders": ["baseline", "current", "today"],
    "reference": r"\(now:\s*(?!\[|tbd|tbc|\?)|"
                 r"\b(?:compared\s+(?:to|with)|vs\.?|versus|qoq|yoy|mom|year[- ]on[- ]year|"
                 r"year[- ]over[- ]year|quarter[- ]on[- ]quarter|same\s+as|(?:up|down)\s+from|"
                 r"current(?:ly)?\b(?!\s*:?\s*(?:tracking|tbd|tbc|unknown|n/?a\b|\?|not\s+(?:yet\s+)?"
                 r"(?:tracked|measured|known)))|today\b|last\s+(?:year|quarter|month|half|season)|"
                 r"previous\s+(?:year|quarter|month)|(?:than|over|on)\s+(?:in\s+)?(?:q[1-4]|h[12]|20\d\d|last)\b)",
    "level_markers": r"\b(?:monthly|weekly|daily|yearly|annual(?:ly)?|per\s+(?:\d+\s+)?(?:day|week|month|"
                     r"year|quarter|days|weeks|months)|a\s+(?:day|week|month|year)|"
                     r"/\s?(?:day|week|month|mo|wk|yr)|p/[mwd]|active|total|returning|recurring|concurrent|"
                     r"mau|dau|wau|arr|mrr|run[- ]rate|rr|revenue|income|sales|giving|pipeline|spend|budget|"
                     r"margin|score|rating|index|nps|enps|csat|average|mean|median|satisfaction)\b",
}, triggers=("no-baseline", "unsure"))
def has_baseline(s: Subject, p: dict[str, Any]) -> Outcome | None:
    """Where the metric starts; asked only where it matters.

    A baseline is asked of a level or a rate that exists today ("monthly readers", a
    percentage, a duration) moved to an absolute target. A count of new things ("30 new
    customers", "5 case studies") starts at zero; a threshold ("under 2 s", "at least 5")
    only has to hold; a reference ("compared to last year", "QoQ", "currently 12%") is one.
    """
    assert s.kr is not None
    parts = s.kr.parts
    if parts.direction == "keep":
        return None
    if parts.target is None and parts.relative_change is None:
        return None
    said = read_claim(s.text)
    if said.form in ("imperative", "gerund") and said.verb in _EFFORT and not _PER_PERIOD.search(s.text) \
            and not _SECOND_MOVE.search(s.text):
        # "Call 50 lapsed donors", "Run 8 safety trainings": work counted from zero (a rate per week,
        # "Post 5 times a week", is a level the team already keeps, so it still asks)
        return None
    if metric_with_definition(s.text) is not None:
        return None  # the numbers define the metric; it has no target to start from
    if parts.baseline is not None:
        return Outcome(True)
    if any(any(w in ph.lower() for w in p["baseline_placeholders"]) for ph in parts.placeholders):
        return Outcome(True, 0.7, note="baseline is a placeholder: measure it in week one")
    if pattern(p["reference"]).search(s.text):
        return Outcome(True, note="the line says what it is compared with")
    level = _level_in_document(s.text, s.okr.levels)
    if level is not None:
        return Outcome(True, note=f"the document says where it starts: {level}")
    multiplier = find_multiplier(s.text)
    target_at = next((n.start for n in parts.numbers if n.text == parts.target_text), None)
    # "Increase NPS by 10 points", "Grow the newsletter by 2,000 subscribers": a change by so much
    delta = target_at is not None and _BY_DELTA.search(s.text[max(0, target_at - 8):target_at]) is not None
    if parts.relative_change is not None or multiplier is not None or delta:
        # "Cut open tickets by 40%", "double weekly orders": the start is today's level by
        # construction (the labelling guide counts it as given), yet the change can only be
        # checked against a number someone wrote down. A question to the author, not a warning.
        span = (multiplier[1].span() if multiplier is not None else
                next(((n.start, n.end) for n in parts.numbers if n.text == parts.target_text), None))
        return Outcome(False, 1.0, spans=[span] if span else [], trigger="unsure", fields={
            "target": parts.target_text or "", "ask": "A relative change is checked against that level.",
            "how": "Write today's level in the line ('from 120 to 72') or record it in the first week."})
    unknown = START_UNKNOWN.search(s.text)
    if unknown:  # "Subscribers: 800 (Current: tracking)": the metric exists, its start is not written
        return Outcome(False, 0.0, spans=[unknown.span()], trigger="no-baseline")
    # "Grow X to 5,000"; not "Raise $50k in donations", money collected this period
    moved = leading_verb(s.text) in _CHANGES and not _NEW.search(s.text) and not _RAISE_MONEY.match(s.text)
    if (parts.comparator in (">=", "<=", ">", "<") and not moved) or parts.target == 0:
        return None  # a threshold to reach or hold ("under 2 s", "≥ 90% precision", "zero outages")
    # a leading label ("Content pipeline: 8 explainers") names a theme, not the metric's kind
    # a leading label ("Content pipeline: 8 explainers") names a theme, a bracket ("(2x/week)") a
    # cadence and "at $50/mo" a price: none says the metric is a level
    label = _LEADING_LABEL.match(s.text)
    plain = _ASIDE.sub(lambda m: " " * len(m.group(0)), s.text)
    if label and not re.search(r"[A-Za-z]{3,}", plain[label.end():]):
        label = None  # "Weekly visitors: 1,200": nothing named after the figure, so the label is the metric
    new_count = parts.unit in (None, "x", *_MONEY_UNITS) and _NEW_THINGS.search(s.text) is not None
    if new_count and not _PER_PERIOD.search(_NEW_FLOW.sub(" ", plain)):
        return None  # "$80,000 in new membership revenue": new things this period start at zero
    # money a set earns once it launches the product ("Launch the app", then "$5K MRR") starts at zero
    launched = _launches(s.objective) or (
        parts.unit in _MONEY_UNITS and any(_launches(o) for o in s.okr.objectives))
    counted = parts.unit in (None, "x", *_MONEY_UNITS)
    if not moved and (_LAUNCHED_HERE.search(plain) or (counted and launched)):
        return None  # "12 schools active in the pilot", "120 daily listeners" of an app launched now
    marked = pattern(p["level_markers"]).search(plain, label.end() if label else 0) is not None
    rate = parts.unit not in (None, "x") and parts.unit.lower() not in _MONEY
    if not (moved or marked or rate):
        return None  # a count of new things this period starts at zero
    if not (moved or marked):
        # "Achieve 90% precision": a rate, but it may be new this quarter; ask, do not warn
        return Outcome(False, 1.0, trigger="unsure", fields={
            "target": parts.target_text or "",
            "ask": f"If it is already measured, say so ('from ... to {parts.target_text or 'the target'}'); "
                   "if it is new this quarter, no baseline is needed.",
            "how": "Add the current value if there is one; a rate that starts this quarter needs none."})
    target = next((n for n in parts.numbers if n.text == parts.target_text), None)
    return Outcome(False, 0.0, spans=[(target.start, target.end)] if target else [], trigger="no-baseline")


_AFTER_EVENT = re.compile(r"\bwithin\s+(?:the\s+first\s+)?\d{1,3}\s+(?:days|weeks|months)\s+(?:of|after|from)"
                          r"\s+(?:the\s+)?(?:go[\s-]?live|launch|deployment|release|roll-?out|kick-?off"
                          r"|opening\s+day)\b", re.IGNORECASE)
_DATED_NOTE = re.compile(r"^(?:target|goal|deadline|due(?:\s+date)?|by|when|timeline|meta)\s*:",
                         re.IGNORECASE)


@register("deadline", {"key_result"}, {"inherit_period": True}, triggers=("no-deadline", "placeholder"))
def deadline(s: Subject, p: dict[str, Any]) -> Outcome | None:
    """A key result is time-bound by its own deadline or by the set's period; "by [deadline]"
    is a date the author has still to set (an open point, like a [target])."""
    assert s.kr is not None
    m = find_deadline(s.text) or _WHEN.search(s.text)
    if m:
        return Outcome(True, spans=[m.span()])
    relative = _AFTER_EVENT.search(s.text)
    if relative:  # "... within 60 days of launch": due a fixed time after an event the team sets
        return Outcome(True, spans=[relative.span()])
    noted = next((note for note in s.kr.notes if _DATED_NOTE.match(note) and (
        find_deadline(note) or _AFTER_EVENT.search(note))), None)
    if noted is not None:  # "- Target: 25% fewer within 45 days of go-live" under the key result
        return Outcome(True, note=f"its deadline is in the line under it ('{noted}')")
    hole = DEADLINE_PLACEHOLDER.search(s.text)
    if hole:
        return Outcome(False, 0.0, spans=[hole.span()], trigger="placeholder",
                       fields={"placeholders": hole.group(1)})
    period = (s.objective.period if s.objective is not None else None) or s.okr.period
    if p["inherit_period"] and period:
        return Outcome(True, note=f"inherits the period of its heading or set ({period})")
    return Outcome(False, 0.0, trigger="no-deadline")


_CURRENT_VALUE = re.compile(r"\(\s*(?:current(?:ly)?|now|today|baseline)\s*:?\s*(?P<v>\d[\d,]*(?:\.\d+)?)"
                            r"\s*%?\s*\)", re.IGNORECASE)


def _as_number(text: str) -> float:
    return float(text.replace(",", ""))


@register("ambition", {"key_result"}, {
    "keep_verbs": [], "min_relative_change": 0.1, "binary_is_timid": True,
}, triggers=("holds-level", "timid-change", "yes-no", "floor"))
def ambition(s: Subject, p: dict[str, Any]) -> Outcome | None:
    """Flags 'maintain/keep' results, yes/no results and timid moves against the baseline."""
    assert s.kr is not None
    parts = s.kr.parts
    head = first_word(s.text)
    claim = read_claim(s.text)
    under_load = _UNDER_LOAD.search(s.text)
    if under_load and ((head and verb_matches(head[0], p["keep_verbs"])) or
                       (claim.verb and verb_matches(claim.verb, p["keep_verbs"]))):
        return Outcome(True, note="holds a level while the load on it grows",
                       fields={"change": under_load.group(0).strip()})
    if head and verb_matches(head[0], p["keep_verbs"]):
        return Outcome(False, 0.3, spans=[head[1:]], trigger="holds-level",
                       fields={"why": "it holds a level instead of moving it"})
    if claim.form == "finite" and claim.verb and verb_matches(claim.verb, p["keep_verbs"]):
        return Outcome(False, 0.3, spans=[(claim.start, claim.end)], trigger="holds-level",
                       fields={"why": "it holds a level instead of moving it"})  # "Uptime stays above 99%"
    already = _CURRENT_VALUE.search(s.text)
    if already and parts.target is not None and _as_number(already.group("v")) == parts.target:
        # "Zero late deliveries (Current: 0)": the target is where the metric already stands
        return Outcome(False, 0.3, spans=[already.span()], trigger="holds-level",
                       fields={"why": "its target is where the metric already stands"})
    held = _CEILING_HELD.search(s.text)
    if held:
        return Outcome(False, 0.4, spans=[held.span()], trigger="holds-level",
                       fields={"why": "it keeps a ceiling that is already the norm"})
    floor = _FLOOR.search(s.text)
    if floor and _DEFINES.search(s.text[max(0, floor.start() - 40):floor.start()]) \
            and parts.relative_change is not None:
        floor = None  # "members who attend at least two classes, from 30% to 50%": a definition
    if floor:
        return Outcome(False, 0.6, spans=[floor.span()], trigger="floor",
                       fields={"why": "it sets the bar at the minimum"})
    if parts.relative_change is not None:
        change = abs(parts.relative_change)
        closed = _gap_closed(parts)
        if change < p["min_relative_change"] and closed is not None and closed >= HALF_THE_GAP:
            return Outcome(True, fields={"change": f"{change:.0%}, closing {closed:.0%} of the gap to 100%"})
        if change < p["min_relative_change"]:
            spans = [(n.start, n.end) for n in parts.numbers[:2]]
            return Outcome(False, 0.4, spans=spans, trigger="timid-change", fields={
                "why": f"a {change:.0%} move against the baseline is below the "
                       f"{p['min_relative_change']:.0%} this profile expects"})
        return Outcome(True, fields={"change": f"{change:.0%}"})
    is_binary = parts.target_text is None and not parts.placeholders and parts.deadline
    if is_binary and p["binary_is_timid"]:
        return Outcome(False, 0.5, fields={"why": "a yes/no result cannot be exceeded"}, trigger="yes-no")
    return None


@register("alignment", {"key_result"}, {
    "min_shared": 1, "clusters": {}, "method": "lexical", "min_similarity": 0.325,
}, triggers=("unrelated", "unsure"))
def alignment(s: Subject, p: dict[str, Any]) -> Outcome | None:
    """Support for the objective, judged against the objective *with its other key results*.

    Why the siblings: on published sets a key result rarely repeats its objective's words
    ("12 streams" under "Build a devoted community") but shares its subject with the other
    key results there. Shared stems or a topic cluster with that context pass. The
    'semantic' method adds the MiniLM similarity of the key result to the context (off by
    default: loading the model would triple a cold review). What neither can establish is
    asked as a question (trigger 'unsure'), never raised as a warning: on real sets a key
    result without shared words is almost always aligned, so a warning would cry wolf.
    """
    assert s.kr is not None and s.objective is not None
    if s.objective.implicit:
        return None  # no objective was stated: nothing to align with
    kr_stems = content_stems(s.text)
    if not kr_stems:
        return None
    semantic = p["method"] in ("semantic", "hybrid")
    if semantic:
        from coach.knowledge.similarity import context_similarity

        context = [s.objective.text, *(k.text for k in s.objective.key_results if k is not s.kr)]
        score = context_similarity(s.text, context)
        if score is not None:  # the model decides where it can run; words where it cannot
            if score >= p["min_similarity"]:
                return Outcome(True, 0.9, note=f"close in meaning to the objective and its key results "
                                                f"({score:.2f})")
            return Outcome(False, 1.0, fields={"objective": s.objective.text}, trigger="unsure",
                           note=f"similarity {score:.2f}")
    in_context = _context(s.objective, s.kr)
    shared = {stem for stem in kr_stems if in_context(stem)}
    if len(shared) >= p["min_shared"]:
        return Outcome(True, fields={"shared": ", ".join(sorted(shared))})
    clusters: dict[str, list[str]] = p["clusters"]
    for name, terms in clusters.items():
        cluster = stem_set(tuple(terms))
        if kr_stems & cluster and any(in_context(stem) for stem in cluster):
            return Outcome(True, 0.9, fields={"shared": name})
    return Outcome(False, 1.0, fields={"objective": s.objective.text}, trigger="unsure")


class _Context:
    """An objective's stems and, for each stem, how many of its key results hold it: what each
    key result of the objective is aligned against, counted once for the objective."""

    __slots__ = ("counts", "held", "key_results", "objective", "objective_stems", "objective_text")

    def __init__(self, objective: Objective) -> None:
        self.objective, self.objective_text = objective, objective.text
        self.key_results = objective.key_results
        self.held = {id(k): (k, k.text) for k in objective.key_results}
        self.objective_stems = content_stems(objective.text)
        self.counts = Counter(stem for k in objective.key_results for stem in content_stems(k.text))

    def fits(self, objective: Objective, kr: KeyResult) -> bool:
        """Whether these counts are of ``objective`` as it is, as far as ``kr`` can tell."""
        held = self.held.get(id(kr))
        return held is not None and held[0] is kr and held[1] == kr.text and self.objective is objective \
            and self.key_results is objective.key_results and self.objective_text == objective.text \
            and len(self.held) == len(objective.key_results)


_LAST = threading.local()  # the context of the objective reviewed last, per thread


def _context(objective: Objective, kr: KeyResult) -> Callable[[str], bool]:
    """Whether a stem is in the objective or in a key result of it other than ``kr``.

    Why counted: the context of a key result is its objective with the *other* key results;
    gathered anew for each key result, an objective with N key results cost N² (20,000
    identical key results took minutes). The counts are made when the engine reaches an
    objective's first key result (every review starts there, so a draft edited in place
    between two reviews is counted again) and whenever they do not fit what ``kr`` sees.
    """
    krs = objective.key_results
    context: _Context | None = getattr(_LAST, "context", None)
    if context is None or (krs and krs[0] is kr) or not context.fits(objective, kr):
        context = _LAST.context = _Context(objective)
    if not context.fits(objective, kr):  # not in its objective's list, or in it twice
        others = [content_stems(k.text) for k in krs if k is not kr]
        stems = context.objective_stems
        return lambda stem: stem in stems or any(stem in each for each in others)
    own = content_stems(kr.text)
    counts, objective_stems = context.counts, context.objective_stems
    return lambda stem: stem in objective_stems or counts[stem] > (stem in own)


# A hold under growing load is a stretch: "Keep p95 under 2 s while traffic doubles".
_UNDER_LOAD = re.compile(r"\b(?:while|whilst|as|even\s+as|despite)\b[^.;]{0,60}?\b(?:grows?|growing|doubles?|"
                         r"doubling|triples?|rises?|rising|increases?|increasing|scales?|scaling|"
                         r"goes\s+up|climbs?)\b", re.IGNORECASE)
# "at least" after these words belongs to the metric's definition, not to its target.
_DEFINES = re.compile(r"\b(?:who|that|which|with|whose|where|having)\b[^,;]*$", re.IGNORECASE)
HALF_THE_GAP = 0.5


def _gap_closed(parts: Any) -> float | None:
    """For a rate moving toward 100% (or toward 0), the share of the remaining gap a move
    closes: 93% -> 99% is a 6% change but removes 86% of the failures, which is no timid
    move. None when the line is not a percentage with a baseline and a target."""
    if parts.unit != "%" or parts.baseline is None or parts.target is None:
        return None
    base, target = parts.baseline, parts.target
    if not (0 <= base <= 100 and 0 <= target <= 100) or base == target:
        return None
    if target > base:
        return (target - base) / (100 - base) if base < 100 else None
    return (base - target) / base if base > 0 else None


# A date or period left for the author to set, as the offline rewriter writes it.
DEADLINE_PLACEHOLDER = re.compile(r"\b(?:by|before|until|through|throughout)\s+"
                                  r"(\[(?:deadline|period|date|due\s+date|end\s+date)\])", re.IGNORECASE)
# A period named in the line ("same as Q2 to Q3", "(EOQ)", "this half") makes it time-bound.
_WHEN = re.compile(r"\b(?:Q[1-4]|H[12]|FY\s?'?\d{2,4}|EO[QYMW]|end\s+of\s+(?:the\s+)?(?:quarter|year|month|"
                   r"half|sprint|season|term|cycle)|this\s+(?:quarter|half|year|month|season|term|sprint))\b",
                   re.IGNORECASE)
_FLOOR = re.compile(r"\b(?:at\s+least|a\s+minimum\s+of|no\s+(?:less|fewer)\s+than|or\s+more)\b",
                    re.IGNORECASE)
_CEILING_HELD = re.compile(r"^\s*(?:no|zero)\b.{0,80}?\b(?:more\s+than|longer\s+than|over)\b", re.IGNORECASE)
# Verbs that move an existing level ("Grow X to 5,000"), unlike those that reach a number
# ("Achieve ≥90% precision", "Hit 500 sign-ups"): only a move needs a starting point.
_CHANGES = frozenset(("increase", "raise", "grow", "lift", "boost", "improve", "expand", "double", "triple",
                      "scale", "maximise", "maximize", "accelerate", "push", *DECREASE))
# Verbs of the team's own effort: what they count starts at zero this period, whatever the noun
_EFFORT = frozenset("run hold host conduct call visit publish write send organise organize attend interview "
                    "train hire recruit post record film draft deliver complete finish ship launch".split())
_SECOND_MOVE = re.compile(r"\band\s+(?:grow|raise|increase|cut|reduce|lift|boost|improve|double)\b",
                          re.IGNORECASE)
_NEW_THINGS = re.compile(r"\b(?:new|additional|first)\b", re.IGNORECASE)
_NEW = re.compile(r"\b(?:new|additional|more|first|add|adds|added|hire|recruit)\b", re.IGNORECASE)
# A level of something that starts this period: a pilot's or a beta's, or under an objective
# that launches the product ("Launch the radio app and win first listeners"): it starts at zero
_LAUNCHED_HERE = re.compile(r"\b(?:in|into|of|from|during)\s+(?:the|our|its|this)\s+(?:[\w-]+\s+){0,2}"
                            r"(?:pilot|beta|trial|alpha|preview|launch)\b"
                            # "... in the first survey of the new booking app", "... in the new online shop"
                            r"|\bin\s+the\s+first\s+(?:survey|month|week|cohort|release|season)\b"
                            r"|\b(?:of|in|on|for|from)\s+the\s+new\s+(?:[\w-]+\s+){0,2}(?:app|shop|store|site|"
                            r"service|product|platform|programme|program|course)\b", re.IGNORECASE)
_LAUNCH_OBJECTIVE = re.compile(r"^\s*(?:launch|open|release|introduce|debut|start|kick\s+off|roll\s+out|"
                               r"go\s+live\s+with|bring\s+to\s+market)\b", re.IGNORECASE)


def _level_in_document(text: str, levels: dict[str, str]) -> str | None:
    """"App downloads: 0" from a metrics table, for "2,000+ active downloads": the metric the key
    result moves, named there with today's value (its last word and half its words in the line)."""
    if not levels:
        return None
    said = content_stems(text)
    for name, value in levels.items():
        stems = content_stems(name)
        words = [w for w in re.findall(r"[A-Za-z]+", name) if len(w) > 1]
        head = content_stems(words[-1]) if words else frozenset()
        if stems and head and head <= said and 2 * len(stems & said) >= len(stems):
            return f"{name} {value}"
    return None


def _launches(objective: Objective | None) -> bool:
    return objective is not None and not objective.implicit and \
        _LAUNCH_OBJECTIVE.match(objective.text) is not None


_MONEY = frozenset("$ € £ usd eur gbp".split())
_MONEY_UNITS = ("USD", "EUR", "GBP", "JPY")
_ASIDE = re.compile(r"\([^()]*\)|\bat\s+[$€£]\s?\d[\d.,]*[kKmM]?\s*(?:/|per\s+)\w+")
# A level per period ("weekly signups", "new users per month"): new things per period exist today
_PER_PERIOD = re.compile(r"\b(?:daily|weekly|monthly|yearly|annual(?:ly)?"
                         r"|per\s+(?:day|week|month|year|quarter)|a\s+(?:day|week|month|year)"
                         r"|/\s?(?:day|week|month|mo|wk|yr)|p/[mwd]|mau|dau|wau|arr|mrr|run[- ]rate)\b",
                         re.IGNORECASE)
# "$200k in new ARR", "net new MRR": recurring revenue added this period, a flow that starts at zero
_NEW_FLOW = re.compile(r"\b(?:net\s+)?(?:new|additional)\s+(?:arr|mrr|run[- ]rate)\b", re.IGNORECASE)
_RAISE_MONEY = re.compile(r"^\s*raise\s+(?:[$€£]|(?:usd|eur|gbp)\s?)\d", re.IGNORECASE)
_BY_DELTA = re.compile(r"\bby\s+(?:another\s+|an\s+extra\s+)?[$€£]?\s?$", re.IGNORECASE)
_LEADING_LABEL = re.compile(r"^\s*[A-Z][\w /&-]{1,30}:\s+(?=[0-9$€£])")
_NOW_ASIDE = re.compile(r"\(\s*(?:now|current(?:ly)?|baseline|today)\s*:[^()]*\)", re.IGNORECASE)
_CLAUSE_SEP = re.compile(r"\s+(?:and|plus|as\s+well\s+as)\s+|;\s*|,\s+(?:and\s+)?")
_BASELINE_CLAUSE = re.compile(r"\s*(?:(?:up|down)\s+from|from|currently|baseline|today|vs\.?|versus|compared|"
                              r"(?:was|is)\s+now)\b", re.IGNORECASE)
_FROM_TO = re.compile(r"\bfrom\b.+\bto\b", re.IGNORECASE)
_MOVES = frozenset(INCREASE + DECREASE)


@register("single_metric", {"key_result"}, {"guard_words": ["while", "without", "whilst"]},
          triggers=("several-targets",))
def single_metric(s: Subject, p: dict[str, Any]) -> Outcome | None:
    """Flags a key result that bundles two or more separate targets."""
    text = s.text
    guard = any_word(tuple(p["guard_words"])).search(text)
    core = text[: guard.start()] if guard else text
    # "(now: 0 known, but not audited)": where the metric stands, written by a table's columns
    core = _NOW_ASIDE.sub(lambda m: " " * len(m.group(0)), core)
    bounds, last = [], 0
    for sep in _CLAUSE_SEP.finditer(core):
        bounds.append((last, sep.start()))
        last = sep.end()
    bounds.append((last, len(core)))
    with_target, with_verb = [], []
    for start, end in bounds:
        clause = core[start:end]
        if _BASELINE_CLAUSE.match(clause):
            continue  # the baseline of the same metric, not a second target
        if has_quantity(clause) or _FROM_TO.search(clause):
            with_target.append((start, end))
        if leading_verb(clause) in _MOVES:
            with_verb.append((start, end))
    # Two targets, or two metrics each moved by its own verb; "accounts in Spain and Mexico
    # from 40 to 90" is one metric with one target.
    counted = with_target if len(with_target) >= 2 else with_verb
    if len(counted) >= 2:
        return Outcome(False, 0.3, spans=counted[:3], fields={"count": len(counted)},
                       trigger="several-targets")
    return Outcome(True)
