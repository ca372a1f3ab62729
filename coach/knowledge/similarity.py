"""Meaning-level similarity between two short texts, for the alignment criterion.

Why a separate module: the rubric stays importable and fast without the
embedding model; this is loaded only when a review asks for semantic alignment.
Vectors are cached per text, so an objective is embedded once for all its key
results. Returns None when the model is not installed (the check then stays
lexical), never a guess.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _embedder() -> object | None:
    try:
        from coach.knowledge.embeddings import get_embedder

        return get_embedder("minilm")
    except Exception:
        return None


@lru_cache(maxsize=16384)
def _vector(text: str) -> tuple[float, ...] | None:
    embedder = _embedder()
    if embedder is None:
        return None
    return tuple(embedder.embed([text])[0])  # type: ignore[attr-defined]


def similarity(a: str, b: str) -> float | None:
    """Cosine similarity of two texts' normalised MiniLM vectors, or None without the model."""
    va, vb = _vector(a), _vector(b)
    if va is None or vb is None:
        return None
    return float(sum(x * y for x, y in zip(va, vb)))
