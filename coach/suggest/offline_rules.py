"""The offline rewriter: deterministic rewrites for the common failures, no model needed.

Why rules and templates: most failing key results fail in a handful of ways (a task where
an outcome belongs, a vague verb with no number, "maintain", a timid target, a missing
baseline, a metric in the objective). Each has a standard repair, and a rule can make it
without inventing anything: numbers the author did not give become marked placeholders
([baseline], [target]), and the author's own words for the metric and audience are kept.
Every rewrite still goes through the rubric gate, exactly like a model's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coach.core.claim import read_claim
from coach.core.kr_parts import (
    DECREASE,
    INCREASE,
    KEEP,
    extract_parts,
    find_deadline,
    find_multiplier,
    find_quantities,
    leading_verb,
)
from coach.llm.safety import split_instructions
from coach.rubric.checks import first_word
from coach.suggest.claim_rewrite import (
    VAGUE_AIMS,
    measurable_of,
    named,
    outcome_of,
    phrasal_task,
    plain,
    read_thing,
    with_article,
    work_of,
)
from coach.suggest.families import family_of
from coach.suggest.holds import held, stretch_for
from coach.suggest.metric_lines import metric_line_to_target
from coach.suggest.named_outcome import NamedOutcome, from_notes, from_objective
from coach.suggest.wellformed import problems

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
lower decrease cut track monitor measure""".split())
DECREASE_WORDS = re.compile(
    r"\b(?:time|times|wait|waits|waiting|latency|delay|delays|churn|cost|costs|spend|error|errors|bug|bugs"
    r"|defect|defects|incident|incidents|outage|outages|downtime|ticket|tickets|complaint|complaints"
    r"|backlog|refund|refunds|return|returns|abandonment|attrition|turnover|escalation|escalations"
    r"|waste|emission|emissions|lead\s+time|cycle\s+time|handle\s+time|cancellation|cancellations"
    r"|failures?|crash(?:es)?|rework|absence|absences|debt|risk|risks|vulnerabilit(?:y|ies))\b", re.I)
METRIC_WORDS = re.compile(
    r"\b(?:rate|ratio|time|times|score|share|percentage|number|count|revenue|sales|nps|csat|ces|churn"
    r"|conversion|retention|activation|adoption|usage|users|customers|accounts|sign-?ups|signups|tickets"
    r"|latency|uptime|margin|cost|costs|arr|mrr|visits|visitors|downloads|installs|leads|orders|deals"
    r"|bookings|incidents|errors|defects|complaints|readers|members|subscribers|donors|students|patients"
    r"|attendance|coverage|satisfaction|engagement rate|value|spend|wait|waits|minutes|hours|days)\b", re.I)
AUDIENCES = ("customers", "users", "accounts", "clients", "members", "students", "patients", "donors",
             "merchants", "teams", "employees", "staff", "readers", "subscribers", "visitors", "partners")
# Verbs whose object says little about the result ("train the agents on the new guide"):
# the outcome stays a placeholder and the work is named after it.
PROCESS_VERBS = frozenset("""train coach teach translate migrate refactor audit research analyse analyze
automate consolidate renegotiate negotiate outsource document test pilot map evaluate assess collect
gather schedule distribute present submit interview attend participate conduct organise organize
clean repair fix standardise standardize plan prepare define""".split())


@dataclass
class OfflineRewrite:
    """A proposed rewrite and why; ``initiative`` keeps the task a key result used to name."""

    criterion: str
    text: str
    rationale: str
    initiative: str | None = None
    new_key_result: str | None = None
    removed: list[str] = field(default_factory=list)


def _has(failing: list[str], word: str) -> str | None:
    return next((c for c in failing if word in c), None)


def audience(*texts: str) -> str:
    """Who the metric is about, in the author's words (default: customers)."""
    joined = " ".join(texts).lower()
    for word in AUDIENCES:
        if re.search(rf"\b{re.escape(word.rstrip('s'))}s?\b", joined):
            return word
    return "customers"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;:-")
    return re.sub(r"\s+([,.;:])", r"\1", text)


