"""``okr-coach eval suggestions``: measure rewrites against labelled cases, with thresholds.

Why an eval and not only tests: a prompt or rule change can make rewrites quietly worse
(more placeholders lost, fewer fixes) while every unit test still passes. The cases in
``evals/suggestions/cases.yaml`` each name a draft, the item to fix, the criteria it fails,
its key terms, the relevant guidance and, for prompt-injection attempts, strings that must
never reach a suggestion. Offline runs the offline rewriter and replays every recorded
model reply set in ``evals/suggestions/recorded/``; ``--live`` asks the configured model
and ``--record`` saves its replies for replay. Checks are recomputed here from the rubric
engine, not taken from the gate's word.
"""

from __future__ import annotations

import copy
import json
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml

from coach.core.models import OkrSet
from coach.core.parsing import parse
from coach.core.text import content_stems
from coach.llm.client import OFFLINE, LLMClient, LLMConfig, LLMReply, LLMRequest, make_client
from coach.llm.offline import OfflineClient
from coach.llm.safety import looks_injected, split_instructions
from coach.llm.scripted import ScriptedClient
from coach.paths import data_dir
from coach.rubric.engine import review
from coach.rubric.packs import default_rubric
from coach.service.review import review_okr_set
from coach.suggest.gate import Gate, blanks, cleaned, invented_numbers, numbers_in
from coach.suggest.jobs import JobResult, build_jobs, run_job

REQUIRED = ("id", "draft", "target", "failing", "key_terms")


class EvalError(ValueError):
    """The eval data is unusable; the message says which file and case."""


@dataclass
class Case:
    id: str
    draft: str
    target: str
    failing: list[str]
    key_terms: list[str]
    given: dict[str, str] = field(default_factory=dict)
    passages: list[str] = field(default_factory=list)
    placeholders: bool | None = None
    adversarial: bool = False
    forbidden: list[str] = field(default_factory=list)


@dataclass
class CaseResult:
    id: str
    valid: bool
    suggested: bool = False
    adversarial: bool = False
    criterion: str | None = None
    text: str | None = None
    fixed: bool | None = None
    fixed_share: float | None = None
    new_failures: list[str] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)
    placeholder_ok: bool | None = None
    key_terms: float | None = None
    citations_retrieved: bool | None = None
    citation_relevant: bool | None = None
    injection_resisted: bool | None = None
    rejections: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0


def load_cases(path: Path) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise EvalError(f"{path}: expected a list of cases")
    cases, seen = [], set()
    for i, raw in enumerate(data):
        missing = [k for k in REQUIRED if k not in (raw or {})]
        if missing:
            raise EvalError(f"{path}: case {i + 1} lacks {', '.join(missing)}")
        if raw["id"] in seen:
            raise EvalError(f"{path}: duplicate case id {raw['id']}")
        seen.add(raw["id"])
        known = set(Case.__dataclass_fields__)
        unknown = set(raw) - known
        if unknown:
            raise EvalError(f"{path}: case {raw['id']} has unknown keys {', '.join(sorted(unknown))}")
        cases.append(Case(**raw))
    return cases


def _short(criterion: str) -> str:
    return criterion.split(".", 1)[-1]


def _failing_of(okr: OkrSet, item_id: str) -> set[str]:
    result = review(okr, default_rubric())
    for objective in result.objectives:
        if objective.id == item_id:
            return {_short(f.criterion) for f in objective.findings if not f.passed and not f.open_point}
        for kr in objective.key_results:
            if kr.id == item_id:
                return {_short(f.criterion) for f in kr.findings if not f.passed and not f.open_point}
    return set()


def _all_failing(okr: OkrSet) -> set[tuple[str, str]]:
    result = review(okr, default_rubric())
    # a placeholder the rewrite leaves for the author is an open point (counted under
    # "placeholders"), not a failure: the same rule as the gate's
    # and, as for the gate, a suggestion-level nudge is advice for the set, not a failure
    out = {(o.id, f.criterion) for o in result.objectives for f in o.findings
           if not f.passed and not f.open_point and f.level != "suggestion"}
    return out | {(k.id, f.criterion) for o in result.objectives for k in o.key_results
                  for f in k.findings if not f.passed and not f.open_point and f.level != "suggestion"}


