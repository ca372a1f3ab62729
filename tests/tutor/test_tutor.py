"""The tutor: a curriculum the rubric agrees with, grading by the engine, hints that build up,
missed concepts that come back, and a terminal face a script can drive."""

from __future__ import annotations

import io
import re
import sys

import pytest
import yaml

from coach.paths import data_dir
from coach.tutor.curriculum import Lesson, check_curriculum, load_lessons
from coach.tutor.grading import grade
from coach.tutor.session import Session

GUIDE = (data_dir("tutor") / "GUIDE.md").read_text(encoding="utf-8")


def _example() -> Lesson:
    """The lesson written out in tutor/GUIDE.md (so the guide's example is tested too)."""
    data = yaml.safe_load(re.search(r"```yaml\n(.*?)```", GUIDE, re.S).group(1))  # type: ignore[union-attr]
    return Lesson.model_validate(data)


def test_the_course_has_ten_lessons_and_eighty_exercises_the_engine_agrees_with() -> None:
    lessons = load_lessons()
    exercises = [e for lesson in lessons for e in lesson.exercises]
    assert len(lessons) >= 10 and len(exercises) >= 80
    assert {e.kind for e in exercises} == {"classify", "spot", "rewrite", "build", "scenario"}
    assert check_curriculum(lessons) == []


def test_the_guide_example_holds_up() -> None:
    assert check_curriculum([_example()]) == []


def test_a_rewrite_is_graded_by_the_engine_with_the_learners_words_marked() -> None:
    rewrite = next(e for e in _example().exercises if e.kind == "rewrite")
    wrong = grade(rewrite, "Launch the revamped onboarding checklist")
    assert not wrong.correct and wrong.score == 0.0 and "[[Launch]]" in wrong.marked
    slip = grade(rewrite, "Raise the share of new teams who finish setup in week one from 30% to 55% "
                          "by 30 September")
    assert not slip.correct and slip.score == 0.5 and "onboarding" in slip.feedback  # the subject was lost
    right = grade(rewrite, "Raise the share of new teams who complete onboarding in week one from 30% to 60% "
                           "by 30 September")
    assert right.correct and right.score == 1.0


def test_hints_build_up_and_a_missed_concept_comes_back() -> None:
    lesson = _example()
    session = Session([lesson])
    first = session.current
    assert first is not None and first.kind == "classify"
    step = session.answer("outcome")
    assert not step.done and step.hint == first.hints[0]
    step = session.answer("output")
    assert not step.done and step.hint is not None and "From the guidance" in step.hint
    step = session.answer("3")  # by number: the third choice, still wrong
    assert step.done and step.reveal is not None and "The answer: task" in step.reveal
    queued = [e.id for e in session.queue]
    assert queued.count("oo-spot-1") == 1  # same concept: the spot exercise is already on its way
    assert session.progress()["to_practise"] == ["outcome-vs-task"]
    assert session.answer("kr-outcome").done and session.scores["oo-spot-1"] == 1.0


def test_the_terminal_tutor_reads_answers_from_stdin(monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from coach.cli import main

    lesson = load_lessons()[0]
    first = lesson.exercises[0]
    answer = first.answer if first.answer else "skip"
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{answer}\n"))
    assert main(["tutor", "--lesson", lesson.id]) == 0
    out = capsys.readouterr().out
    assert first.prompt in out and ("✔" in out or "A good answer" in out)
    assert "Answered 1" in out
    assert main(["tutor", "--lesson", "no-such-lesson"]) == 2


def test_asking_for_hints_goes_from_the_hint_to_the_guidance_to_the_worked_answer() -> None:
    session = Session([_example()])
    first = session.current
    assert first is not None
    assert session.ask_hint() == first.hints[0]
    assert "From the guidance" in session.ask_hint()
    assert session.ask_hint().startswith("The answer: task")


def test_a_scripted_terminal_session_completes_a_lesson_with_right_and_wrong_answers(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Every other exercise is first answered wrongly, then rightly; the tutor's path is the
    same for the CLI as for a Session driven the same way, so the script is computed here."""
    from coach.cli import main

    lessons = load_lessons()
    lesson = lessons[1]

    def right(e: object) -> str:
        from coach.tutor.curriculum import Exercise

        assert isinstance(e, Exercise)
        return e.answer if e.kind in ("classify", "spot", "scenario") else (e.model_answer or "")

    def wrong(e: object) -> str:
        from coach.tutor.curriculum import Exercise

        assert isinstance(e, Exercise)
        if e.kind in ("classify", "spot", "scenario"):
            return next(c for c in e.choices if c != e.answer)
        return "Launch it" if e.kind == "rewrite" else "Objective: Do things\n- Work hard"

    def lines(e: object, text: str) -> list[str]:
        from coach.tutor.curriculum import Exercise

        assert isinstance(e, Exercise)
        return text.splitlines() + (["."] if e.kind == "build" else [])

    session = Session(lessons, lesson.id)
    script: list[str] = []
    n = 0
    while session.current is not None:
        e = session.current
        if n % 2 == 0:
            script += lines(e, wrong(e))
            session.answer(wrong(e))
        script += lines(e, right(e))
        session.answer(right(e))
        n += 1
    expected = session.progress()
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(script) + "\n"))
    assert main(["tutor", "--lesson", lesson.id]) == 0
    out = capsys.readouterr().out
    assert out.count("✘") >= n // 2 and out.count("✔") == n and "hint:" in out
    assert f"Answered {expected['answered']}, right first time {expected['right_first_time']}" in out
    assert expected["answered"] > len(lesson.exercises)  # missed concepts came back from other lessons
    assert "To practise:" in out


def test_with_a_model_a_wrong_attempt_gets_a_grounded_reply_and_a_bad_reply_is_dropped() -> None:
    import json

    from coach.llm.offline import OfflineClient
    from coach.llm.scripted import ScriptedClient
    from coach.tutor.coach_reply import coach_reply

    exercise = _example().exercises[0]
    passage = exercise.passages[0]
    good = ScriptedClient([json.dumps({"answer": "Sending emails is work; ask what changes for the trial "
                                                 "accounts once they arrive.", "sources": [passage]})])
    reply = coach_reply(exercise, "outcome", "Not quite.", client=good)
    assert reply is not None and "trial accounts" in reply
    assert "They answered: outcome" in good.requests[0].messages[-1]["content"]
    lying = ScriptedClient([json.dumps({"answer": "See http://x.example", "sources": ["made-up#id"]})] * 2)
    assert coach_reply(exercise, "outcome", "Not quite.", client=lying) is None
    assert coach_reply(exercise, "outcome", "Not quite.", client=OfflineClient()) is None