def _strip_deadline(text: str) -> tuple[str, str]:
    m = find_deadline(text)
    if not m:
        return text, ""
    return _tidy(text[: m.start()] + " " + text[m.end():]), m.group(0)


# When the draft names no date and the document no period, the date is the author's to set:
# a marked placeholder (an open point for the rubric), never an assumed quarter. A level to
# hold is kept through a period, not reached by a date.
DEADLINE_HOLE, PERIOD_HOLE = "by [deadline]", "through [period]"


def _with_deadline(text: str, deadline: str, time_bound_failing: bool, hold: bool = False) -> str:
    if deadline:
        return f"{text} {deadline}"
    if not time_bound_failing:
        return text
    return f"{text} {PERIOD_HOLE if hold else DEADLINE_HOLE}"


def _baseline_target(given: dict[str, str], baseline: str | None = None) -> tuple[str, str]:
    return (given.get("baseline") or baseline or "[baseline]", given.get("target") or "[target]")


# Verbs that name work when joined to a task ("buy a desk and track posture"), beyond TASK_VERBS.
_ALSO_WORK = frozenset("track monitor measure test share celebrate promote amplify review summarise "
                       "summarize document".split())


def _objective_cuts(objective: str) -> bool:
    """Whether the objective asks for less of something ("Cut failed payments", "Fewer
    missed appointments", "Reduce churn"), so an unnamed outcome metric should fall."""
    head = leading_verb(objective)
    if head in DECREASE:
        return True
    if head is not None and head in INCREASE:
        return False
    return bool(re.match(r"\s*(?:fewer|less|lower|no\s+more|zero)\b", objective, re.I))


def task_to_outcome(text: str, objective: str, given: dict[str, str],
                    time_bound: bool, notes: list[str] | None = None) -> OfflineRewrite | None:
    """'Launch the new help centre' -> what the launch should change, with placeholders.

    The thing delivered is read from the claim (``coach.suggest.claim_rewrite``), so a
    deliverable with no verb, a state or a gerund gets a sentence, not a pasted verb. Where
    the draft names the outcome (a ``Measure:`` / ``Target:`` note under the key result, or an
    objective such as "Cut failed payments at checkout"), that outcome and its direction stand
    where the placeholder metric would (``coach.suggest.named_outcome``)."""
    core, deadline = _strip_deadline(text)
    noted = from_notes(notes or [])
    metric = f"{noted.verb} {noted.metric}" if noted is not None and noted.metric else None
    stated = from_objective(objective) if metric is None and noted is None else None
    if stated is not None and not _family_refines(core, stated.metric):
        # the objective's metric, in the author's words, before a family's guess about the thing
        metric = f"{stated.verb} {stated.metric}"
    baseline, target = _baseline_target(given)
    span = f"from {baseline} to {target}"
    if noted is not None:  # the note's numbers, for the note's metric or the placeholder one
        start, end = _baseline_target(given, noted.baseline)
        noted_span = f"from {start} to {end if given.get('target') else noted.target or end}"
    else:
        noted_span = span
    from coach.suggest.gate import KEY_TERMS_MIN, kept_share  # the gate imports this module's verbs

    read = outcome_of(core, keeps=lambda name: kept_share(core, name) >= KEY_TERMS_MIN,
                      aud=audience(objective, text), process_verbs=PROCESS_VERBS,
                      task_verbs=TASK_VERBS | _ALSO_WORK, metric=metric)
    if read is None:
        return None  # a question, a rule or a paragraph: better no rewrite than a pasted one
    template, thing = read
    if kept_share(core, template.replace("{span}", span)) < KEY_TERMS_MIN and thing.verb \
            and thing.form in ("imperative", "gerund") and len(thing.text.split()) <= 14:
        # the template lost what the task was about ("speaking", "with community members"):
        # name the work itself after the placeholder metric instead
        template = f"{metric or 'Raise [outcome metric]'} {{span}} after {work_of(thing)}"
    # a family's metric ("weekly active use of ...") is not the one the note's numbers measure
    named_here = metric is not None or template.startswith(_SCAFFOLD)
    sentence = template.replace("{span}", noted_span if named_here else span)  # braces in the draft stay text
    sentence = _named_scaffold(sentence, objective, noted)
    rewrite = _with_deadline(sentence, deadline or thing.deadline, time_bound)
    return OfflineRewrite(
        criterion="", text=_tidy(rewrite), initiative=_cap(_tidy(text)),
        rationale=(f"'{_tidy(text)}' is work the team does; the key result now measures what that work "
                   "should change, and the task moves to the initiatives. Fill in the placeholders "
                   "from your data before the quarter starts."))


