"""The real suggestion eval's model path, live against the scripted stand-in on loopback.

Why: no real model is reachable where this project is built, and recordings of a model's
rewrites of published lines cannot live in the project (they carry the documents' words).
So CI starts ``tests/llm_server.py:model_like`` (the deterministic stand-in for a fallible
model that the other suggestion eval records) on 127.0.0.1 and runs
``eval suggestions-real --live`` through the real path (litellm, the reply's schema,
re-asks, the gate, fallbacks) on the shared documents. The figures are the plumbing's, not
a model's quality. Exit 1 when the gate lets through an invented number or a malformed
rewrite. For a real model: ``okr-coach eval suggestions-real --half all --live [--record]``.

    .venv/bin/python evals/suggestions/real/stand_in.py
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tests"))

from llm_server import FakeLLMServer, model_like  # noqa: E402

from coach.evals.suggestions_real import run  # noqa: E402

MODEL = "openai/synthetic-stand-in"

if __name__ == "__main__":
    with FakeLLMServer(model_like) as server, tempfile.TemporaryDirectory() as report:
        os.environ.update({"OKR_COACH_MODEL": MODEL, "OKR_COACH_API_BASE": server.base_url,
                           "OKR_COACH_API_KEY": "not-needed", "OKR_COACH_CACHE": "off"})
        buffer = io.StringIO()
        code = run(buffer, half="all", live=True, report_dir=Path(report))
        print(buffer.getvalue().rstrip())
        results = json.loads((Path(report) / "suggestions-real.json").read_text(encoding="utf-8"))
    bad = {mode: (m["invented_shown"], m["malformed_shown"])
           for mode, m in ((mode, r["metrics"]) for mode, r in results.items())
           if m["invented_shown"] or m["malformed_shown"]}
    if code == 2 or bad:
        print(f"stand-in: the gate let through invented or malformed rewrites: {bad}" if bad else
              "stand-in: could not run")
        sys.exit(1 if bad else 2)
    print("stand-in: no invented number and no malformed rewrite reached the output")
