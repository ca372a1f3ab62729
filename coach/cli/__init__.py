"""okr-coach command line: one thin command per job over the service layer.

Exit codes follow linters: 0 nothing at or above --fail-on failed, 1 something
did, 2 unusable input or usage (with a one-line reason on stderr), 3 an
internal error (one line; set OKR_COACH_DEBUG=1 for the traceback).
Heavy modules (rich, litellm, chromadb) are imported inside the commands that
need them so ``okr-coach review`` starts fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
MAX_READ_BYTES = 5 * 1024 * 1024


class UsageError(Exception):
    """Bad input or usage: reported as one line on stderr, exit 2."""


def _read_input(path: str) -> str:
    from coach.core.parsing import MAX_INPUT_CHARS, ParseError, decode_bytes

    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_READ_BYTES + 1)
        else:
            p = Path(path)
            if p.is_dir():
                raise UsageError(f"{path}: is a directory; give a file or '-' for standard input")
            with p.open("rb") as handle:
                data = handle.read(MAX_READ_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except PermissionError:
        raise UsageError(f"{path}: permission denied") from None
    if len(data) > MAX_READ_BYTES:
        raise UsageError(f"{path}: input is over {MAX_READ_BYTES // (1024 * 1024)} MB; the limit "
                         f"is {MAX_INPUT_CHARS:,} characters (review one team's OKRs at a time)")
    try:
        return decode_bytes(data)
    except ParseError as exc:
        raise UsageError(f"{path}: {exc}") from None


def cmd_review(args: argparse.Namespace) -> int:
    from coach.core.models import LEVEL_RANK
    from coach.core.parsing import ParseError, parse
    from coach.report import render
    from coach.service.review import review_okr_set

    text = _read_input(args.path)
    fmt = None if args.input_format == "auto" else args.input_format
    if fmt is None and args.path.lower().endswith((".json", ".yaml", ".yml", ".csv")):
        fmt = Path(args.path).suffix.lower().lstrip(".").replace("yml", "yaml")
    try:
        okr = parse(text, fmt)
    except ParseError as exc:
        raise UsageError(f"{args.path}: {exc}") from None
    try:
        result = review_okr_set(okr, profile=args.profile, semantic=args.semantic_alignment)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    stats = None
    if args.suggest:
        from coach.suggest.pipeline import add_suggestions

        options = {}
        if args.offline:
            from coach.llm.offline import OfflineClient

            options["client"] = OfflineClient()
        stats = add_suggestions(okr, result, **options)
    texts: dict[str, tuple[str, int]] = {}
    if okr.source == "text":
        for objective in okr.objectives:
            texts[objective.id] = (objective.text, objective.offset)
            for kr in objective.key_results:
                texts[kr.id] = (kr.text, kr.offset)
    color = True if args.color == "always" else False if args.color == "never" else None
    out = render(result, args.format, texts=texts, color=color)
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
    if stats is not None:  # on stderr, so JSON on stdout stays parseable
        print(stats.summary(), file=sys.stderr)
        for rejected in stats.rejections:
            print(f"  rejected {rejected.item_id} [{rejected.reason}] {rejected.detail}: {rejected.text}",
                  file=sys.stderr)
        for note in stats.notes:
            print(f"  note: {note}", file=sys.stderr)
    if args.fail_on == "never":
        return EXIT_OK
    return EXIT_FAILED if result.failing(args.fail_on) and LEVEL_RANK[args.fail_on] else EXIT_OK


def cmd_rubrics(args: argparse.Namespace) -> int:
    from coach.rubric.loader import RubricError, load_rubric

    root = Path(args.path) if getattr(args, "path", None) else None
    if args.action == "schema":
        from coach.rubric.schema import export_schema

        print(json.dumps(export_schema(), indent=2))
        return EXIT_OK
    try:
        rubric = load_rubric(root, strict=args.action != "check")
    except RubricError as exc:
        for file, reason in exc.problems:
            print(f"{file}: {reason}", file=sys.stderr)
        return EXIT_USAGE
    if args.action == "check":
        for file, reason in rubric.problems:
            print(f"{file}: {reason}", file=sys.stderr)
        if rubric.problems:
            return EXIT_FAILED
        from coach.rubric.examples import run_examples

        failures = run_examples(rubric)
        for failure in failures:
            print(failure, file=sys.stderr)
        print(f"{rubric.pack.name} {rubric.pack.version}: {len(rubric.criteria)} criteria, "
              f"{'all examples behave' if not failures else f'{len(failures)} examples misbehave'}")
        return EXIT_FAILED if failures else EXIT_OK
    if args.action == "list":
        for c in rubric.criteria:
            print(f"{c.id:<40} {c.applies_to:<11} {c.level:<10} w={c.weight:<4} {c.name}")
        return EXIT_OK
    try:
        c = rubric.get(args.name)
    except KeyError:
        raise UsageError(f"no criterion '{args.name}' (see 'okr-coach rubrics list')") from None
    import yaml

    print(yaml.safe_dump(c.model_dump(by_alias=True), sort_keys=False, allow_unicode=True))
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    report_dir = Path(args.report_dir) if args.report_dir else None
    if args.suite == "suggestions":
        if args.record and not args.live:
            raise UsageError("--record needs --live")
        from coach.evals.suggestions import run as run_suggestions

        return run_suggestions(sys.stdout, live=args.live, record=args.record, report_dir=report_dir)
    if args.suite == "rubric":
        from coach.evals.rubric import run_rubric_eval

        return run_rubric_eval(sys.stdout, Path(args.gold) if args.gold else None, report_dir)
    from coach.cli.kb import eval_retrieval

    return eval_retrieval(sys.stdout, report_dir)


def cmd_doctor(args: argparse.Namespace) -> int:
    from coach.cli.doctor import doctor

    return doctor(sys.stdout)


def cmd_serve(args: argparse.Namespace) -> int:
    import importlib.util

    if importlib.util.find_spec("fastapi") is None or importlib.util.find_spec("uvicorn") is None:
        raise UsageError("serve needs the web extra: pip install 'okr-coach[web]'")
    from api.server import serve

    return serve(args.host, args.port, os.environ.get("OKR_COACH_TOKEN"))


def cmd_kb(args: argparse.Namespace) -> int:
    from coach.cli.kb import kb_build

    return kb_build(sys.stdout)


def cmd_ask(args: argparse.Namespace) -> int:
    from coach.cli.kb import ask

    return ask(args.question, args.k, args.format, sys.stdout)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="okr-coach", description="Review and coach OKRs, offline.")
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", required=True)

    r = sub.add_parser("review", help="review a draft (file or '-' for stdin)")
    r.add_argument("path", help="file with the draft, or '-' to read standard input")
    r.add_argument("--format", choices=["text", "json", "markdown", "html"], default="text")
    r.add_argument("--fail-on", choices=["error", "warning", "suggestion", "never"], default="error",
                   help="exit 1 when a finding at or above this level fails (default: error)")
    r.add_argument("--profile", default="default",
                   help="organisation profile: default, startup, scaleup, corporate")
    r.add_argument("--semantic-alignment", action="store_true",
                   help="also judge key-result/objective alignment by meaning (MiniLM embeddings)")
    r.add_argument("--input-format", choices=["auto", "text", "json", "yaml", "csv"], default="auto")
    r.add_argument("--suggest", action="store_true", help="add rewrites for failing findings")
    r.add_argument("--offline", action="store_true",
                   help="suggestions from the offline rewriter even when OKR_COACH_MODEL is set")
    r.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    r.set_defaults(func=cmd_review)

    rb = sub.add_parser("rubrics", help="list, show or check rubric criteria")
    rb_sub = rb.add_subparsers(dest="action", required=True)
    rb_sub.add_parser("list", help="every criterion of the pack")
    show = rb_sub.add_parser("show", help="one criterion as YAML")
    show.add_argument("name", help="criterion id, e.g. kr-measurable")
    check = rb_sub.add_parser("check", help="validate a pack and run its examples")
    check.add_argument("path", nargs="?", help="pack directory (default: the bundled okr-core)")
    rb_sub.add_parser("schema", help="print the JSON Schema of rubric files")
    rb.set_defaults(func=cmd_rubrics)

    ev = sub.add_parser("eval", help="measure the rubric or retrieval against labelled sets")
    ev.add_argument("suite", choices=["rubric", "retrieval", "suggestions"])
    ev.add_argument("--live", action="store_true", help="suggestions: ask the configured model")
    ev.add_argument("--record", action="store_true", help="suggestions: with --live, save replies for replay")
    ev.add_argument("--gold", help="gold set file (rubric suite; default evals/rubric/gold.yaml)")
    ev.add_argument("--report-dir", help="write JSON and markdown reports here")
    ev.set_defaults(func=cmd_eval)

    doc = sub.add_parser("doctor", help="show the model configuration and check that it answers")
    doc.set_defaults(func=cmd_doctor)

    srv = sub.add_parser("serve", help="serve the web page and HTTP API (uvicorn)")
    srv.add_argument("--host", default="127.0.0.1",
                     help="address to bind (default 127.0.0.1; any other needs OKR_COACH_TOKEN)")
    srv.add_argument("--port", type=int, default=8000)
    srv.set_defaults(func=cmd_serve)

    kb = sub.add_parser("kb", help="knowledge base index")
    kb.add_argument("action", choices=["build"])
    kb.set_defaults(func=cmd_kb)

    ask = sub.add_parser("ask", help="the guidance passages that answer a question (offline); "
                         "with a model configured, also a grounded answer citing passage ids")
    ask.add_argument("question")
    ask.add_argument("-k", type=int, default=3, help="how many passages")
    ask.add_argument("--format", choices=["text", "json"], default="text")
    ask.set_defaults(func=cmd_ask)
    return parser


def _version() -> str:
    from coach import __version__

    return f"okr-coach {__version__}"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except UsageError as exc:
        print(f"okr-coach: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        if os.environ.get("OKR_COACH_DEBUG"):
            raise
        print(f"okr-coach: internal error: {type(exc).__name__}: {exc} "
              "(set OKR_COACH_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_INTERNAL


def run() -> None:
    sys.exit(main())