_SCAFFOLD = "Raise [outcome metric] "


def _family_refines(task: str, metric: str) -> bool:
    """Whether the family of the task's thing measures the objective's metric more closely
    ("Hire 3 account managers" under "Grow revenue": revenue from the accounts they handle)."""
    family = family_of(read_thing(task).text)
    if family is None:
        return False
    words = {w for w in re.findall(r"[a-z]{4,}", metric.lower())} - {"share", "from", "with", "that", "their"}
    return any(w in family[1].lower() for w in words)


def _named_scaffold(sentence: str, objective: str, noted: NamedOutcome | None) -> str:
    """The placeholder metric named from the objective ("Cut failed payments at checkout"),
    in the objective's direction. A ``Target:`` note alone keeps the placeholder: its number
    belongs to a metric the author did not name, which may not be the objective's."""
    if not sentence.startswith(_SCAFFOLD):
        return sentence
    if noted is not None:
        verb = noted.verb or ("Cut" if _objective_cuts(objective) else "Raise")
        return f"{verb} {sentence[len('Raise '):]}"
    stated = from_objective(objective)
    if stated is not None:
        return f"{stated.verb} {stated.metric} {sentence[len(_SCAFFOLD):]}"
    if _objective_cuts(objective):
        # under "Fewer missed appointments" the work should bring something down
        return "Cut " + sentence[len("Raise "):]
    return sentence


def aim_to_measurable(text: str, objective: str, given: dict[str, str],
                      time_bound: bool) -> OfflineRewrite | None:
    """A vague aim with no metric ("Streamline our feedback loop") gets a marked metric of the
    thing it is about, a baseline and a target."""
    core, deadline = _strip_deadline(text)
    read = measurable_of(core, audience(objective, text))
    if read is None:
        return None
    baseline, target = _baseline_target(given)
    rewrite = _with_deadline(read[0].format(span=f"from {baseline} to {target}"), deadline, time_bound)
    return OfflineRewrite(
        criterion="", text=_tidy(rewrite),
        rationale=("An aim is not a result yet: the rewrite keeps what it is about and asks for the "
                   "measure that would show it, where it starts and where it should end."))


def _metric_of(text: str) -> tuple[str, str | None]:
    """The measured thing named by a vague key result, and a comparative word if one was used."""
    core = re.sub(r"\b(?:significantly|substantially|greatly|drastically|massively|dramatically|a\s+lot"
                  r"|much|continuously|further|overall)\b", " ", text, flags=re.I)
    head = first_word(core)
    if head is not None and (head[0] in VAGUE_VERBS or head[0] in TASK_VERBS or leading_verb(core)):
        core = core[head[2]:]
    comparative = re.search(r"\b(faster|quicker|slower|better|stronger|higher|lower|more|fewer|less"
                            r"|cheaper|smoother|easier)\b", core, re.I)
    core = re.sub(r"\b(?:faster|quicker|better|stronger|higher|more|cheaper|smoother|easier)\b", " ", core,
                  flags=re.I)
    core = re.sub(r"^\s*(?:the|our|a|an)\s+", "", _tidy(core), flags=re.I)
    return _tidy(core), comparative.group(1).lower() if comparative else None


