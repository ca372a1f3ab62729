"""``okr-coach review PATH|-``: read a draft, review it under a pack and profile, print a report."""

from __future__ import annotations

import argparse
import gc
import sys
from typing import Any

from coach.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError


def configure(r: argparse.ArgumentParser) -> None:
    r.add_argument("path", nargs="+", help="files with drafts, or '-' to read standard input")
    r.add_argument("--format", choices=["text", "json", "markdown", "html", "github", "sarif"],
                   default=None,
                   help="report format (default: text); github: workflow annotations on the draft's lines; "
                        "sarif: one SARIF 2.1.0 log for code scanning, every path in one run")
    r.add_argument("--quiet", action="store_true", help="print nothing; the exit code says it all")
    r.add_argument("--fail-on", choices=["error", "warning", "suggestion", "never"], default=None,
                   help="exit 1 when a finding at or above this level fails (default: error)")
    r.add_argument("--pack", default=None,
                   help="rubric pack: a name (see 'okr-coach rubrics packs') or a folder (default: okr-core)")
    r.add_argument("--profile", default=None,
                   help="organisation profile of the pack: startup, scaleup, corporate (default: default)")
    r.add_argument("--semantic-alignment", action="store_true", default=None,
                   help="also judge key-result/objective alignment by meaning (MiniLM embeddings)")
    r.add_argument("--input-format", choices=["auto", "text", "json", "yaml", "csv"], default=None,
                   help="how to read the draft (default: from the file name, else from its content)")
    r.add_argument("--suggest", action="store_true", help="add rewrites for failing findings")
    r.add_argument("--offline", action="store_true",
                   help="suggestions from the offline rewriter even when OKR_COACH_MODEL is set")
    r.add_argument("--color", choices=["auto", "always", "never"], default="auto",
                   help="colour the text report (default: on a terminal, unless NO_COLOR is set)")
    r.add_argument("--config", default=None,
                   help="settings file (default: .okr-coach.toml or [tool.okr-coach] in pyproject.toml, "
                        "looked for from here up to the repository's root)")
    r.add_argument("--no-config", action="store_true", help="ignore any settings file")
    r.set_defaults(func=run)


# Flag -> (setting in the file, built-in default): the command line wins, then the file.
_SETTINGS = {"format": ("format", "text"), "fail_on": ("fail-on", "error"), "pack": ("pack", None),
             "profile": ("profile", "default"), "semantic_alignment": ("semantic-alignment", False),
             "input_format": ("input-format", "auto")}


def apply_config(args: argparse.Namespace, settings: dict[str, tuple[str, Any]] | None = None) -> Any:
    """Fill the flags not given from the settings file, then from the defaults; the config.
    ``settings``: flag -> (key in the file, default), the review's own by default."""
    from pathlib import Path

    from coach.service.config import Config, find_config, load_config

    if args.no_config:
        config = Config()
    elif args.config is not None:
        if not Path(args.config).is_file():
            raise UsageError(f"--config {args.config}: no such file")
        config = load_config(Path(args.config))
    else:
        config = load_config(find_config())
    for flag, (key, default) in (settings if settings is not None else _SETTINGS).items():
        if getattr(args, flag) is None:
            setattr(args, flag, config.get(key, default))
    return config


def expand_globs(paths: list[str]) -> list[str]:
    """Quoted globs ("okrs/**/*.md", as pre-commit or a Windows shell pass them) become the
    files they match, sorted; a pattern that matches nothing stays, to be reported unreadable."""
    import glob
    import os

    out: list[str] = []
    for path in paths:
        if path != "-" and any(ch in path for ch in "*?[") and not os.path.exists(path):
            out.extend(sorted(glob.glob(path, recursive=True)) or [path])
        else:
            out.append(path)
    return out


def run(args: argparse.Namespace) -> int:
    from coach.service.config import without_criteria
    from coach.service.review import rubric_for

    # One draft, then exit: the objects it builds hold no cycles, and the collector's full
    # passes over hundreds of thousands of findings cost more than the review itself.
    gc.disable()
    config = apply_config(args)
    rubric = without_criteria(rubric_for(args.pack), config.disable, config.path)
    args.path = expand_globs(args.path)
    if len(args.path) == 1 and args.format not in ("github", "sarif"):  # those name the file: _many
        return _one(args, args.path[0], rubric)
    return _many(args, rubric)


