"""``okr-coach ask "QUESTION"``: the guidance passages that answer it, and with a model a grounded answer.

The passages come from the one search every face uses (hybrid where the kb extra is
installed, word-match otherwise, scores on one 0..1 scale). The model only adds a summary
above them, so a failing model costs the summary, never the passages.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import TYPE_CHECKING, Any, TextIO

from coach.cli import EXIT_OK, UsageError

if TYPE_CHECKING:
    from coach.knowledge.search import SearchHit
    from coach.llm.answer import Answer


def configure(ask: argparse.ArgumentParser) -> None:
    ask.add_argument("question", help="what you want to know, e.g. 'how many key results?'")
    ask.add_argument("-k", type=int, default=3, help="how many passages (default 3)")
    ask.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    ask.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return ask(args.question, args.k, args.format, sys.stdout)


def _model_answer(question: str, hits: list[SearchHit]) -> Answer | None:
    """The configured model's grounded answer, or None when no model is configured."""
    from coach.llm.client import OFFLINE, LLMConfig, make_client

    config = LLMConfig.from_env()
    if config.model is None or config.model == OFFLINE:
        return None
    from coach.llm.answer import answer_question
    from coach.llm.cache import ReplyCache

    answer = answer_question(question, hits, make_client(config), ReplyCache() if config.cache else None)
    for note in answer.notes:
        print(f"okr-coach: {note}", file=sys.stderr)
    return answer


def ask(question: str, k: int, fmt: str, out: TextIO) -> int:
    """Print the passages that best answer ``question``, and above them a model's answer if any."""
    from coach.knowledge.docs import excerpt
    from coach.knowledge.search import Searcher, is_expected_error

    if not question or not question.strip():
        raise UsageError('ask needs a question, e.g. okr-coach ask "how many key results?"')
    if k < 1:
        raise UsageError("-k must be at least 1")
    if fmt not in ("text", "json"):
        raise UsageError(f"unknown format {fmt!r} (choose text or json)")
    searcher = Searcher()
    try:
        engine, hits = searcher.search(question.strip(), k=k)
    except Exception as exc:
        if not is_expected_error(exc):
            raise
        raise UsageError(str(exc)) from None
    if searcher.note:
        print(f"okr-coach: {searcher.note}", file=sys.stderr)
    answer = _model_answer(question.strip(), hits)
    if fmt == "json":
        payload: dict[str, Any] = {"question": question.strip(), "engine": engine}
        if answer is not None:  # key present only with a model, so offline JSON is unchanged
            payload["answer"] = None if answer.text is None else {
                "text": answer.text, "sources": answer.sources, "origin": answer.origin}
        payload["hits"] = [h.summary() for h in hits]
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if not hits:
        out.write("No guidance found.\n")
        return EXIT_OK
    if answer is not None and answer.text is not None:
        out.write(f"Answer ({answer.origin}):\n")
        out.writelines(f"  {line}\n" for line in textwrap.wrap(answer.text, 88))
        out.write(f"  Sources: {', '.join(answer.sources) or 'none'}\n\n")
    for rank, h in enumerate(hits, start=1):
        where = f"{h.title} › {h.heading}" if h.heading else h.title
        out.write(f"{rank}. {where}  [{h.id}]  score {h.score:.3f}\n")
        out.write(f"   {excerpt(h.text)}\n\n")
    return EXIT_OK