def vague_to_measurable(text: str, given: dict[str, str], baseline: str | None,
                        time_bound: bool) -> OfflineRewrite | None:
    """'Improve response times' -> 'Cut response times from [baseline] to [target]'."""
    core, deadline = _strip_deadline(text)
    metric, comparative = _metric_of(core)
    if not metric:
        return None
    verb = leading_verb(core)
    if comparative in ("faster", "quicker", "slower"):
        metric, down = f"[time metric] for {metric}", True
    else:
        down = verb in DECREASE or bool(DECREASE_WORDS.search(metric)) or comparative in ("fewer", "less",
                                                                                          "lower", "cheaper")
    if not METRIC_WORDS.search(metric) and "[" not in metric:
        metric = f"{metric}, measured as [metric],"
    start, target = _baseline_target(given, baseline)
    rewrite = _with_deadline(f"{'Cut' if down else 'Raise'} {metric} from {start} to {target}", deadline,
                             time_bound)
    return OfflineRewrite(
        criterion="", text=_tidy(rewrite),
        rationale=("A direction is not a result: the rewrite names the metric, where it starts and where "
                   "it should end. The placeholders mark numbers only you can supply."))


def maintain_to_stretch(text: str, objective: str, given: dict[str, str]) -> OfflineRewrite | None:
    """'Maintain 99.9% uptime' -> a stretch on a related metric, the held level kept as a guard
    in the author's words (``coach.suggest.holds``); None when the guard cannot be taken cleanly."""
    core, deadline = _strip_deadline(text)
    found = held(core)
    if found is None:
        return None
    metric, guard = found
    verb, stretch = stretch_for(metric, audience(objective, text))
    start, target = _baseline_target(given)
    rewrite = f"{verb} {stretch} from {start} to {target}{' ' + deadline if deadline else ''} while {guard}"
    what = metric or "this level"
    return OfflineRewrite(
        criterion="", text=_tidy(rewrite),
        rationale=(f"Holding {what} steady is a health metric, not a change. The rewrite aims at a "
                   f"stretch on a related metric and keeps {what} as the guard, so the team cannot "
                   "buy the stretch by letting it slip."))


def hold_measurable(text: str, time_bound: bool) -> OfflineRewrite | None:
    """'Maintain high customer satisfaction' -> 'Keep customer satisfaction at or above
    [target]': a level to hold gets the level, never a 'Raise' of what it holds. A held phrase
    that names no metric ("a good working relationship") gets nothing here."""
    core, deadline = _strip_deadline(text)
    metric, _comparative = _metric_of(core)
    metric = re.sub(r"^(?:high|low|good|great|strong|healthy|steady|stable|consistent|solid)\s+", "", metric,
                    flags=re.I)
    if not metric or not METRIC_WORDS.search(metric) or re.search(r"[\d\[]", metric) \
            or len(metric.split()) > 8 or re.search(r"\b(?:trend|relationship)s?\b", metric, re.I):
        return None
    level = "at or below" if DECREASE_WORDS.search(metric) else "at or above"
    rewrite = _with_deadline(f"Keep {metric} {level} [target]", deadline, time_bound, hold=True)
    return OfflineRewrite(
        criterion="", text=_tidy(rewrite),
        rationale=("A level to hold needs the level: the rewrite keeps the metric and asks for the value "
                   "it must not cross. The placeholder marks a number only you can supply."))


def raise_ambition(text: str, given: dict[str, str]) -> OfflineRewrite | None:
    """A timid move keeps its baseline and gets a [stretch target] the author sets."""
    quantities = find_quantities(_strip_deadline(text)[0])
    if len(quantities) < 2:
        return None
    timid = quantities[1]
    target = given.get("target") or "[stretch target]"
    rewrite = text[: timid.start] + target + text[timid.end:]
    return OfflineRewrite(
        criterion="", text=_tidy(rewrite),
        rationale=(f"Moving from {quantities[0].text} to {timid.text} is a small step the team would "
                   "reach anyway. Set a target the team is not sure it can reach; hitting 60-70% of "
                   "it should feel like success."))


def add_baseline(text: str, given: dict[str, str]) -> OfflineRewrite:
    """A target without a starting point gets one (or a [baseline] to measure in week one)."""
    core, deadline = _strip_deadline(text)
    baseline = given.get("baseline") or "[baseline]"
    rewrite = f"{core} (baseline: {baseline}){' ' + deadline if deadline else ''}"
    return OfflineRewrite(
        criterion="", text=_tidy(rewrite),
        rationale=("Without a starting point nobody can tell how big the move is. Write the current "
                   "value; if nobody knows it, measure it in the first week."))


