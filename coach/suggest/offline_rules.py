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

from coach.core.claim import read_claim
from coach.core.kr_parts import (
    DECREASE,
    KEEP,
    START_UNKNOWN,
    extract_parts,
    find_deadline,
    find_multiplier,
    find_quantities,
    leading_verb,
)
from coach.core.text import has_cjk, mostly_latin, reads_english
from coach.llm.safety import split_instructions
from coach.rubric.checks import first_word
from coach.suggest.claim_rewrite import (
    VAGUE_AIMS,
    measurable_of,
    named,
    phrasal_task,
    plain,
    read_thing,
    with_article,
)
from coach.suggest.holds import held, stretch_for
from coach.suggest.metric_lines import metric_line_to_target, quality_to_target
from coach.suggest.objective_states import clean_thing, state_of_project, without_purpose
from coach.suggest.rewrite_basics import (
    DECREASE_WORDS,
    METRIC_WORDS,
    TASK_VERBS,
    VAGUE_VERBS,
    OfflineRewrite,
    audience,
    baseline_target,
    cap,
    has_criterion,
    strip_deadline,
    tidy,
    with_deadline,
    without_list_intro,
)
from coach.suggest.task_outcome import task_to_outcome
from coach.suggest.wellformed import problems


def aim_to_measurable(text: str, objective: str, given: dict[str, str],
                      time_bound: bool) -> OfflineRewrite | None:
    """A vague aim with no metric ("Streamline our feedback loop") gets a marked metric of the
    thing it is about, a baseline and a target."""
    core, deadline = strip_deadline(text)
    read = measurable_of(core, audience(objective, text))
    if read is None:
        return None
    baseline, target = baseline_target(given)
    rewrite = with_deadline(read[0].format(span=f"from {baseline} to {target}"), deadline, time_bound)
    return OfflineRewrite(
        criterion="", text=tidy(rewrite),
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
    core = re.sub(r"^\s*(?:the|our|a|an)\s+", "", tidy(core), flags=re.I)
    return tidy(core), comparative.group(1).lower() if comparative else None


# Verbs that say which way a metric moves: a line led by one is a result missing its numbers,
# not a task ("Reduce no-shows by sending reminders").
_DIRECTION = frozenset("""reduce cut decrease lower halve shorten minimise minimize mitigate curb combat
increase raise grow lift boost double triple expand""".split())
_MEANS = re.compile(r"\s+(?:by|through|via)\s+(?=[a-z]+ing\b).*$")


def vague_to_measurable(text: str, given: dict[str, str], baseline: str | None,
                        time_bound: bool) -> OfflineRewrite | None:
    """'Improve response times' -> 'Cut response times from [baseline] to [target]'."""
    core, deadline = strip_deadline(text)
    means = _MEANS.search(core)  # "Reduce no-shows by sending reminders": how, kept after the span
    how = f" {means.group(0).strip()}" if means else ""
    core = core[:means.start()] if means else core
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
    start, target = baseline_target(given, baseline)
    rewrite = with_deadline(f"{'Cut' if down else 'Raise'} {metric} from {start} to {target}{how}", deadline,
                            time_bound)
    return OfflineRewrite(
        criterion="", text=tidy(rewrite),
        rationale=("A direction is not a result: the rewrite names the metric, where it starts and where "
                   "it should end. The placeholders mark numbers only you can supply."))


def maintain_to_stretch(text: str, objective: str, given: dict[str, str]) -> OfflineRewrite | None:
    """'Maintain 99.9% uptime' -> a stretch on a related metric, the held level kept as a guard
    in the author's words (``coach.suggest.holds``); None when the guard cannot be taken cleanly."""
    core, deadline = strip_deadline(text)
    found = held(core)
    if found is None:
        return None
    metric, guard = found
    verb, stretch = stretch_for(metric, audience(objective, text))
    start, target = baseline_target(given)
    rewrite = f"{verb} {stretch} from {start} to {target}{' ' + deadline if deadline else ''} while {guard}"
    what = metric or "this level"
    return OfflineRewrite(
        criterion="", text=tidy(rewrite),
        rationale=(f"Holding {what} steady is a health metric, not a change. The rewrite aims at a "
                   f"stretch on a related metric and keeps {what} as the guard, so the team cannot "
                   "buy the stretch by letting it slip."))


def hold_measurable(text: str, time_bound: bool) -> OfflineRewrite | None:
    """'Maintain high customer satisfaction' -> 'Keep customer satisfaction at or above
    [target]': a level to hold gets the level, never a 'Raise' of what it holds. A held phrase
    that names no metric ("a good working relationship") gets nothing here."""
    core, deadline = strip_deadline(text)
    metric, _comparative = _metric_of(core)
    metric = re.sub(r"^(?:high|low|good|great|strong|healthy|steady|stable|consistent|solid)\s+", "", metric,
                    flags=re.I)
    if not metric or not METRIC_WORDS.search(metric) or re.search(r"[\d\[]", metric) \
            or len(metric.split()) > 8 or re.search(r"\b(?:trend|relationship)s?\b", metric, re.I):
        return None
    level = "at or below" if DECREASE_WORDS.search(metric) else "at or above"
    rewrite = with_deadline(f"Keep {metric} {level} [target]", deadline, time_bound, hold=True)
    return OfflineRewrite(
        criterion="", text=tidy(rewrite),
        rationale=("A level to hold needs the level: the rewrite keeps the metric and asks for the value "
                   "it must not cross. The placeholder marks a number only you can supply."))


def raise_ambition(text: str, given: dict[str, str]) -> OfflineRewrite | None:
    """A timid move keeps its baseline and gets a [stretch target] the author sets."""
    quantities = find_quantities(strip_deadline(text)[0])
    if len(quantities) < 2:
        return None
    timid = quantities[1]
    target = given.get("target") or "[stretch target]"
    rewrite = text[: timid.start] + target + text[timid.end:]
    if target.startswith("["):
        # the author's own figure stays in the line as the level the team commits to; the stretch
        # is the number only they can set (readers scored a rewrite that dropped it as wrong)
        rewrite = f"{tidy(rewrite).rstrip('.')} ({timid.text} committed)"
    return OfflineRewrite(
        criterion="", text=tidy(rewrite),
        rationale=(f"Moving from {quantities[0].text} to {timid.text} is a small step the team would "
                   f"reach anyway. Keep {timid.text} as the level the team commits to, and set a stretch "
                   "target it is not sure it can reach; hitting 60-70% of it should feel like success."))


def add_baseline(text: str, given: dict[str, str]) -> OfflineRewrite:
    """A target without a starting point gets one (or a [baseline] to measure in week one)."""
    core, deadline = strip_deadline(text)
    baseline = given.get("baseline") or "[baseline]"
    # "(Current: tracking)" says the start is still unknown: the placeholder takes its place
    core = START_UNKNOWN.sub("", core).rstrip()
    rewrite = f"{core} (baseline: {baseline}){' ' + deadline if deadline else ''}"
    return OfflineRewrite(
        criterion="", text=tidy(rewrite),
        rationale=("Without a starting point nobody can tell how big the move is. Write the current "
                   "value; if nobody knows it, measure it in the first week."))


def split_compound(text: str) -> OfflineRewrite | None:
    """Keep the first target; the others become key results of their own."""
    parts = re.split(r"\s*(?:,\s+(?:and\s+)?|;\s*|\s+and\s+|\s+plus\s+|\s+as\s+well\s+as\s+)", text,
                     maxsplit=1)
    if len(parts) < 2 or not parts[1].strip():
        return None
    second = tidy(parts[1])
    lead = first_word(parts[0])
    if lead and read_claim(parts[0]).form == "imperative" and read_claim(second).form != "imperative":
        # "Host two author talks and four story hours": the second target keeps the verb
        second = f"{parts[0].split()[0]} {second}"
    return OfflineRewrite(
        criterion="", text=tidy(parts[0]),
        rationale=(f"One key result, one metric: keep '{tidy(parts[0])}' here and give the other target a "
                   f"key result of its own, so progress on one cannot hide the other. New key result: "
                   f"{cap(second.rstrip('.'))}."))


def _without_instructions(clean: str, given: dict[str, str], time_bound: bool) -> OfflineRewrite | None:
    """When the failure came from a pasted instruction, the repair is the draft without it
    (completed with a baseline or target placeholder when that is what it then lacks)."""
    parts = extract_parts(clean)
    if parts.target is None and parts.relative_change is None and not parts.placeholders:
        return vague_to_measurable(clean, given, None, time_bound)
    if parts.baseline is None and parts.direction != "keep":
        return add_baseline(clean, given)
    return OfflineRewrite("", clean, "The draft without the text addressed to a reviewer.")


_WORK_FOUND = frozenset(("deliverable", "counted-activity"))


def rewrite_key_result(text: str, failing: list[str], objective: str,
                       given: dict[str, str] | None = None,
                       notes: list[str] | None = None,
                       triggers: list[str] | None = None) -> OfflineRewrite | None:
    """The best rule-based rewrite for a key result failing ``failing`` (criterion ids), or None;
    ``notes`` are the lines written under the key result ("Measure: ...", "Target: ..."), and
    ``triggers`` what the failing findings found: where the engine read work ("deliverable",
    "counted-activity") that no task verb shows, the rewrite treats the line as work too."""
    given = given or {}
    clean, removed = split_instructions(text)
    clean = without_list_intro(plain(clean))
    if not clean or not failing or not mostly_latin(clean) or not reads_english(clean) or has_cjk(clean):
        return None
    time_bound = has_criterion(failing, "time-bound") is not None
    head = first_word(clean)
    verb = head[0] if head else ""
    quantities = find_quantities(strip_deadline(clean)[0])
    result: OfflineRewrite | None = None
    target = None
    keep = verb in KEEP or verb in ("uphold", "continue")
    thing = read_thing(clean)
    tasky = verb not in _DIRECTION and (verb in TASK_VERBS or phrasal_task(thing) or (
        thing.verb is not None and thing.verb not in VAGUE_AIMS and thing.verb not in KEEP
        and (not METRIC_WORDS.search(thing.text) or thing.verb == "experiment")))
    if not tasky and thing.form != "finite" and has_criterion(failing, "outcome") and \
            set(triggers or ()) & _WORK_FOUND:
        tasky = not keep  # "100% of printed tickets include a QR code": work, stated as a level
    measurable = has_criterion(failing, "measurable")
    named_metric = metric_line_to_target(clean, *baseline_target(given)) if measurable else None
    why = ("The line names a metric and defines it, but says neither where it starts nor where it "
           "should be: the placeholders mark the two numbers to fill in.")
    if measurable and named_metric is None:  # "Checkout service stable"
        named_metric = quality_to_target(clean, baseline_target(given)[1])
        why = ("The line names a quality the system should have, but no number that would show it: "
               "the placeholders mark that metric and the level it should hold.")
    if measurable and named_metric is not None:  # "Repeat purchase rate (customers buying twice ...)"
        result = OfflineRewrite("", with_deadline(named_metric, "", time_bound), why)
        target = measurable
    for criterion in failing if result is None else []:
        deliverable = "outcome" in criterion and not keep and thing.verb is None \
            and not METRIC_WORDS.search(clean)
        if ("outcome" in criterion and tasky) or ("measurable" in criterion and tasky and not keep) \
                or deliverable:
            result, target = task_to_outcome(clean, objective, given, time_bound, notes), criterion
        elif ("outcome" in criterion or "measurable" in criterion) and not keep and not quantities and (
                verb not in VAGUE_VERBS or not METRIC_WORDS.search(clean)) and not (
                verb in _DIRECTION and re.search(r"^\s*\S+\s+(?:the\s+)?[\w-]+s\b", clean)):
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
            result = OfflineRewrite("", with_deadline(clean.rstrip(" .;,"), "", True, hold=keep),
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


# Things people use, the only ones "Make X pay off for everyone who uses it" reads right round
_USED_THING = re.compile(r"\b(?:app|apps|application|site|website|portal|platform|tool|toolkit|service|"
                         r"feature|page|course|programme|program|library|dashboard|api|sdk|shop|store|product|handbook|"
                         r"guide|docs|documentation|wiki|kiosk|checkout|search|newsletter|podcast|channel|"
                         r"forum|community|map|catalogue|catalog|database|calculator|template|templates)\b",
                         re.IGNORECASE)


def rewrite_objective(text: str, failing: list[str], key_results: list[str]) -> OfflineRewrite | None:
    """Objective repairs: move a metric into a key result, or name the state a project should reach."""
    clean, removed = split_instructions(text)
    if not clean or not mostly_latin(clean) or not reads_english(clean) or has_cjk(clean):
        return None
    for criterion in failing:
        if "qualitative" in criterion:
            out = _objective_without_metric(clean)
            if out is not None and not problems(out.text, clean):
                out.criterion, out.removed = criterion, removed
                return out
        if "not-task" in criterion:
            state = state_of_project(clean)
            if state is not None and not problems(state, clean):  # "... so customers order online"
                return OfflineRewrite(
                    criterion=criterion, text=state, initiative=cap(tidy(clean)), removed=removed,
                    rationale=(f"'{tidy(clean)}' is a project; its own purpose is the state to reach, so "
                               "that is the objective now, and the project moves to the initiatives."))
            aim = without_purpose(clean)
            thing = read_thing(aim)
            said = read_claim(aim)
            if thing.form == "noun" and said.form == "imperative" and said.start == 0:
                # "Implement user-testing process": the engine read a verb, so the thing follows it
                thing = read_thing(aim[said.end:].strip())
            obj = with_article(named(clean_thing(thing.text)))
            if len(obj) < 2 or len(obj.split()) > 12 or re.search(r"\s(?:to|as|into|onto)\s", obj):
                continue  # "the Choir Server to Docker": a move or a role, no thing to make pay off
            if not _USED_THING.search(obj):
                # "Make the content calendar / the music / a high performing team pay off for everyone
                # who uses it": readers of five outside rounds scored the template poor round things
                # nobody uses; it stays for products people do use (an app, a site, a course)
                continue
            return OfflineRewrite(
                criterion=criterion, text=f"Make {obj} pay off for everyone who uses it",
                initiative=cap(clean), removed=removed,
                rationale=(f"'{clean}' is a project; the objective now names the state the project should "
                           "reach, and the project moves to the initiatives."))
    return None


_COMPARATOR_BEFORE = re.compile(r"(?:\b(?:in|by|within)\s+)?\b(?:under|over|below|above|within|less\s+than"
                                r"|more\s+than|fewer\s+than|at\s+least|at\s+most|up\s+to)\s*$", re.IGNORECASE)


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
        # "... in under 10 minutes": the comparator goes with its number
        compared = _COMPARATOR_BEFORE.search(words[:start])
        start = compared.start() if compared else start
        # "... in under 40 hours of volunteer time": what the number measures goes with it
        unit = re.match(r"\s+of\s+[^,.;()]+", words[end:]) if compared else None
        end = end + unit.end() if unit else end
        words = words[:start] + " " + words[end:]
    words = re.sub(r"\b(?:by|to|of|at)\s*(?=$|[,.;])", " ", words)
    words = re.sub(r"\b(?:by|to|of)\s*$", "", tidy(words))
    head = first_word(words)
    if verb_swap:
        words = f"{verb_swap} {tidy(words)}"
    elif head and head[0] in ("reach", "hit", "achieve", "get", "attain", "exceed"):
        words = "Grow " + words[head[2]:].strip()
    words = cap(tidy(words))
    if len(words.split()) < 2:
        return None
    moved = f"{cap(tidy(text)).rstrip('.')}, up from [baseline]"
    ceiling = re.search(r"\b(?:under|below|less\s+than|fewer\s+than|at\s+most|within)\s*[$€£]?\d", text, re.I)
    if verb_swap == "Cut" or ceiling:  # "in under 10 minutes": a ceiling, reached from above
        moved = f"{cap(tidy(text)).rstrip('.')}, down from [baseline]"
    return OfflineRewrite(
        criterion="", text=words, new_key_result=moved,
        rationale=("An objective says where to go in words; the number belongs in a key result (or fold it "
                   f"into an existing one). New key result: {moved}."))


