"""A base for small slotted record classes: equality, repr and copy-with-changes from ``__slots__``.

Why not ``dataclasses``: importing it (it pulls in ``inspect``, ``ast`` and ``dis``) and
generating each class's methods costs ~25 ms, a quarter of ``okr-coach review``'s whole
start-up budget. The classes on the review path therefore write their ``__init__`` by hand
(explicit and the fastest to call) and inherit the rest from here.
"""

from __future__ import annotations

from typing import Any, TypeVar

R = TypeVar("R", bound="Record")


class Record:
    __slots__: tuple[str, ...] = ()

    def __eq__(self, other: object) -> bool:
        if type(self) is not type(other):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    __hash__ = None  # type: ignore[assignment]  # mutable records are not hashable

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"

    def replace(self: R, **changes: Any) -> R:
        """A shallow copy with some fields changed (``dataclasses.replace`` for records)."""
        values = {name: getattr(self, name) for name in self.__slots__}
        values.update(changes)
        return type(self)(**values)

    def as_dict(self) -> dict[str, Any]:
        """Fields by name (shallow)."""
        return {name: getattr(self, name) for name in self.__slots__}