def split_compound(text: str) -> OfflineRewrite | None:
    """Keep the first target; the others become key results of their own."""
    parts = re.split(r"\s*(?:,\s+(?:and\s+)?|;\s*|\s+and\s+|\s+plus\s+|\s+as\s+well\s+as\s+)", text,
                     maxsplit=1)
    if len(parts) < 2 or not parts[1].strip():
        return None
    second = _tidy(parts[1])
    lead = first_word(parts[0])
    if lead and read_claim(parts[0]).form == "imperative" and read_claim(second).form != "imperative":
        # "Host two author talks and four story hours": the second target keeps the verb
        second = f"{parts[0].split()[0]} {second}"
    return OfflineRewrite(
        criterion="", text=_tidy(parts[0]),
        rationale=(f"One key result, one metric: keep '{_tidy(parts[0])}' here and make "
                   f"'{second}' a key result of its own, so progress on one cannot hide the "
                   "other."))


def _without_instructions(clean: str, given: dict[str, str], time_bound: bool) -> OfflineRewrite | None:
    """When the failure came from a pasted instruction, the repair is the draft without it
    (completed with a baseline or target placeholder when that is what it then lacks)."""
    parts = extract_parts(clean)
    if parts.target is None and parts.relative_change is None and not parts.placeholders:
        return vague_to_measurable(clean, given, None, time_bound)
    if parts.baseline is None and parts.direction != "keep":
        return add_baseline(clean, given)
    return OfflineRewrite("", clean, "The draft without the text addressed to a reviewer.")


def rewrite_key_result(text: str, failing: list[str], objective: str,
                       given: dict[str, str] | None = None,
                       notes: list[str] | None = None) -> OfflineRewrite | None:
    """The best rule-based rewrite for a key result failing ``failing`` (criterion ids), or None;
    ``notes`` are the lines written under the key result ("Measure: ...", "Target: ...")."""
    given = given or {}
    clean, removed = split_instructions(text)
    clean = plain(clean)
    if not clean or not failing:
        return None
    time_bound = _has(failing, "time-bound") is not None
    head = first_word(clean)
    verb = head[0] if head else ""
    quantities = find_quantities(_strip_deadline(clean)[0])
    result: OfflineRewrite | None = None
    target = None
    keep = verb in KEEP or verb in ("uphold", "continue")
    thing = read_thing(clean)
    tasky = verb in TASK_VERBS or phrasal_task(thing) or (
        thing.verb is not None and thing.verb not in VAGUE_AIMS and thing.verb not in KEEP
        and (not METRIC_WORDS.search(thing.text) or thing.verb == "experiment"))
    measurable = _has(failing, "measurable")
    named_metric = metric_line_to_target(clean, *_baseline_target(given)) if measurable else None
    if measurable and named_metric is not None:  # "Repeat purchase rate (customers buying twice ...)"
        result = OfflineRewrite("", _with_deadline(named_metric, "", time_bound),
                                "The line names a metric and defines it, but says neither where it starts "
                                "nor where it should be: the placeholders mark the two numbers to fill in.")
        target = measurable
    for criterion in failing if result is None else []:
        deliverable = "outcome" in criterion and not keep and thing.verb is None \
            and not METRIC_WORDS.search(clean)
        if ("outcome" in criterion and tasky) or ("measurable" in criterion and tasky and not keep) \
                or deliverable:
            result, target = task_to_outcome(clean, objective, given, time_bound, notes), criterion
        elif ("outcome" in criterion or "measurable" in criterion) and not keep and not quantities and (
                verb not in VAGUE_VERBS or not METRIC_WORDS.search(clean)):
            result, target = aim_to_measurable(clean, objective, given, time_bound), criterion
        elif "outcome" in criterion and not keep:
            baseline = quantities[0].text if quantities else None
            result, target = vague_to_measurable(clean, given, baseline, time_bound), criterion
        elif "ambition" in criterion and keep:
            result, target = maintain_to_stretch(clean, objective, given), criterion
        elif "measurable" in criterion and keep:
            result, target = hold_measurable(clean, time_bound), criterion
        elif "measurable" in criterion:
            baseline = quantities[0].text if quantities else None
            result, target = vague_to_measurable(clean, given, baseline, time_bound), criterion
        elif "ambition" in criterion:
            if verb in TASK_VERBS:
                result, target = task_to_outcome(clean, objective, given, time_bound, notes), criterion
            else:
                result, target = raise_ambition(clean, given), criterion
        elif "baseline" in criterion:
            result, target = add_baseline(clean, given), criterion
        elif "single-metric" in criterion:
            result, target = split_compound(clean), criterion
        elif "time-bound" in criterion:
            result = OfflineRewrite("", _with_deadline(clean.rstrip(" .;,"), "", True, hold=keep),
                                    "A key result needs a finish line, and neither the line nor the "
                                    "document names one: write the date (or the period a level is held "
                                    "through) in place of the placeholder, or state the set's period once.")
            target = criterion
        if result is not None:
            break
    if result is None and removed and failing:
        target = next((c for c in failing if "alignment" not in c), failing[0])
        result = _without_instructions(clean, given, time_bound)
    if result is None or target is None:
        return None
    if problems(result.text, clean):
        return None  # a rule that would write broken English says nothing instead
    result.criterion = target
    result.removed = removed
    if removed:
        result.rationale += (" The draft also contained instructions addressed to a reviewer; "
                             "they were ignored.")
    return result


