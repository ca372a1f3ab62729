"""``okr-coach eval suggestions-real``: rewrites of real, failing key results, judged case by case.

Why apart from ``eval suggestions``: those cases are our own clean drafts, a regression
guard the offline rules were written against. These are the failing lines of published
documents (``../shared/real-okrs``), labelled in ``evals/suggestions/real/`` with what a
good rewrite must keep (the subject's terms, the author's direction) and fix (the verdict
labels' criteria). Each document is reviewed and rewritten on the user's path
(``review_okr_set`` then ``add_suggestions``); every rewrite the rewriter proposed for a
case, shown or refused, is scored:

- fixed: the labelled criterion no longer fails and nothing new does (the gate's verdict,
  recomputed by the engine);
- kept meaning: every labelled term is still there (stems, so "workshops" keeps "workshop");
- kept numbers: every number of the line is in the rewrite or in the initiative it keeps;
- invented: numbers in the rewrite that neither the objective nor the user gave;
- direction: a "hold" line is still held, a "raise" line is not cut, and so on;
- well-formed: ``coach.suggest.wellformed`` finds nothing;
- expert score 0-3: 3 a manager would take it as is, 2 usable after a small edit, 1 a
  template that needs thought, 0 wrong (invented, reversed, malformed, or does not fix).

Split by organisation as the verdict eval (``evals/real/split.yaml``): tune on calibration,
report the other half. Floors (``evals/suggestions/real/thresholds.yaml``) apply to the
report half's shown rewrites of the offline rewriter.

Model replies: ``--live`` asks the configured model (only the model's rewrites are scored,
no offline backfill); ``--record`` also saves its replies, keyed by the hash of the prompt,
and without ``--live`` every saved recording is replayed after the offline run (a prompt
with no recorded reply counts as a failed call, so a stale recording shows as fallbacks,
never as a crash). Recordings live under ``OKR_COACH_HOME/recordings/suggestions-real/``,
never in the project: a model's rewrite of a published line carries that line's words, and
third-party text stays in ``../shared``. CI runs the model path live against the scripted
stand-in on loopback instead (``evals/suggestions/real/stand_in.py``).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml

from coach.core.models import Review, Suggestion
from coach.core.parsing import parse
from coach.core.text import content_stems
from coach.evals.real import load_split, shared_dir
from coach.evals.suggestions import failures  # the same floors: "<metric>" minimum, "<metric>_max" maximum
from coach.llm.client import OFFLINE, LLMClient, LLMConfig, LLMReply, LLMRequest, LLMUnavailable, make_client
from coach.llm.offline import OfflineClient
from coach.paths import data_dir, home_dir
from coach.service.review import review_okr_set
from coach.suggest.gate import blanks, invented_numbers, numbers_in
from coach.suggest.jobs import Rejection
from coach.suggest.pipeline import add_suggestions
from coach.suggest.wellformed import problems

RAISE = re.compile(r"^\s*(?:raise|grow|increase|lift|double|reach|get|bring)\b", re.IGNORECASE)
LOWER = re.compile(r"^\s*(?:cut|reduce|lower|decrease|halve|shorten)\b", re.IGNORECASE)
# a held level: "while keeping ...", "while staying ...", "while still answering ..."
HOLD = re.compile(r"\b(?:keep|keeping|maintain|maintaining|hold|holding|stay|stays|staying|remain|remains"
                  r"|remaining|sustaining|preserving|still|at\s+or\s+(?:above|below)"
                  r"|no\s+(?:worse|lower|higher)\s+than|at\s+least|above|below|under)\b", re.IGNORECASE)
INITIATIVE = re.compile(r"(?:Initiative|New key result):\s*(.+?)\.?\s*(?=$|Also fixes:|Initiative:)")


@dataclass
class Scored:
    """One proposed rewrite of one case."""

    text: str
    shown: bool
    origin: str
    fixed: bool
    kept_meaning: bool
    kept_numbers: bool
    invented: list[str]
    direction_kept: bool
    malformed: list[str]
    score: int
    reason: str = ""


@dataclass
class CaseOutcome:
    doc: str
    line: int
    kind: str
    fix: list[str]
    draft: str = ""
    read: bool = True
    flagged: bool = False  # the engine fails one of the labelled criteria on the draft
    rewrites: list[Scored] = field(default_factory=list)


def load_cases(doc: str) -> list[dict[str, Any]]:
    path = data_dir("evals") / "suggestions" / "real" / f"{doc}.yaml"
    if not path.is_file():
        return []
    return list((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("cases") or [])


def _items_by_line(result: Review) -> dict[tuple[str, int], Any]:
    out: dict[tuple[str, int], Any] = {}
    for objective in result.objectives:
        if objective.line is not None and not objective.implicit:
            out[("objective", objective.line)] = objective
        for kr in objective.key_results:
            if kr.line is not None:
                out[("key_result", kr.line)] = kr
    return out


def _direction_kept(direction: str, draft: str, text: str) -> bool:
    if direction == "hold":
        return bool(HOLD.search(text))
    if direction == "raise":
        return not LOWER.search(text) or bool(LOWER.search(draft))
    if direction == "lower":
        return not RAISE.search(text) or bool(RAISE.search(draft))
    return True


def _score(fixed: bool, meaning: bool, numbers: bool, invented: list[str], direction: bool,
           malformed: list[str], placeholders: int) -> int:
    if invented or malformed or not direction or not fixed:
        return 0
    if not meaning:
        return 1
    if not numbers or placeholders > 2:
        return 2 if placeholders <= 3 else 1
    return 3


def _judge(case: dict[str, Any], draft: str, allowed: list[Any], text: str, rationale: str, shown: bool,
           fixed: bool, reason: str, origin: str) -> Scored:
    carried = " ".join([text, *(m.group(1) for m in INITIATIVE.finditer(rationale))])
    stems = content_stems(carried)
    keep = case.get("keep") or []
    meaning = all(content_stems(term) <= stems for term in keep)
    kept = {n.text for n in numbers_in(carried)}
    numbers = all(n.text in kept or n.text in carried for n in numbers_in(draft))
    invented = invented_numbers(text, allowed)
    direction = _direction_kept(case.get("direction") or "none", draft, text)
    malformed = problems(text, draft)
    placeholders = len(blanks(text))
    return Scored(text, shown, origin, fixed, meaning, numbers, invented, direction, malformed,
                  _score(fixed, meaning, numbers, invented, direction, malformed, placeholders), reason)


def evaluate_doc(doc: str, text: str, client: LLMClient | None = None) -> list[CaseOutcome]:
    """Review and rewrite one document as a user would, then score each labelled case."""
    okr = parse(text)
    result = review_okr_set(okr, explain=False)
    rejections: list[Rejection] = []
    client = client or OfflineClient()
    stats = add_suggestions(okr, result, client=client, cache=False, similarity=None,
                            backfill=client.model == OFFLINE)
    rejections = stats.rejections
    items = _items_by_line(result)
    texts = {o.id: [o.text, *(k.text for k in o.key_results)] for o in okr.objectives}
    out = []
    for case in load_cases(doc):
        outcome = CaseOutcome(doc, case["line"], case["kind"], list(case["fix"]))
        item = items.get((case["kind"], case["line"]))
        if item is None:
            outcome.read = False
            out.append(outcome)
            continue
        outcome.draft = item.text
        failing = {f.criterion.split(".", 1)[1] for f in item.findings if not f.passed and not f.open_point}
        outcome.flagged = bool(failing & set(case["fix"]))
        allowed = [n for t in texts.get(item.id.split(".", 1)[0], []) for n in numbers_in(t)]
        shown: list[Suggestion] = list(item.suggestions)
        for s in shown:
            fixed = s.criterion.split(".", 1)[1] in case["fix"] or outcome.flagged is False
            outcome.rewrites.append(_judge(case, item.text, allowed, s.text, s.rationale, True, fixed, "",
                                           s.origin))
        for r in rejections:
            if r.item_id == item.id:
                outcome.rewrites.append(_judge(case, item.text, allowed, r.text, "", False, False, r.reason,
                                               r.origin))
        out.append(outcome)
    return out


def measure(outcomes: list[CaseOutcome]) -> dict[str, Any]:
    """Coverage, then shares over shown rewrites, and counts over every proposal."""
    read = [o for o in outcomes if o.read]
    flagged = [o for o in read if o.flagged]
    firsts = [o.rewrites[0] for o in read if o.rewrites]
    shown = [r for r in firsts if r.shown]
    proposals = [r for o in read for r in o.rewrites]

    def share(rows: list[Scored], attr: str) -> float | None:
        return round(sum(bool(getattr(r, attr)) for r in rows) / len(rows), 3) if rows else None

    scores = [r.score for r in firsts]
    return {
        "cases": len(outcomes), "read": len(read), "flagged": len(flagged),
        "proposed": len(firsts), "shown": len(shown),
        "coverage": round(len([o for o in flagged if any(r.shown for r in o.rewrites)]) / len(flagged), 3)
        if flagged else None,
        "fixed_no_new_failure": share(firsts, "fixed") if firsts else None,
        "kept_meaning": share(shown, "kept_meaning"),
        "kept_numbers": share(shown, "kept_numbers"),
        "kept_direction": share(shown, "direction_kept"),
        "kept_numbers_and_direction": round(sum(r.kept_numbers and r.direction_kept for r in shown)
                                            / len(shown), 3) if shown else None,
        "invented_shown": sum(len(r.invented) for r in shown),
        "invented_proposed": sum(len(r.invented) for r in proposals),
        "malformed_shown": sum(bool(r.malformed) for r in shown),
        "malformed_proposed": sum(bool(r.malformed) for r in proposals),
        "expert_mean": round(sum(scores) / len(scores), 2) if scores else None,
        "expert_3": scores.count(3), "expert_2": scores.count(2), "expert_1": scores.count(1),
        "expert_0": scores.count(0),
    }


def load_thresholds() -> dict[str, float]:
    path = data_dir("evals") / "suggestions" / "real" / "thresholds.yaml"
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.is_file() else {}


def format_report(half: str, m: dict[str, Any]) -> str:
    lines = [f"Real suggestion eval, {half} half: {m['cases']} cases, {m['read']} read, "
             f"{m['flagged']} flagged by the engine, {m['proposed']} rewritten, {m['shown']} shown"]
    for key in ("coverage", "fixed_no_new_failure", "kept_meaning", "kept_numbers", "kept_direction",
                "kept_numbers_and_direction", "invented_shown", "invented_proposed", "malformed_shown",
                "malformed_proposed", "expert_mean", "unrecorded_prompts"):
        if key in m:
            lines.append(f"  {key:28} {m[key]}")
    counts = "/".join(str(m[f"expert_{n}"]) for n in (3, 2, 1, 0))
    lines.append(f"  expert scores 3/2/1/0        {counts}")
    return "\n".join(lines)


def _misses(outcomes: list[CaseOutcome]) -> list[str]:
    out = []
    for o in outcomes:
        if not o.read:
            out.append(f"  {o.doc}:{o.line} not read as a {o.kind}")
            continue
        for r in o.rewrites[:1]:
            if r.score < 3:
                checks = (("not fixed " + r.reason, not r.fixed), ("meaning", not r.kept_meaning),
                          ("numbers", not r.kept_numbers), ("direction", not r.direction_kept),
                          ("invented", bool(r.invented)), ("; ".join(r.malformed), bool(r.malformed)))
                why = [w for w, bad in checks if bad]
                out.append(f"  {o.doc}:{o.line} [{r.score}] {', '.join(why)}\n      - {o.draft[:110]}\n"
                           f"      + {r.text[:160]}")
    return out


class ReplayClient:
    """Recorded replies by prompt hash; a prompt that was not recorded fails like a dead server."""

    cacheable = False

    def __init__(self, model: str, replies: dict[str, dict[str, Any]]) -> None:
        self.model, self.replies, self.missing = model, replies, 0

    def complete(self, request: LLMRequest) -> LLMReply:
        from coach.evals.suggestions import prompt_sha

        hit = self.replies.get(prompt_sha(request.messages))
        if hit is None:
            self.missing += 1
            raise LLMUnavailable(f"{self.model}: no recorded reply for this prompt (re-record)")
        return LLMReply(hit["reply"], int(hit.get("prompt_tokens", 0)), int(hit.get("completion_tokens", 0)))


class RecordingClient:
    """Wraps a live client and keeps each reply under the hash of its prompt."""

    cacheable = False

    def __init__(self, inner: LLMClient) -> None:
        self.inner, self.model = inner, inner.model
        self.replies: dict[str, dict[str, Any]] = {}

    def complete(self, request: LLMRequest) -> LLMReply:
        from coach.evals.suggestions import prompt_sha

        reply = self.inner.complete(request)
        entry = {"reply": reply.text, "prompt_tokens": reply.prompt_tokens,
                 "completion_tokens": reply.completion_tokens}
        self.replies[prompt_sha(request.messages)] = entry
        return reply


def recordings_dir() -> Path:
    return home_dir() / "recordings" / "suggestions-real"


def _recorded() -> list[tuple[str, dict[str, Any]]]:
    folder = recordings_dir()
    out = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        data = json.loads(path.read_text(encoding="utf-8"))
        out.append((str(data.get("model", path.stem)), dict(data.get("replies", {}))))
    return out


def _measure_half(name: str, docs: list[str], shared: Path, client: LLMClient | None) -> tuple[
        dict[str, Any], list[CaseOutcome]]:
    outcomes: list[CaseOutcome] = []
    for doc in docs:
        path = shared / "real-okrs" / "docs" / f"{doc}.md"
        if path.is_file():
            outcomes += evaluate_doc(doc, path.read_text(encoding="utf-8"), client)
    return measure(outcomes), outcomes


def run(out: TextIO, half: str = "report", report_dir: Path | None = None, misses: bool = False,
        client: LLMClient | None = None, live: bool = False, record: bool = False) -> int:
    """Print the figures for ``half`` (or both with ``all``); exit 1 when the offline rewriter
    falls under the floors on the report half; 2 when ``../shared`` or a model is missing."""
    shared = shared_dir()
    if not (shared / "real-okrs" / "docs").is_dir():
        print(f"eval suggestions-real: no {shared / 'real-okrs' / 'docs'} (set OKR_COACH_SHARED)", file=out)
        return 2
    split = load_split()
    halves = ["calibration", "report"] if half == "all" else [half]
    modes: list[tuple[str, LLMClient | None]] = []
    recorder: RecordingClient | None = None
    if live:
        config = LLMConfig.from_env()
        if config.model is None:
            print("eval suggestions-real --live needs OKR_COACH_MODEL", file=out)
            return 2
        live_client: LLMClient = make_client(config)
        if record:
            recorder = RecordingClient(live_client)
            live_client = recorder
        modes.append((f"live:{config.model}", live_client))
    else:
        modes.append(("offline", client))
        modes += [(f"replay:{model}", ReplayClient(model, replies)) for model, replies in _recorded()]
    code = 0
    results: dict[str, Any] = {}
    for mode, mode_client in modes:
        for name in halves:
            m, outcomes = _measure_half(name, split[name], shared, mode_client)
            if isinstance(mode_client, ReplayClient):
                m["unrecorded_prompts"], mode_client.missing = mode_client.missing, 0
            results[f"{mode}/{name}"] = {"metrics": m, "cases": [asdict(o) for o in outcomes]}
            print(f"[{mode}] " + format_report(name, m), file=out)
            if misses:
                print("\n".join(_misses(outcomes)), file=out)
            if name == "report" and mode == "offline":
                failed = failures(m, load_thresholds())
                if failed:
                    print("  UNDER THE FLOORS: " + "; ".join(failed), file=out)
                    code = 1
    if recorder is not None:
        folder = recordings_dir()
        folder.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", recorder.model).strip("-") or "model"
        path = folder / f"{slug}.json"
        payload = {"model": recorder.model, "recorded_at": time.strftime("%Y-%m-%d"),
                   "replies": dict(sorted(recorder.replies.items()))}
        path.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"recorded replies: {path}", file=out)
    if report_dir is not None:
        report_dir.mkdir(parents=True, exist_ok=True)
        (report_dir / "suggestions-real.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    return code
