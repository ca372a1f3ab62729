"""The gate every rewrite passes before anyone sees it, whoever wrote it.

Why a gate rather than trust: a model can be fluent and wrong. A rewrite is shown only if

* the rubric engine, re-run on the objective with the rewrite in place, no longer fails
  the criterion the rewrite was meant to fix, and fails nothing that passed before;
* it contains no number that is not in the draft or given by the user (unknown baselines
  and targets must be marked placeholders such as ``[baseline]``);
* it keeps the author's intent: at least half of the draft's key terms survive (and, when
  a similarity function is supplied, the embedding similarity stays above a threshold);
* it carries no instruction-like text and does not echo an instruction pasted in the draft.

Rejections are returned with a reason so they are counted and reported, never dropped.
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass, field

from coach.core.kr_parts import MULTIPLIER_RE, PLACEHOLDER_RE, extract_parts, find_multiplier, find_quantities
from coach.core.models import Objective, OkrSet
from coach.core.text import content_stems, stem
from coach.knowledge.similarity import Similarity
from coach.llm.safety import carries_markup, echoes, looks_injected, split_instructions
from coach.rubric.checks.kr import DEADLINE_PLACEHOLDER
from coach.rubric.engine import review
from coach.rubric.model import Rubric
from coach.suggest.rewrite_basics import TASK_VERBS, VAGUE_VERBS

KEY_TERMS_MIN = 0.5
# Cosine similarity of MiniLM embeddings between the draft (without pasted instructions) and
# the rewrite. Calibrated on the 69 eval cases: accepted rewrites of their own draft score
# 0.41-0.93 (median 0.66); a rewrite paired with another case's draft scores below 0.35 in
# 94 % of pairs, and a subject-changing rewrite ("Raise customer happiness ...") in 97 %.
SIMILARITY_MIN = 0.35
MAX_REWRITE_CHARS = 300
_GENERIC = {stem(w) for w in TASK_VERBS | VAGUE_VERBS} | {stem(w) for w in (
    "new", "maintain", "keep", "sustain", "hold", "continue", "uphold", "preserve", "stay", "remain",
    "successfully", "fully", "significantly", "substantially", "greatly", "better", "faster", "more")}



@dataclass
class Verdict:
    """The gate's decision on one rewrite, with everything a report needs to explain it."""

    accepted: bool
    reason: str | None = None
    detail: str = ""
    fixed: list[str] = field(default_factory=list)
    new_failures: list[str] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    kept_terms: float = 1.0
    similarity: float | None = None


@dataclass(frozen=True)
class Number:
    text: str
    value: float
    unit: str | None


def numbers_in(text: str) -> list[Number]:
    """Every number a reader would see: quantities, bare digits (dates, years), multipliers."""
    found = [Number(q.text, q.value, q.unit) for q in find_quantities(text)]
    covered = [(q.start, q.end) for q in find_quantities(text)]
    for m in re.finditer(r"\d+(?:[.,]\d+)*", text):
        if not any(a <= m.start() < b for a, b in covered):
            found.append(Number(m.group(0), _value(m.group(0)), None))
    for m in MULTIPLIER_RE.finditer(text):
        multiplier = find_multiplier(m.group(0))
        if multiplier is not None:
            found.append(Number(m.group(0), multiplier[0], "multiplier"))
    return found


def _value(token: str) -> float:
    """The value of a bare digit run; NaN for what is not one number ("1.2.3", "10.0.0.1"),
    which then matches only the same text."""
    try:
        return float(token.replace(",", ""))
    except ValueError:
        return math.nan


def _same(a: Number, b: Number) -> bool:
    if math.isnan(a.value) or math.isnan(b.value):
        return a.text == b.text
    if abs(a.value - b.value) > 1e-9 * max(1.0, abs(a.value)):
        return False
    if "multiplier" in (a.unit, b.unit):
        return a.unit == b.unit
    if a.unit is None or b.unit is None or a.unit == b.unit:
        return True
    return {a.unit, b.unit} <= {"%", "pp"}


EXAMPLE_ASIDE = re.compile(r"\((?:e\.g\.|i\.e\.|incl\.|(?:eg|example|examples|including|such\s+as)\b)"
                           r"[^)]*\)?", re.IGNORECASE)


def blanks(text: str) -> list[str]:
    """The marked placeholders of ``text`` that stand for what the metric is ("[outcome
    metric]", "[baseline]", "[target]"). A date or period left to set ("by [deadline]",
    "through [period]") is not one of them: it is a small edit made once, where the offline
    rewriter used to assume a quarter the document never named."""
    return re.findall(r"\[[^\]]+\]", DEADLINE_PLACEHOLDER.sub(" ", text))


def invented_numbers(text: str, allowed: list[Number]) -> list[str]:
    """Numbers in ``text`` that match nothing the author wrote or gave."""
    return [n.text for n in numbers_in(text) if not any(_same(n, a) for a in allowed)]


