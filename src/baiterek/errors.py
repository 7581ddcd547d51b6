"""Errors a user can cause. The CLI turns each into one message and exit code 2."""

from __future__ import annotations

import math
from typing import Any


class BaiterekError(Exception):
    """Base of every error baiterek reports to a user (never a traceback)."""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": type(self).__name__, "message": str(self)}


class InputError(BaiterekError):
    """A field of the user's input has a value that is not allowed.

    The message names the field, the value and what is allowed.
    """

    def __init__(self, field: str, value: Any, allowed: str, detail: str = "") -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        self.detail = detail
        if detail == "not found":  # a missing file is not "not allowed"
            msg = f"{field} = {value!r} was not found: {allowed} is needed"
        else:
            msg = f"{field} = {value!r} is not allowed: {allowed}"
            if detail:
                msg += f" ({detail})"
        super().__init__(msg)

    def __reduce__(self) -> Any:  # picklable: an error raised in a worker process reaches the user
        return (type(self), (self.field, self.value, self.allowed, self.detail))

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        d.update(field=self.field, value=_jsonable(self.value), allowed=self.allowed)
        return d


class InfeasibleError(BaiterekError):
    """A physically impossible request (too heavy, unreachable orbit), with the limit."""

    def __init__(self, message: str, limit: dict[str, Any] | None = None) -> None:
        self.limit = dict(limit or {})
        self.message = message
        super().__init__(message)

    def __reduce__(self) -> Any:
        return (type(self), (self.message, self.limit))

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        d["limit"] = {k: _jsonable(v) for k, v in self.limit.items()}
        return d


class ConvergenceError(BaiterekError):
    """A numerical method did not converge; the message says why."""


def refuse_unused(given: dict[str, Any], why: str) -> None:
    """Raise ``InputError`` for the first key of ``given``: a value the user gave that the
    chosen mode would ignore (``why`` says with what), so nothing is silently dropped."""
    for key, value in given.items():
        raise InputError(key, value, f"not used {why}")


def _jsonable(v: Any) -> Any:
    """A value as JSON takes it: NaN and infinities as text ('nan', 'inf'), since JSON has no
    such numbers (json.dumps would write a document other readers refuse)."""
    if isinstance(v, float) and not math.isfinite(v):
        return repr(v)
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 10**4000:
        return "(an integer of over 4,000 digits)"
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return repr(v)
