"""Embedders: the hashing stand-in is deterministic; MiniLM runs offline and means something."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest

from coach.knowledge.embeddings import (
    Embedder,
    EmbedderUnavailable,
    HashingEmbedder,
    MiniLmEmbedder,
    default_embedder,
    get_embedder,
    minilm_problem,
)

needs_minilm = pytest.mark.skipif(minilm_problem() is not None, reason=str(minilm_problem()))


def _cos(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def _norm(v: list[float]) -> float:
    return math.sqrt(sum(x * x for x in v))


@pytest.fixture(scope="module")
def minilm() -> Embedder:
    return get_embedder("minilm")


def test_hashing_embedder_is_deterministic_and_normalised() -> None:
    emb = HashingEmbedder()
    a, b, empty = emb.embed(["Raise NPS from 31 to 40", "raise nps from 31 to 40", ""])
    assert len(a) == 384 and emb.dim == 384 and emb.name == "hashing"
    assert a == b  # case-insensitive tokens, no per-process hash salt
    assert abs(_norm(a) - 1.0) < 1e-9 and abs(_norm(empty) - 1.0) < 1e-9
    assert isinstance(emb, Embedder)


def test_hashing_embedder_is_stable_across_processes() -> None:
    code = (
        "from coach.knowledge.embeddings import HashingEmbedder;"
        "print(HashingEmbedder().embed(['weekly active teams'])[0][:8])"
    )
    here = HashingEmbedder().embed(["weekly active teams"])[0][:8]
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert other.strip() == str(here)


def test_get_embedder_names() -> None:
    assert isinstance(get_embedder("hashing"), HashingEmbedder)
    with pytest.raises(EmbedderUnavailable, match="unknown embedder"):
        get_embedder("word2vec")


def test_default_embedder_honours_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKR_COACH_EMBEDDER", "hashing")
    assert default_embedder().name == "hashing"


def test_missing_model_file_is_a_clear_error(tmp_path: Path) -> None:
    emb = MiniLmEmbedder(model_path=tmp_path / "missing.onnx")
    with pytest.raises(EmbedderUnavailable, match=r"missing\.onnx"):
        emb.embed(["x"])


@needs_minilm
def test_minilm_is_lazy() -> None:
    emb = MiniLmEmbedder()
    assert emb._session is None  # constructing costs nothing
    assert emb.embed([]) == []
    assert emb._session is None


@needs_minilm
def test_minilm_vectors_are_384d_normalised_and_order_preserving(minilm: Embedder) -> None:
    texts = ["short", "a much longer sentence about key results and objectives " * 3, "mid text"]
    vectors = minilm.embed(texts)
    assert len(vectors) == 3 and all(len(v) == 384 for v in vectors)
    assert all(abs(_norm(v) - 1.0) < 1e-4 for v in vectors)
    # Batching and length-sorting must not change the result for a text.
    for text, vec in zip(texts, vectors, strict=True):
        alone = minilm.embed([text])[0]
        assert _cos(alone, vec) > 0.999


@needs_minilm
def test_minilm_understands_the_question(minilm: Embedder) -> None:
    query, focus, unrelated = minilm.embed(
        [
            "how many key results",
            "Focus. Three to five key results per objective is plenty.",
            "The office kitchen is cleaned every Friday afternoon.",
        ]
    )
    assert _cos(query, focus) > _cos(query, unrelated) + 0.2


@needs_minilm
def test_minilm_truncates_long_texts(minilm: Embedder) -> None:
    long_text = "objective " * 2000  # far beyond 256 tokens: must not fail
    assert len(minilm.embed([long_text])[0]) == 384
