"""With a model configured, a short conversational reply to a wrong attempt, grounded in the
exercise's guidance passages; offline, nothing (the deterministic feedback stands alone).

Why through ``answer_question``: it already does what this needs and is tested against
lying and injected replies: the learner's words go in as fenced data, the reply must cite
only the passages it was given, carry no links or instructions, and get one re-ask. A reply
that fails is dropped, never shown.
"""

from __future__ import annotations

from typing import Any

from coach.tutor.curriculum import Exercise


def coach_reply(exercise: Exercise, answer: str, feedback: str, client: Any = None) -> str | None:
    """Two to five sentences for a learner who got ``exercise`` wrong, or None."""
    from coach.knowledge.docs import all_passages, load_documents
    from coach.llm.answer import answer_question
    from coach.llm.client import OFFLINE, make_client

    client = client or make_client()
    if client.model == OFFLINE:
        return None
    wanted = set(exercise.passages)
    hits = [p for p in all_passages(load_documents()) if p.id in wanted]
    shown = exercise.text or exercise.draft or ""
    question = (f"A learner practising OKRs was asked: {exercise.prompt} {shown}\n"
                f"They answered: {answer[:600]}\nThe tutor said: {feedback}\n"
                "In a friendly tone, explain what they missed and how to think about it next time.")
    reply = answer_question(question, hits, client)
    return reply.text