def _with_text(okr: OkrSet, item_id: str, text: str) -> OkrSet:
    from coach.core.kr_parts import extract_parts

    changed = copy.deepcopy(okr)
    for objective in changed.objectives:
        if objective.id == item_id:
            objective.text = text
        for kr in objective.key_results:
            if kr.id == item_id:
                kr.text, kr.parts = text, extract_parts(text)
    return changed


def evaluate_case(case: Case, client: LLMClient) -> tuple[CaseResult, JobResult | None]:
    """Run one case through the suggestion job for its target's objective and score it."""
    okr = parse(case.draft)
    result = CaseResult(case.id, valid=set(case.failing) <= _failing_of(okr, case.target),
                        adversarial=case.adversarial)
    reviewed = review_okr_set(okr, explain=False)
    rubric = default_rubric()
    given = {case.target: dict(case.given)} if case.given else {}
    jobs = [j for j in build_jobs(okr, reviewed, rubric, given) if case.target in j.failing]
    if not jobs:
        result.notes.append("nothing to rewrite for the target")
        return result, None
    job = jobs[0]
    outcome = run_job(job, client, Gate(okr, rubric, reviewed.profile, given=given), None, backfill=False)
    result.calls, result.notes = outcome.calls, outcome.notes
    result.prompt_tokens, result.completion_tokens = outcome.prompt_tokens, outcome.completion_tokens
    result.cost = outcome.cost
    result.rejections = [f"{r.item_id} {r.reason}: {r.detail}" for r in outcome.rejections]
    allowed = [n for t in [split_instructions(case.draft)[0], *case.given.values()] for n in numbers_in(t)]
    accepted = outcome.suggestions
    for _item, s in accepted:
        result.invented += invented_numbers(s.text, allowed)
    if case.adversarial:
        blob = " ".join(f"{s.text} {s.rationale}" for _i, s in accepted).lower()
        result.injection_resisted = not any(f.lower() in blob for f in case.forbidden) and not any(
            looks_injected(s.text) for _i, s in accepted)
    target = next((s for item, s in accepted if item == case.target), None)
    if target is None:
        return result, outcome
    result.suggested, result.criterion, result.text = True, target.criterion, target.text
    after_okr = _with_text(okr, case.target, target.text)
    after = _failing_of(after_okr, case.target)
    result.fixed = _short(target.criterion) not in after
    result.fixed_share = len(set(case.failing) - after) / len(case.failing) if case.failing else 1.0
    clean = okr.replace(objectives=[cleaned(o) for o in okr.objectives])
    result.new_failures = sorted(f"{i} {c}" for i, c in _all_failing(after_okr) - _all_failing(okr)
                                 - _all_failing(clean))
    has_placeholder = bool(blanks(target.text))
    result.placeholder_ok = None if case.placeholders is None else has_placeholder == case.placeholders
    stems = content_stems(target.text)
    kept = [t for t in case.key_terms if content_stems(t) <= stems]
    result.key_terms = len(kept) / len(case.key_terms) if case.key_terms else 1.0
    retrieved = {p["id"] for p in job.context["passages"]}
    result.citations_retrieved = set(target.sources) <= retrieved
    if case.passages:
        result.citation_relevant = any(s in case.passages or s.split("#")[0] in case.passages
                                       for s in target.sources)
    return result, outcome


# --------------------------------------------------------------------------- metrics


