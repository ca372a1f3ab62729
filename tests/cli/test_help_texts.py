"""Every option of every command says what it does in --help (issue 14: options had none)."""

from __future__ import annotations

import argparse

from coach.cli import build_parser


def _undocumented(parser: argparse.ArgumentParser, path: tuple[str, ...]) -> list[str]:
    missing = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if not (sub.description or "").strip():
                    missing.append(" ".join((*path, name)))
                missing += _undocumented(sub, (*path, name))
        elif action.dest != "help" and not (action.help or "").strip():
            missing.append(" ".join((*path, *(action.option_strings or [action.dest]))))
    return missing


def test_every_command_and_option_has_a_help_text() -> None:
    assert _undocumented(build_parser(), ("okr-coach",)) == []
