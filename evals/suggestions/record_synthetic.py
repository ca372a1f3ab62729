"""Re-record ``recorded/openai-synthetic-reference.json`` (run from the repository root).

Why synthetic: no real model is reachable where this project is built. The replies come
from ``tests/llm_server.py:model_like``, a deterministic stand-in that answers like a
fallible model (reworded rewrites, some invented numbers, some obeyed injections, some
malformed first replies), served over HTTP and recorded through the real ``--live
--record`` path (litellm, validation, re-asks). Replaying them in CI checks that the gate
stops every bad reply. Record a real model the same way with OKR_COACH_MODEL set:
``okr-coach eval suggestions --live --record``.

    .venv/bin/python evals/suggestions/record_synthetic.py
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from llm_server import FakeLLMServer, model_like  # noqa: E402

from coach.evals.suggestions import run  # noqa: E402

MODEL = "openai/synthetic-reference"
NOTE = ("Synthetic replies from tests/llm_server.py:model_like (a scripted stand-in for a fallible "
        "model), recorded over HTTP via `eval suggestions --live --record`; not a real model.")

if __name__ == "__main__":
    with FakeLLMServer(model_like) as server:
        os.environ.update({"OKR_COACH_MODEL": MODEL, "OKR_COACH_API_BASE": server.base_url,
                           "OKR_COACH_API_KEY": "not-needed", "OKR_COACH_CACHE": "off"})
        run(sys.stdout, live=True, record=True)
    path = ROOT / "evals" / "suggestions" / "recorded" / "openai-synthetic-reference.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data = {"model": data["model"], "note": NOTE, "recorded_at": data["recorded_at"], "cases": data["cases"]}
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
