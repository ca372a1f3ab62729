"""The closed registry of check types a criterion file can name (see ``base``).

Importing this package registers every check: outcome or task in ``outcome``, the other
key-result checks in ``kr``, objective and set checks in ``objective`` (outcome or project for
objectives lives in ``objective_outcome``, asked by the same check type).
"""

from coach.rubric.checks import kr, objective, outcome  # noqa: F401  (register the check types)
from coach.rubric.checks.base import (
    REGISTRY,
    CheckType,
    Outcome,
    Subject,
    evidence_for,
    find_terms,
    first_word,
    register,
    verb_matches,
)

__all__ = ["REGISTRY", "CheckType", "Outcome", "Subject", "evidence_for", "find_terms", "first_word",
           "register", "verb_matches"]
