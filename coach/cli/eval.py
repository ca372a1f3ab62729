"""``okr-coach eval rubric|real|retrieval|suggestions|suggestions-real``: measure labelled sets;
exit 1 under the floors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coach.cli import UsageError


def configure(ev: argparse.ArgumentParser) -> None:
    ev.add_argument("suite", choices=["rubric", "real", "retrieval", "suggestions", "suggestions-real"],
                    help="what to measure")
    ev.add_argument("--half", choices=["report", "calibration", "all"], default="report",
                    help="real, suggestions-real: which organisations to measure (tune on calibration, "
                         "report the other)")
    ev.add_argument("--misses", action="store_true",
                    help="real, suggestions-real: list the lines it got wrong")
    ev.add_argument("--live", action="store_true", help="suggestions: ask the configured model")
    ev.add_argument("--record", action="store_true", help="suggestions: with --live, save replies for replay")
    ev.add_argument("--gold", help="gold set file (rubric suite; default evals/rubric/gold.yaml)")
    ev.add_argument("--report-dir", help="write JSON and markdown reports here")
    ev.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    report_dir = Path(args.report_dir) if args.report_dir else None
    if args.suite == "suggestions":
        if args.record and not args.live:
            raise UsageError("--record needs --live")
        from coach.evals.suggestions import run as run_suggestions

        return run_suggestions(sys.stdout, live=args.live, record=args.record, report_dir=report_dir)
    if args.suite == "suggestions-real":
        from coach.evals.suggestions_real import run as run_suggestions_real

        if args.record and not args.live:
            raise UsageError("--record needs --live")
        return run_suggestions_real(sys.stdout, args.half, report_dir, misses=args.misses, live=args.live,
                                    record=args.record)
    if args.suite == "real":
        from coach.evals.real import run_real_eval

        return run_real_eval(sys.stdout, args.half, report_dir, misses=args.misses)
    if args.suite == "rubric":
        from coach.evals.rubric import run_rubric_eval

        return run_rubric_eval(sys.stdout, Path(args.gold) if args.gold else None, report_dir)
    from coach.evals.retrieval import run_retrieval_eval

    return run_retrieval_eval(sys.stdout, report_dir)