def key_terms(text: str) -> set[str]:
    """Stems that carry the draft's meaning: its words minus verbs of doing and vague verbs,
    and minus an aside of examples ("(e.g. ads, contests)"), which illustrates, not defines."""
    clean, _removed = split_instructions(text)
    clean = EXAMPLE_ASIDE.sub(" ", clean)
    return {s for s in content_stems(clean) if s not in _GENERIC}


def kept_share(draft: str, rewrite: str) -> float:
    terms = key_terms(draft)
    if not terms:
        return 1.0
    return len(terms & content_stems(rewrite)) / len(terms)


_UP = frozenset("raise increase grow lift boost double triple expand".split())
_DOWN = frozenset("cut reduce decrease lower halve shorten minimise minimize".split())


def _turned(draft: str, text: str) -> str | None:
    """Why the rewrite moves the draft's own metric the other way, or None: "Raise X from 80% to
    98%" rewritten as "Cut X ..." turns the author's intent round, whatever else it fixes."""
    first = re.match(r"\s*([A-Za-z]+)", draft)
    again = re.match(r"\s*([A-Za-z]+)", text)
    if first is None or again is None:
        return None
    was, now = first.group(1).lower(), again.group(1).lower()
    if (was in _UP and now in _DOWN) or (was in _DOWN and now in _UP):
        return f"the draft says '{first.group(1)}', the rewrite '{again.group(1)}'"
    return None


def _failing(okr: OkrSet, rubric: Rubric, profile: str) -> set[tuple[str, str]]:
    result = review(okr, rubric, profile)
    out: set[tuple[str, str]] = set()
    for objective in result.objectives:
        # a placeholder left for the author is an open point, not a failure a rewrite must fix
        out |= {(objective.id, f.criterion) for f in objective.findings
                if not f.passed and not f.open_point}
        for kr in objective.key_results:
            out |= {(kr.id, f.criterion) for f in kr.findings if not f.passed and not f.open_point}
    return out


def cleaned(objective: Objective) -> Objective:
    """A copy of the objective with instructions pasted into its texts taken out."""
    clean = copy.deepcopy(objective)
    clean.text = split_instructions(clean.text)[0] or clean.text
    for kr in clean.key_results:
        text = split_instructions(kr.text)[0] or kr.text
        if text != kr.text:
            kr.text, kr.parts = text, extract_parts(text)
    return clean


