"""``okr-coach batch PATH...``: review every team's draft under files and folders, in parallel,
resumable, with an organisation summary (and the shareable files with ``--out``)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from coach.cli import EXIT_FAILED, EXIT_OK, UsageError

LEVELS = {"error": ("error",), "warning": ("error", "warning"),
          "suggestion": ("error", "warning", "suggestion")}


def configure(b: argparse.ArgumentParser) -> None:
    b.add_argument("paths", nargs="+", help="draft files and folders (md, txt, json, yaml, csv)")
    b.add_argument("--company", help="the company's OKRs: link each team objective to the one it supports")
    b.add_argument("--compare", help="an earlier run's --out folder: per team and criterion, better or worse")
    b.add_argument("--out", help="write summary.json, reviews.jsonl, key_results.csv and report.html here")
    b.add_argument("--format", choices=["text", "json"], default="text",
                   help="summary on stdout (default: text)")
    b.add_argument("--jobs", type=int, default=None, help="worker processes (default: the number of cores)")
    b.add_argument("--pack", default=None, help="rubric pack name or folder (default: okr-core)")
    b.add_argument("--profile", default=None, help="organisation profile of the pack (default: default)")
    b.add_argument("--input-format", choices=["auto", "text", "json", "yaml", "csv"], default=None,
                   help="how to read every file (default: from each file's name, else its content)")
    b.add_argument("--suggest", action="store_true",
                   help="add rewrites for failing findings (the configured model, else the offline rewriter)")
    b.add_argument("--offline", action="store_true",
                   help="with --suggest: the offline rewriter even with a model")
    b.add_argument("--max-calls", type=int, default=None,
                   help="with --suggest and a model: at most this many model calls; the rest offline")
    b.add_argument("--fail-on", choices=["error", "warning", "suggestion", "never"], default="never",
                   help="exit 1 when any team fails a finding at or above this level (default: never)")
    b.add_argument("--config", default=None,
                   help="settings file, as for review (its pack, profile, input-format and disable apply)")
    b.add_argument("--no-config", action="store_true", help="ignore any settings file")
    b.set_defaults(func=run)


# What a repository's settings file sets for a batch: the rubric as ``review`` applies it. Not
# its format or fail-on: those are the linter's (a batch prints a summary and fails on "never").
_SETTINGS = {"pack": ("pack", None), "profile": ("profile", "default"),
             "input_format": ("input-format", "auto")}


def _progress() -> object | None:
    """A progress bar on a terminal (rich), nothing otherwise."""
    if not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import Progress

    return Progress(transient=True, console=Console(stderr=True))  # stdout stays the summary


def run(args: argparse.Namespace) -> int:
    from coach.cli.review import apply_config
    from coach.service.batch import run_batch
    from coach.service.batch_report import render_text, summary, write_outputs
    from coach.service.config import without_criteria
    from coach.service.review import check_profile, rubric_for

    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    if args.max_calls is not None and args.max_calls < 0:
        raise UsageError("--max-calls must be 0 or more")
    from coach.llm.client import LLMConfig

    model = None if args.offline or not args.suggest else LLMConfig.from_env().model
    offline_suggest = args.suggest and model is None
    config = apply_config(args, _SETTINGS)
    rubric = rubric_for(args.pack)
    kept = {c.id for c in without_criteria(rubric, config.disable, config.path).criteria}
    disable = tuple(c.id for c in rubric.criteria if c.id not in kept)  # by id: workers rebuild it
    check_profile(rubric, args.profile)
    company = None
    if args.company:
        from coach.service.batch_company import read_company

        company = read_company(args.company)
    bar = _progress()
    if bar is not None:
        from rich.progress import Progress

        assert isinstance(bar, Progress)
        with bar:
            task = bar.add_task("Reviewing teams", total=None)
            result = run_batch(args.paths, pack=args.pack, profile=args.profile, jobs=args.jobs,
                               input_format=args.input_format, suggest=offline_suggest, disable=disable,
                               on_progress=lambda done, total: bar.update(task, completed=done, total=total))
    else:
        result = run_batch(args.paths, pack=args.pack, profile=args.profile, jobs=args.jobs,
                           input_format=args.input_format, suggest=offline_suggest, disable=disable)
    if model is not None:
        _model_suggestions(result, model, args.max_calls)
    if not result.teams and result.problems:
        reasons = "; ".join(f"{p.source}: {p.reason}" for p in result.problems[:3])
        raise UsageError(f"nothing could be read: {reasons}")
    data = summary(result, company)
    if args.compare:
        from coach.service.batch_report import compare, load_earlier

        data["compare"] = compare(data, load_earlier(Path(args.compare)))
    if args.out:
        for path in write_outputs(result, data, Path(args.out)):
            print(f"wrote {path}", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_text(data))
    print(f"{result.reviewed} teams reviewed now, {len(result.teams) - result.reviewed} from the store "
          f"({len(result.problems)} files not read)", file=sys.stderr)
    if args.fail_on == "never":
        return EXIT_OK
    levels = LEVELS[args.fail_on]
    failing = any(not f.get("passed") and f.get("level") in levels and not f.get("unsure")
                  for _team, review in result.teams for f in _all_findings(review))
    return EXIT_FAILED if failing else EXIT_OK


def _model_suggestions(result: object, model: str, max_calls: int | None) -> None:
    """Estimate, say it, then ask the model within the budget (the rest goes offline)."""
    from coach.llm.client import make_client
    from coach.service.batch import BatchResult, Store
    from coach.service.batch_suggest import add_model_suggestions, estimate

    assert isinstance(result, BatchResult)
    guess = estimate(result, model)
    cost = f", about ${guess['cost_usd']}" if guess["cost_usd"] is not None else " (price unknown to litellm)"
    cap = f"; capped at {max_calls} calls (--max-calls), the rest offline" if max_calls is not None else ""
    print(f"Suggestions from {model}: about {guess['calls']} calls, {guess['prompt_tokens']:,} prompt and "
          f"{guess['completion_tokens']:,} completion tokens{cost}{cap}.", file=sys.stderr)
    store = Store()
    try:
        counts = add_model_suggestions(result, make_client(), store, max_calls)
    finally:
        store.close()
    print(f"Model calls {counts['model_calls']}; {counts['accepted']} rewrites shown; "
          f"{counts['fallbacks']} objectives fell back to the offline rewriter; "
          f"{counts['from_store']} teams from the store.", file=sys.stderr)


def _all_findings(review: dict[str, object]) -> list[dict[str, object]]:
    out = list(review.get("findings", []) or [])  # type: ignore[call-overload]
    for objective in review.get("objectives", []) or []:  # type: ignore[attr-defined]
        out += objective.get("findings", [])
        for kr in objective.get("key_results", []):
            out += kr.get("findings", [])
    return out
