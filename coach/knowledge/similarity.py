"""Meaning-level similarity of two short texts: the cosine of their MiniLM vectors.

Why one module: the alignment check and the rewrite gate both ask "do these two lines mean
nearly the same thing?"; they must get the same answer from the same model. Vectors are
cached per text (an objective is embedded once for all its key results), and the model
is loaded on first use only. Without the model, ``similarity`` returns None, never a guess.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache

Similarity = Callable[[str, str], float]
_LOCK = threading.Lock()  # one ONNX session shared by the threads of a server or a suggestion run


@lru_cache(maxsize=1)
def _embedder() -> object | None:
    try:
        from coach.knowledge.embeddings import get_embedder, minilm_problem

        if minilm_problem() is not None:
            return None
        return get_embedder("minilm")
    except Exception:
        return None


@lru_cache(maxsize=16384)
def _vector(text: str) -> tuple[float, ...] | None:
    embedder = _embedder()
    if embedder is None:
        return None
    with _LOCK:
        return tuple(embedder.embed([text])[0])  # type: ignore[attr-defined]


def available() -> bool:
    """Whether the embedding model can run here (the kb extra and its model are installed)."""
    return _embedder() is not None


def similarity(a: str, b: str) -> float | None:
    """Cosine similarity of two texts' normalised MiniLM vectors, or None without the model."""
    va, vb = _vector(a), _vector(b)
    if va is None or vb is None:
        return None
    return float(sum(x * y for x, y in zip(va, vb)))


def context_similarity(text: str, context: list[str]) -> float | None:
    """How close ``text`` is to a context (an objective, then its other key results): the
    larger of its cosine with the first and with the mean of all; None without the model.

    Why both: a key result may echo its objective or only its siblings' subject; on the
    calibration pairs the larger of the two separates own from foreign objectives best.
    """
    vt = _vector(text)
    vectors = [v for v in map(_vector, context) if v is not None]
    if vt is None or not vectors:
        return None
    mean = [sum(col) / len(vectors) for col in zip(*vectors, strict=True)]
    norm = sum(x * x for x in mean) ** 0.5
    to_mean = float(sum(x * y for x, y in zip(vt, mean, strict=True)) / norm) if norm else 0.0
    return max(to_mean, float(sum(x * y for x, y in zip(vt, vectors[0], strict=True))))


def minilm_similarity() -> Similarity | None:
    """``similarity`` as a function that always answers, or None when the model is missing."""
    if not available():
        return None

    def cosine(a: str, b: str) -> float:
        return similarity(a, b) or 0.0

    return cosine