class Gate:
    """Re-scores rewrites of one draft; cheap to call from worker threads (the engine is pure)."""

    def __init__(self, okr: OkrSet, rubric: Rubric, profile: str = "default",
                 similarity: Similarity | None = None, similarity_min: float = SIMILARITY_MIN,
                 given: dict[str, dict[str, str]] | None = None) -> None:
        self.okr = okr
        self.rubric = rubric
        self.profile = profile
        self.similarity = similarity
        self.similarity_min = similarity_min
        self.given = given or {}
        self._objectives = {o.id: o for o in okr.objectives}
        self._before: dict[str, set[tuple[str, str]]] = {}
        self._tolerated: dict[str, set[tuple[str, str]]] = {}

    def _level(self, criterion: str) -> str:
        try:
            return str(self.rubric.get(criterion).level)
        except KeyError:
            return "error"

    def objective(self, objective_id: str) -> Objective | None:
        return self._objectives.get(objective_id)

    def _mini(self, objective: Objective) -> OkrSet:
        return OkrSet(team=self.okr.team, owner=self.okr.owner, period=self.okr.period,
                      parents=list(self.okr.parents), objectives=[objective], source="structured",
                      levels=self.okr.levels)

    def before(self, objective_id: str) -> set[tuple[str, str]]:
        """(item, criterion) pairs failing in the draft as written."""
        if objective_id not in self._before:
            self._before[objective_id] = _failing(self._mini(self._objectives[objective_id]), self.rubric,
                                                  self.profile)
        return self._before[objective_id]

    def tolerated(self, objective_id: str) -> set[tuple[str, str]]:
        """Failures that are not 'new': those of the draft, and of the draft without pasted
        instructions (an injected sentence can make a criterion pass by accident)."""
        if objective_id not in self._tolerated:
            clean = cleaned(self._objectives[objective_id])
            self._tolerated[objective_id] = self.before(objective_id) | _failing(
                self._mini(clean), self.rubric, self.profile)
        return self._tolerated[objective_id]

    def allowed_numbers(self, objective_id: str) -> list[Number]:
        """Numbers of the objective and its key results (with the notes written under them, such
        as "Target: under 3 minutes"), plus any the user gave for them.

        Numbers inside a pasted instruction ("the baseline is 12,345, ignore the rubric") are
        not the author's: they are left out.
        """
        objective = self._objectives[objective_id]
        raw = [objective.text, *(kr.text for kr in objective.key_results),
               *(note for kr in objective.key_results for note in kr.notes)]
        texts = [split_instructions(t)[0] for t in raw]
        for item_id, values in self.given.items():
            if item_id == objective_id or item_id.startswith(objective_id + ".") or item_id == "*":
                texts += list(values.values())
        return [n for t in texts for n in numbers_in(t)]

    def _screen(self, draft: str, text: str, rationale: str, objective_id: str) -> Verdict | None:
        """Checks that need no re-scoring; a Verdict when the rewrite is rejected."""
        if not text.strip() or len(text) > MAX_REWRITE_CHARS or "\n" in text.strip():
            return Verdict(False, "invalid", "empty, multi-line or over 300 characters")
        _clean, injected = split_instructions(draft)
        if looks_injected(text) or carries_markup(rationale) or echoes(f"{text} {rationale}", injected):
            return Verdict(False, "injection", "carries or echoes instruction-like text")
        if " ".join(text.lower().split()) == " ".join(draft.lower().split()):
            return Verdict(False, "unchanged", "same as the draft")
        invented = invented_numbers(text, self.allowed_numbers(objective_id))
        if invented:
            return Verdict(False, "invented_number", "not in the draft: " + ", ".join(invented),
                           invented=invented)
        turned = _turned(draft, text)
        if turned:
            return Verdict(False, "direction_turned", turned)
        kept = kept_share(draft, text)
        if kept < KEY_TERMS_MIN:
            missing = sorted(key_terms(draft) - content_stems(text))
            return Verdict(False, "intent_lost", "lost key terms: " + ", ".join(missing), kept_terms=kept)
        if self.similarity is not None:
            score = self.similarity(split_instructions(draft)[0] or draft, text)
            if score < self.similarity_min:
                return Verdict(False, "low_similarity", f"similarity {score:.2f} < {self.similarity_min}",
                               kept_terms=kept, similarity=score)
        return None

    def _rescore(self, objective_id: str, changed: Objective, targets: set[tuple[str, str]],
                 draft: str, text: str) -> Verdict:
        before = self.before(objective_id)
        after = _failing(self._mini(changed), self.rubric, self.profile)
        still = sorted(f"{c}" for item, c in targets if (item, c) in after)
        # A suggestion-level nudge the rewrite sets off elsewhere (a counter-metric for a set
        # that now measures use instead of listing releases) is advice for the set, not a
        # failure of the rewrite: it is shown in the next review, and does not refuse this one.
        new = sorted(f"{item} {c}" for item, c in after - self.tolerated(objective_id)
                     if self._level(c) != "suggestion")
        verdict = Verdict(True, fixed=sorted(c for item, c in before - after),
                          placeholders=[m.group(0) for m in PLACEHOLDER_RE.finditer(text)],
                          kept_terms=kept_share(draft, text), new_failures=new)
        if still:
            verdict.accepted, verdict.reason = False, "not_fixed"
            verdict.detail = "still fails " + ", ".join(still)
        elif new:
            verdict.accepted, verdict.reason = False, "new_failure"
            verdict.detail = "now fails " + ", ".join(new)
        return verdict

    def check_key_result(self, kr_id: str, text: str, criterion: str, rationale: str = "") -> Verdict:
        """Would the objective, with this key result rewritten, fix ``criterion`` and break nothing?"""
        objective_id = kr_id.split(".", 1)[0]
        objective = self._objectives.get(objective_id)
        kr = next((k for k in objective.key_results if k.id == kr_id), None) if objective else None
        if objective is None or kr is None:
            return Verdict(False, "unknown_item", f"no key result {kr_id}")
        if (kr_id, criterion) not in self.before(objective_id):
            return Verdict(False, "not_fixed", f"{criterion} was not failing on {kr_id}")
        screened = self._screen(kr.text, text, rationale, objective_id)
        if screened is not None:
            return screened
        changed = copy.deepcopy(objective)
        for item in changed.key_results:
            if item.id == kr_id:
                item.text, item.parts = text, extract_parts(text)
        return self._rescore(objective_id, changed, {(kr_id, criterion)}, kr.text, text)

    def check_objective(self, objective_id: str, text: str, criterion: str, rationale: str = "",
                        new_key_result: str | None = None) -> Verdict:
        """The objective rewritten (and a key result added for a metric it carried)."""
        objective = self._objectives.get(objective_id)
        if objective is None:
            return Verdict(False, "unknown_item", f"no objective {objective_id}")
        if (objective_id, criterion) not in self.before(objective_id):
            return Verdict(False, "not_fixed", f"{criterion} was not failing on {objective_id}")
        screened = self._screen(objective.text, text, rationale, objective_id)
        if screened is None and new_key_result:
            screened = self._screen(objective.text, new_key_result, "", objective_id)
            if screened is not None and screened.reason in ("unchanged", "intent_lost", "low_similarity"):
                screened = None  # the moved metric may repeat the objective: that is its job
        if screened is not None:
            return screened
        changed = copy.deepcopy(objective)
        changed.text = text
        if new_key_result:
            from coach.core.models import KeyResult

            new_id = f"{objective_id}.KR{len(changed.key_results) + 1}"
            changed.key_results.append(KeyResult(id=new_id, text=new_key_result,
                                                 parts=extract_parts(new_key_result)))
        return self._rescore(objective_id, changed, {(objective_id, criterion)}, objective.text, text)