def rewrite_objective(text: str, failing: list[str], key_results: list[str]) -> OfflineRewrite | None:
    """Objective repairs: move a metric into a key result, or name the state a project should reach."""
    clean, removed = split_instructions(text)
    if not clean:
        return None
    for criterion in failing:
        if "qualitative" in criterion:
            out = _objective_without_metric(clean)
            if out is not None and not problems(out.text, clean):
                out.criterion, out.removed = criterion, removed
                return out
        if "not-task" in criterion:
            obj = with_article(named(read_thing(clean).text))
            if len(obj) < 2 or len(obj.split()) > 12:
                continue
            return OfflineRewrite(
                criterion=criterion, text=f"Make {obj} pay off for everyone who uses it",
                initiative=_cap(clean), removed=removed,
                rationale=(f"'{clean}' is a project; the objective now names the state the project should "
                           "reach, and the project moves to the initiatives."))
    return None


def _objective_without_metric(text: str) -> OfflineRewrite | None:
    deadline = find_deadline(text)
    skip = [deadline.span()] if deadline else []
    spans = [(q.start, q.end) for q in find_quantities(text, skip)]
    multiplier = find_multiplier(text)
    verb_swap = None
    if multiplier:
        spans.append(multiplier[1].span())
        verb_swap = "Cut" if multiplier[0] < 0 else "Grow"
    if not spans:
        return None
    words = text
    for start, end in sorted(spans, reverse=True):
        words = words[:start] + " " + words[end:]
    words = re.sub(r"\b(?:by|to|of|at)\s*(?=$|[,.;])", " ", words)
    words = re.sub(r"\b(?:by|to|of)\s*$", "", _tidy(words))
    head = first_word(words)
    if verb_swap:
        words = f"{verb_swap} {_tidy(words)}"
    elif head and head[0] in ("reach", "hit", "achieve", "get", "attain", "exceed"):
        words = "Grow " + words[head[2]:].strip()
    words = _cap(_tidy(words))
    if len(words.split()) < 2:
        return None
    moved = f"{_cap(_tidy(text))}, up from [baseline]"
    if verb_swap == "Cut":
        moved = f"{_cap(_tidy(text))}, down from [baseline]"
    return OfflineRewrite(
        criterion="", text=words, new_key_result=moved,
        rationale=(f"An objective says where to go in words; the number belongs in a key result. Add "
                   f"'{moved}' as a key result (or fold the number into an existing one)."))


