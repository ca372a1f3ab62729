"""A task written where an outcome belongs, rewritten as what the task should change.

Why a module: this is the rule most real drafts need (most failing key results are tasks),
and the one that reads the most of the draft: the task's own claim, a ``Measure:`` /
``Target:`` note under it, and the objective's metric or the people it is about.
"""

from __future__ import annotations

import re

from coach.suggest.claim_rewrite import outcome_of, read_thing, work_of
from coach.suggest.families import family_of
from coach.suggest.named_outcome import NamedOutcome, from_notes, from_objective
from coach.suggest.rewrite_basics import (
    ALSO_WORK,
    PROCESS_VERBS,
    TASK_VERBS,
    OfflineRewrite,
    audience,
    baseline_target,
    cap,
    objective_cuts,
    strip_deadline,
    tidy,
    with_deadline,
)


def task_to_outcome(text: str, objective: str, given: dict[str, str],
                    time_bound: bool, notes: list[str] | None = None) -> OfflineRewrite | None:
    """'Launch the new help centre' -> what the launch should change, with placeholders.

    The thing delivered is read from the claim (``coach.suggest.claim_rewrite``), so a
    deliverable with no verb, a state or a gerund gets a sentence, not a pasted verb. Where
    the draft names the outcome (a ``Measure:`` / ``Target:`` note under the key result, or an
    objective such as "Cut failed payments at checkout"), that outcome and its direction stand
    where the placeholder metric would (``coach.suggest.named_outcome``)."""
    core, deadline = strip_deadline(text)
    noted = from_notes(notes or [])
    metric = f"{noted.verb} {noted.metric}" if noted is not None and noted.metric else None
    stated = from_objective(objective) if metric is None and noted is None else None
    if stated is not None and not _family_refines(core, stated.metric):
        # the objective's metric, in the author's words, before a family's guess about the thing
        metric = f"{stated.verb} {stated.metric}"
    baseline, target = baseline_target(given)
    span = f"from {baseline} to {target}"
    if noted is not None:  # the note's numbers, for the note's metric or the placeholder one
        start, end = baseline_target(given, noted.baseline)
        noted_span = f"from {start} to {end if given.get('target') else noted.target or end}"
    else:
        noted_span = span
    from coach.suggest.gate import KEY_TERMS_MIN, kept_share  # on first use: the gate loads the engine

    read = outcome_of(core, keeps=lambda name: kept_share(core, name) >= KEY_TERMS_MIN,
                      aud=audience(objective, text), process_verbs=PROCESS_VERBS,
                      task_verbs=TASK_VERBS | ALSO_WORK, metric=metric)
    if read is None:
        return None  # a question, a rule or a paragraph: better no rewrite than a pasted one
    template, thing = read
    if kept_share(core, template.replace("{span}", span)) < KEY_TERMS_MIN and thing.verb \
            and thing.form in ("imperative", "gerund") and len(thing.text.split()) <= 24:
        # the template lost what the task was about ("speaking", "with community members"):
        # name the work itself after the placeholder metric instead
        template = f"{metric or 'Raise [outcome metric]'} {{span}} after {work_of(thing)}"
    # a family's metric ("weekly active use of ...") is not the one the note's numbers measure
    named_here = metric is not None or template.startswith(_SCAFFOLD)
    sentence = template.replace("{span}", noted_span if named_here else span)  # braces in the draft stay text
    sentence = _named_scaffold(sentence, objective, noted)
    if sentence.startswith(_SCAFFOLD) and _LOWERING_PURPOSE.search(core):
        sentence = "Cut " + sentence[len("Raise "):]  # "... aimed at lowering the barrier": it should fall
    rewrite = with_deadline(sentence, deadline or thing.deadline, time_bound)
    return OfflineRewrite(
        criterion="", text=tidy(rewrite), initiative=cap(tidy(text)),
        rationale=(f"'{tidy(text)}' is work the team does; the key result now measures what that work "
                   "should change, and the task moves to the initiatives. Fill in the placeholders "
                   "from your data before the quarter starts."))


_SCAFFOLD = "Raise [outcome metric] "
# A task whose stated purpose is to bring something down ("documents aimed at lowering the barrier")
_LOWERING_PURPOSE = re.compile(r"\b(?:aimed\s+at|to|so\s+as\s+to|in\s+order\s+to|for)\s+"
                               r"(?:lower|reduc|cut|decreas|shorten|minimi[sz]|eliminat)\w*", re.IGNORECASE)


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
        verb = noted.verb or ("Cut" if objective_cuts(objective) else "Raise")
        return f"{verb} {sentence[len('Raise '):]}"
    stated = from_objective(objective)
    if stated is not None:
        return f"{stated.verb} {stated.metric} {sentence[len(_SCAFFOLD):]}"
    if objective_cuts(objective):
        # under "Fewer missed appointments" the work should bring something down
        return "Cut " + sentence[len("Raise "):]
    return sentence
