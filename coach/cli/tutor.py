"""``okr-coach tutor [--lesson ID] [--list] [--check]``: practise writing and judging OKRs.

Why stdin lines: the tutor is a conversation, but a trainer's script or a test must be able
to drive it. It reads one answer per line (a set for a "build" exercise: lines until one
with a single "."), so ``okr-coach tutor < answers.txt`` works as well as a person typing.
"?" asks for the next hint, "skip" shows the worked answer and moves on.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from coach.cli import EXIT_FAILED, EXIT_OK


def configure(t: argparse.ArgumentParser) -> None:
    t.add_argument("--lesson", help="the lesson to practise (default: the whole course)")
    t.add_argument("--list", action="store_true", help="list the lessons and their exercises")
    t.add_argument("--check", action="store_true",
                   help="check every exercise against the rubric engine (for curriculum authors)")
    t.set_defaults(func=run)


def _read_answer(kind: str, stream: TextIO) -> str | None:
    if kind != "build":
        line = stream.readline()
        return None if line == "" else line.rstrip("\n")
    lines: list[str] = []
    while True:
        line = stream.readline()
        if line == "":
            return "\n".join(lines) if lines else None
        if line.strip() == ".":
            return "\n".join(lines)
        lines.append(line.rstrip("\n"))


def _show(exercise: object, number: int, out: TextIO) -> None:
    from coach.tutor.curriculum import Exercise

    assert isinstance(exercise, Exercise)
    out.write(f"\n[{number}] {exercise.prompt}\n")
    if exercise.text:
        out.write(f"    {exercise.text}\n")
    if exercise.draft:
        out.write("".join(f"    {line}\n" for line in exercise.draft.strip().splitlines()))
    for i, choice in enumerate(exercise.shown_choices, start=1):
        out.write(f"  {i}. {choice}\n")
    if exercise.kind == "build":
        out.write("  (write the set; end with a line holding a single '.')\n")
    out.write("> ")
    out.flush()


def run(args: argparse.Namespace) -> int:
    from coach.tutor.curriculum import check_curriculum, load_lessons
    from coach.tutor.session import Session

    lessons = load_lessons()
    if args.list:
        for lesson in lessons:
            kinds = sorted({e.kind for e in lesson.exercises})
            print(f"{lesson.id:28} {len(lesson.exercises):3} exercises ({', '.join(kinds)}): {lesson.title}")
        return EXIT_OK
    if args.check:
        problems = check_curriculum(lessons)
        for exercise_id, problem in problems:
            print(f"{exercise_id}: {problem}")
        count = sum(len(lesson.exercises) for lesson in lessons)
        print(f"{count} exercises in {len(lessons)} lessons; {len(problems)} problems", file=sys.stderr)
        return EXIT_FAILED if problems else EXIT_OK
    session = Session(lessons, args.lesson)
    out, stream = sys.stdout, sys.stdin
    number = 0
    while session.current is not None:
        exercise = session.current
        number += 1
        _show(exercise, number, out)
        while True:
            answer = _read_answer(exercise.kind, stream)
            if answer is None:  # end of input: say where the learner stands
                _summary(session, out)
                return EXIT_OK
            if answer.strip() == "?":
                out.write(f"  hint: {session.ask_hint()}\n> ")
                out.flush()
                continue
            if answer.strip().lower() == "skip":
                out.write(f"\n{session.skip()}\n")
                break
            step = session.answer(answer)
            verdict = step.verdict
            out.write(f"\n{'✔' if verdict.correct else '✘'} score {verdict.score:.2f}: {verdict.feedback}\n")
            if verdict.marked and not verdict.correct:
                out.write(f"  your words: {verdict.marked}\n")
            if not verdict.correct:
                from coach.tutor.coach_reply import coach_reply

                reply = coach_reply(exercise, answer, verdict.feedback)
                if reply:
                    out.write(f"  coach: {reply}\n")
            if step.hint:
                out.write(f"  hint: {step.hint}\n> ")
                out.flush()
            if step.reveal:
                out.write(f"  {step.reveal}\n")
            if step.done:
                break
    _summary(session, out)
    return EXIT_OK


def _summary(session: object, out: TextIO) -> None:
    from coach.tutor.session import Session

    assert isinstance(session, Session)
    p = session.progress()
    out.write(f"\nAnswered {p['answered']}, right first time {p['right_first_time']}, score {p['score']}; "
              f"{p['left']} left.")
    if p["to_practise"]:
        out.write(" To practise: " + ", ".join(p["to_practise"]) + ".")
    out.write("\n")