def _one(args: argparse.Namespace, path: str, rubric: Any) -> int:
    from coach.report import write
    from coach.report.marks import lines_of, offsets
    from coach.service.inputs import parse_draft, read_source
    from coach.service.review import review_okr_set

    draft = read_source(path)
    okr = parse_draft(draft, requested=args.input_format, name=path)
    result = review_okr_set(okr, profile=args.profile, rubric=rubric, semantic=args.semantic_alignment)
    stats = _suggest(okr, result, rubric, args.offline) if args.suggest else None
    color = True if args.color == "always" else False if args.color == "never" else None
    if not args.quiet:
        lines = lines_of(okr, draft) if args.format == "json" else None
        write(result, args.format, sys.stdout, offsets=offsets(okr), color=color, lines=lines)
    if stats is not None and not args.quiet:  # on stderr, so JSON on stdout stays parseable
        print(stats.summary(), file=sys.stderr)
        for rejected in stats.rejections:
            print(f"  rejected {rejected.item_id} [{rejected.reason}] {rejected.detail}: {rejected.text}",
                  file=sys.stderr)
        for note in stats.notes:
            print(f"  note: {note}", file=sys.stderr)
    if args.fail_on == "never":
        return EXIT_OK
    return EXIT_FAILED if result.failing(args.fail_on) else EXIT_OK


def _many(args: argparse.Namespace, rubric: Any) -> int:
    """Several drafts (a linter's run over a repository): JSON as {"files": [...]}, text and
    markdown one report after another, github annotations for all, one SARIF log for all. A
    file that cannot be read is reported on stderr (and in the SARIF log) and the others are
    still reviewed; then the exit code is 2."""
    import json

    from coach.errors import UsageProblem
    from coach.report import render
    from coach.report.github import workflow_annotations
    from coach.report.json import header, to_dict
    from coach.report.marks import lines_of, offsets
    from coach.report.sarif import SarifLog
    from coach.service.inputs import parse_draft, read_source
    from coach.service.review import review_okr_set

    if args.format == "html":
        raise UsageError("--format html takes one draft; give one path")
    if args.suggest:
        raise UsageError("--suggest takes one draft; give one path" if len(args.path) > 1
                         else f"--suggest does not apply to --format {args.format}")
    files, failing, unreadable = [], False, False
    sarif = SarifLog(rubric) if args.format == "sarif" else None
    color = True if args.color == "always" else False if args.color == "never" else None
    for path in args.path:
        try:
            draft = read_source(path)
            okr = parse_draft(draft, requested=args.input_format, name=path)
        except UsageProblem as exc:
            print(f"okr-coach: {exc}", file=sys.stderr)
            unreadable = True
            if sarif is not None:
                sarif.unreadable(path, str(exc))
            continue
        result = review_okr_set(okr, profile=args.profile, rubric=rubric, semantic=args.semantic_alignment)
        failing = failing or (args.fail_on != "never" and bool(result.failing(args.fail_on)))
        if args.quiet:
            continue
        if args.format == "json":
            files.append({"path": path, **to_dict(result, lines_of(okr, draft))})
        elif sarif is not None:
            sarif.add(result, path, lines_of(okr, draft))
        elif args.format == "github":
            level = "suggestion" if args.fail_on == "never" else args.fail_on
            lines = workflow_annotations(result, path, draft, okr.source != "text", level)
            sys.stdout.write("".join(line + "\n" for line in lines))
        else:
            sys.stdout.write(f"== {path}\n{render(result, args.format, offsets=offsets(okr), color=color)}\n")
    if args.format == "json" and not args.quiet:
        sys.stdout.write(json.dumps({**header(), "files": files}, ensure_ascii=False) + "\n")
    if sarif is not None and not args.quiet:
        sys.stdout.write(sarif.render(indent=sys.stdout.isatty() if color is None else color) + "\n")
    if unreadable:
        return EXIT_USAGE
    return EXIT_FAILED if failing else EXIT_OK


def _suggest(okr: Any, result: Any, rubric: Any, offline: bool) -> Any:
    from coach.suggest.pipeline import add_suggestions

    options: dict[str, Any] = {"rubric": rubric}
    if offline:
        from coach.llm.offline import OfflineClient

        options["client"] = OfflineClient()
    return add_suggestions(okr, result, **options)
