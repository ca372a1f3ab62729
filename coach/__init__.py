"""okr-coach: a deterministic, explainable reviewer and coach for OKRs."""

__version__ = "0.1.0"
