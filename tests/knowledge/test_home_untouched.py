"""Nothing is written outside OKR_COACH_HOME: not by us, not by onnxruntime, chromadb or tokenizers.

Why a subprocess with its own HOME: onnxruntime decides at import whether to keep telemetry
files (a device id and an event queue under ``~/.cache/Microsoft/DeveloperTools``), once per
process, and the test process may have imported it already.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach.knowledge.embeddings import minilm_problem
from coach.knowledge.search import has_vector_store

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "team-draft.md"
# What the caller's environment may carry that would hide what the libraries do by default.
SCRUBBED = ("ORT_DISABLE_TELEMETRY", "MPLCONFIGDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
            "HF_HOME", "OKR_COACH_MODEL", "OKR_COACH_CHROMA_URL", "OKR_COACH_EMBEDDER")


def okr_coach(args: list[str], home: Path, coach_home: Path,
              **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    env.update({"HOME": str(home), "OKR_COACH_HOME": str(coach_home), **extra})
    return subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True, text=True, env=env,
                          cwd=REPO, timeout=600, check=False)


def written(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.skipif(minilm_problem() is not None, reason=str(minilm_problem()))
def test_review_with_the_embedding_model_writes_nothing_under_home(tmp_path: Path) -> None:
    home, coach_home = tmp_path / "home", tmp_path / "coach-home"
    home.mkdir()
    proc = okr_coach(["review", str(EXAMPLE), "--semantic-alignment", "--format", "json"], home, coach_home)
    assert proc.returncode == 1, proc.stderr  # the example fails on purpose
    assert written(home) == [], f"written under HOME: {written(home)}"
    assert coach_home.is_dir()


@pytest.mark.skipif(not has_vector_store(), reason="chromadb is not installed")
def test_kb_build_and_ask_write_nothing_under_home(tmp_path: Path) -> None:
    """The index (chromadb, tokenizers) with the hashing embedder, so the test stays fast; the
    embedding model's own files are covered by the review above (the same loader)."""
    home, coach_home = tmp_path / "home", tmp_path / "coach-home"
    home.mkdir()
    build = okr_coach(["kb", "build"], home, coach_home, OKR_COACH_EMBEDDER="hashing")
    assert build.returncode == 0, build.stderr
    assert "okr-coach: kb build: read " in build.stderr and "index ready" in build.stderr
    asked = okr_coach(["ask", "how many key results", "--format", "json"], home, coach_home,
                      OKR_COACH_EMBEDDER="hashing")
    assert asked.returncode == 0, asked.stderr
    assert '"engine": "hybrid"' in asked.stdout
    assert written(home) == [], f"written under HOME: {written(home)}"
    assert (coach_home / "kb" / "chroma").is_dir()


@pytest.mark.skipif(minilm_problem() is not None or not has_vector_store(), reason="needs the kb extra")
def test_the_model_under_the_index_writes_nothing_under_home(tmp_path: Path) -> None:
    """onnxruntime loaded on the index's path (chromadb imported first), not the review's."""
    home, coach_home = tmp_path / "home", tmp_path / "coach-home"
    home.mkdir()
    fixtures = str(REPO / "tests" / "fixtures" / "kb")
    code = ("from pathlib import Path\n"
            "from coach.knowledge.index import KnowledgeIndex\n"
            "from coach.knowledge.embeddings import get_embedder\n"
            f"idx = KnowledgeIndex(docs_root=Path({fixtures!r}), embedder=get_embedder('minilm'))\n"
            "print(idx.search('NPS', k=1)[0].id)\n")
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    env.update({"HOME": str(home), "OKR_COACH_HOME": str(coach_home)})
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO,
                          timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "kpis#using-nps-as-a-key-result"
    assert written(home) == [], f"written under HOME: {written(home)}"