def _share(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def summarize(results: list[CaseResult]) -> dict[str, Any]:
    """Figures over a run; None where no case was eligible."""
    valid = [r for r in results if r.valid]
    done = [r for r in valid if r.suggested]
    adversarial = [r for r in results if r.adversarial and r.injection_resisted is not None]
    return {
        "cases": len(results),
        "adversarial_cases": sum(r.adversarial for r in results),
        "valid_cases": _share([r.valid for r in results]),
        "coverage": _share([r.suggested for r in valid]),
        "fixed": _share([bool(r.fixed) for r in done]),
        "fixed_all": _mean([r.fixed_share or 0.0 for r in done]),
        "no_new_failure": _share([not r.new_failures for r in done]),
        "invented_numbers": sum(len(r.invented) for r in results),
        "placeholders": _share([bool(r.placeholder_ok) for r in done if r.placeholder_ok is not None]),
        "key_terms": _mean([r.key_terms or 0.0 for r in done]),
        "citations_retrieved": _share([bool(r.citations_retrieved) for r in done]),
        "citation_relevance": _share([bool(r.citation_relevant) for r in done
                                      if r.citation_relevant is not None]),
        "injection_resisted": _share([bool(r.injection_resisted) for r in adversarial]),
        "rejected": sum(len(r.rejections) for r in results),
        "fallbacks": sum(bool(r.notes) and r.notes != ["nothing to rewrite for the target"] for r in results),
        "model_calls": sum(r.calls for r in results),
        "prompt_tokens": sum(r.prompt_tokens for r in results),
        "completion_tokens": sum(r.completion_tokens for r in results),
        "cost": round(sum(r.cost for r in results), 6),
    }


def load_thresholds(path: Path) -> dict[str, dict[str, float]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise EvalError(f"{path}: expected a mapping of mode -> {{metric: threshold}}")
    return data


def failures(metrics: dict[str, Any], thresholds: dict[str, float]) -> list[str]:
    """Thresholds named ``<metric>`` are minimums; ``<metric>_max`` are maximums."""
    out = []
    for name, limit in thresholds.items():
        metric = name[:-4] if name.endswith("_max") else name
        value = metrics.get(metric)
        if value is None:
            continue
        if name.endswith("_max") and value > limit:
            out.append(f"{metric} {value} > {limit}")
        elif not name.endswith("_max") and value < limit:
            out.append(f"{metric} {value} < {limit}")
    return out


# --------------------------------------------------------------------------- recording and replay


def prompt_sha(messages: list[dict[str, str]]) -> str:
    import hashlib

    return hashlib.sha256(json.dumps(messages, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


class Recorder:
    """Wraps a live client and keeps every reply, per case, for ``recorded/<model>.json``."""

    cacheable = False

    def __init__(self, inner: LLMClient) -> None:
        self.inner = inner
        self.model = inner.model
        self.calls: list[dict[str, Any]] = []

    def complete(self, request: LLMRequest) -> LLMReply:
        reply = self.inner.complete(request)
        self.calls.append({"prompt_sha256": prompt_sha(request.messages), "reply": reply.text,
                           "prompt_tokens": reply.prompt_tokens, "completion_tokens": reply.completion_tokens,
                           "cost": reply.cost})
        return reply


def _slug(model: str) -> str:
    return re.sub(r"[^a-zA-Z0-9._-]+", "-", model).strip("-") or "model"


def _replay_clients(path: Path) -> tuple[str, dict[str, list[dict[str, str]]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return str(data.get("model", path.stem)), dict(data.get("cases", {}))


# --------------------------------------------------------------------------- the command


def _run_mode(cases: list[Case], make: Any, record: dict[str, Any] | None,
              workers: int = 1) -> tuple[list[CaseResult], int]:
    """Every case through a fresh client from ``make``; live runs use several threads."""
    from concurrent.futures import ThreadPoolExecutor

    def one(case: Case) -> tuple[CaseResult, int]:
        client = make(case)
        result, _outcome = evaluate_case(case, client)
        if isinstance(client, Recorder) and record is not None:
            record[case.id] = client.calls
        stale = 0
        if isinstance(client, ScriptedClient) and client.expected:
            shas = [prompt_sha(r.messages) for r in client.requests]
            stale = sum(1 for a, b in zip(shas, client.expected) if a != b)
        return result, stale

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        done = list(pool.map(one, cases))
    return [r for r, _s in done], sum(s for _r, s in done)


def _write_reports(report_dir: Path, runs: dict[str, dict[str, Any]]) -> None:
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / "suggestions-eval.json").write_text(json.dumps(runs, indent=2, ensure_ascii=False) + "\n",
                                                      encoding="utf-8")
    lines = ["# Suggestion eval", ""]
    for mode, run in runs.items():
        lines += [f"## {mode} ({run['model']})", "", "| metric | value | threshold |", "|---|---|---|"]
        limits = run["thresholds"]
        for name, value in run["metrics"].items():
            limit = limits.get(name, limits.get(f"{name}_max", ""))
            lines.append(f"| {name} | {value} | {limit} |")
        verdict = "PASS" if not run["failures"] else "FAIL: " + "; ".join(run["failures"])
        lines += ["", f"Result: {verdict}", ""]
        misses = [c for c in run["cases"] if not c["suggested"] or c["rejections"]]
        if misses:
            lines += ["| case | suggested | rejections |", "|---|---|---|"]
            lines += [f"| {c['id']} | {c['suggested']} | {'; '.join(c['rejections'])[:200]} |"
                      for c in misses]
            lines.append("")
    (report_dir / "suggestions-eval.md").write_text("\n".join(lines), encoding="utf-8")


def run(out: TextIO, live: bool = False, record: bool = False, report_dir: Path | None = None,
        folder: Path | None = None) -> int:
    """Run the suggestion eval; exit 1 when any mode is under its thresholds, 2 for unusable setup.

    ``folder`` holds cases.yaml, thresholds.yaml and recorded/ (default: evals/suggestions).
    """
    folder = folder or data_dir("evals") / "suggestions"
    try:
        cases = load_cases(folder / "cases.yaml")
        thresholds = load_thresholds(folder / "thresholds.yaml")
    except (OSError, EvalError, yaml.YAMLError) as exc:
        out.write(f"eval data unusable: {exc}\n")
        return 2
    modes: list[tuple[str, str, Any]] = []
    recording: dict[str, Any] | None = None
    config = LLMConfig.from_env()
    if live:
        if config.model is None:
            out.write("--live needs OKR_COACH_MODEL (and OKR_COACH_API_BASE for a local server)\n")
            return 2
        client = make_client(config)
        recording = {} if record else None
        modes.append(("live", client.model, (lambda _c: Recorder(client)) if record else (lambda _c: client)))
    else:
        modes.append(("offline", OFFLINE, lambda _c: OfflineClient()))
        for path in sorted((folder / "recorded").glob("*.json")):
            model, replies = _replay_clients(path)

            def replay(case: Case, model: str = model, replies: dict[str, Any] = replies) -> ScriptedClient:
                calls = replies.get(case.id, [])
                script = [LLMReply(c["reply"], int(c.get("prompt_tokens", 0)),
                                   int(c.get("completion_tokens", 0)), float(c.get("cost", 0.0)))
                          for c in calls]
                expected = [c.get("prompt_sha256", "") for c in calls]
                return ScriptedClient(script, model=model, expected=expected)

            modes.append((f"replay:{path.stem}", model, replay))
    runs: dict[str, dict[str, Any]] = {}
    code = 0
    for mode, model, make in modes:
        start = time.perf_counter()
        results, stale = _run_mode(cases, make, recording, config.concurrency if mode == "live" else 1)
        metrics = summarize(results)
        metrics["seconds"] = round(time.perf_counter() - start, 2)
        if mode.startswith("replay"):
            metrics["stale_prompts"] = stale  # prompts changed since recording: re-record to refresh
        limits = thresholds.get(mode.split(":")[0], {})
        failed = failures(metrics, limits)
        code = max(code, 1 if failed else 0)
        runs[mode] = {"model": model, "metrics": metrics, "thresholds": limits, "failures": failed,
                      "cases": [asdict(r) for r in results]}
        shown = ", ".join(f"{k} {v}" for k, v in metrics.items() if v is not None)
        out.write(f"{mode} ({model}): {shown}\n")
        out.write(f"  {'PASS' if not failed else 'FAIL: ' + '; '.join(failed)}\n")
    if recording is not None and live:
        path = folder / "recorded" / f"{_slug(modes[0][1])}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"model": modes[0][1], "recorded_at": time.strftime("%Y-%m-%d"),
                   "cases": dict(sorted(recording.items()))}
        path.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        out.write(f"recorded replies: {path}\n")
    if report_dir is not None:
        _write_reports(report_dir, runs)
        out.write(f"reports: {report_dir / 'suggestions-eval.json'}, {report_dir / 'suggestions-eval.md'}\n")
    return code
