"""``okr-coach rubrics packs|list|show|check|schema``: the packs, their criteria, and checking a pack."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from coach.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError


def configure(rb: argparse.ArgumentParser) -> None:
    rb_sub = rb.add_subparsers(dest="action", required=True)

    def action(name: str, text: str) -> argparse.ArgumentParser:
        return rb_sub.add_parser(name, help=text, description=text)  # --help shows it too
    action("packs", "every pack a name can reach (bundled and OKR_COACH_RUBRICS)")
    listing = action("list", "every criterion of a pack")
    listing.add_argument("--pack", default=None, help="pack name or folder (default: okr-core)")
    show = action("show", "one criterion as YAML")
    show.add_argument("name", help="criterion id, e.g. kr-measurable")
    show.add_argument("--pack", default=None, help="pack name or folder (default: okr-core)")
    check = action("check", "validate a pack and run its examples")
    check.add_argument("path", nargs="?", help="pack folder or name (default: every pack a name reaches)")
    action("schema", "print the JSON Schema of rubric files")
    rb.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.action == "schema":
        from coach.rubric.schema import export_schema

        print(json.dumps(export_schema(), indent=2))
        return EXIT_OK
    if args.action == "packs":
        return _packs()
    if args.action == "check":
        return _check(args.path)
    from coach.service.review import rubric_for

    rubric = rubric_for(args.pack)
    if args.action == "list":
        for c in rubric.criteria:
            print(f"{c.id:<40} {c.applies_to:<11} {c.level:<10} w={c.weight:<4} {c.name}")
        return EXIT_OK
    try:
        c = rubric.get(args.name)
    except KeyError:
        raise UsageError(f"no criterion '{args.name}' in {rubric.pack.name} (see 'okr-coach rubrics list')") \
            from None
    import yaml

    data = {"id": c.id, "name": c.name, "applies_to": c.applies_to, "check": c.check, "params": c.params,
            "level": c.level, "weight": c.weight, "message": c.message, "fix": c.fix, "guidance": c.guidance,
            "why": c.why, "examples": {"pass": c.examples.passing, "fail": c.examples.failing}}
    print(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return EXIT_OK


def _packs() -> int:
    from coach.rubric.packs import pack_names
    from coach.service.review import rubric_for

    for name in pack_names():
        rubric = rubric_for(name)
        base = f" (extends {rubric.pack.extends})" if rubric.pack.extends else ""
        print(f"{name:<16} {rubric.pack.version:<6} {len(rubric.criteria):>2} criteria{base}: "
              f"{rubric.pack.description.strip()}")
    return EXIT_OK


def _check(target: str | None) -> int:
    """Check one pack, or with no target every pack a name can reach; exit 1 if any fails."""
    if target:
        return _check_one(target)
    from coach.rubric.packs import pack_names

    codes = [_check_one(name) for name in pack_names()]
    return max(codes, default=EXIT_OK)


def _check_one(target: str) -> int:
    """Validate every file of a pack (and its bases), its 'why' passages, then run its examples."""
    from coach.rubric.examples import run_examples
    from coach.rubric.model import RubricError
    from coach.rubric.packs import PackNotFound, compile_pack, find_pack

    try:
        root = Path(target).resolve() if Path(target).is_dir() else find_pack(target)
        rubric = compile_pack(root, strict=False)
    except PackNotFound as exc:
        raise UsageError(str(exc)) from None
    except RubricError as exc:
        for file, reason in exc.problems:
            print(f"{file}: {reason}", file=sys.stderr)
        return EXIT_USAGE
    for file, reason in rubric.problems:
        print(f"{file}: {reason}", file=sys.stderr)
    if rubric.problems:
        return EXIT_FAILED
    failures = run_examples(rubric)
    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"{rubric.pack.name} {rubric.pack.version}: {len(rubric.criteria)} criteria, "
          f"{'all examples behave' if not failures else f'{len(failures)} examples misbehave'}")
    return EXIT_FAILED if failures else EXIT_OK
