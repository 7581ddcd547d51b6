"""What every API result shares: a frozen JSON document, a short repr, a text summary."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from baiterek.serialize import to_jsonable

MAX_REPR_LINES = 15

DataFrame = Any
"""A pandas DataFrame (pandas ships no type information and pandas-stubs is not a dependency)."""


def frame(records: Any, columns: list[str] | None = None) -> DataFrame:
    """A pandas DataFrame from records (pandas loads here, not at import)."""
    import pandas as pd  # type: ignore[import-untyped]

    return pd.DataFrame(records, columns=columns)


def freeze_doc(doc: Any) -> str:
    """The JSON text of a document (the form kept inside a result, so it cannot change)."""
    return json.dumps(to_jsonable(doc))


def fmt(value: Any, spec: str = ",.1f", unit: str = "") -> str:
    """A number for a headline ('n/a' for None or NaN), with its unit."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    text = (
        format(no_negative_zero(value, spec), spec)
        if isinstance(value, (int, float))
        else str(value)
    )
    return f"{text} {unit}".rstrip()


def no_negative_zero(value: float, spec: str) -> float:
    """``value`` rounded as ``spec`` ('.2f', '8.1f', ',.0f') prints it, with -0.0 made 0.0 (a tiny
    negative axial load printed '-0.00 g')."""
    m = re.search(r"\.(\d+)f", spec)
    if m is None or not isinstance(value, float) or not math.isfinite(value):
        return value
    return round(value, int(m.group(1))) + 0.0


class ResultMixin:
    """``to_json`` from the frozen ``_json`` text; ``__repr__`` from ``headline()``.

    Subclasses are frozen slotted dataclasses with a ``_json: str`` field and a ``headline()``
    returning the headline lines (numbers with units); ``summary()`` adds ``details()``.
    """

    __slots__ = ()
    _json: str

    def to_json(self) -> dict[str, Any]:
        """The document ``baiterek <command> --json`` prints (without the written files)."""
        doc: dict[str, Any] = json.loads(self._json)
        return doc

    def headline(self) -> list[str]:  # pragma: no cover - every result overrides it
        raise NotImplementedError

    def details(self) -> list[str]:
        return []

    def summary(self) -> str:
        """A human-readable multi-line text: the headline, then the details."""
        return "\n".join([*self.headline(), *self.details()])

    def _frame_lines(self) -> list[str]:
        text: str = self.to_frame().to_string(index=False)
        return text.splitlines()

    def to_frame(self) -> DataFrame:  # pragma: no cover - every result overrides it
        raise NotImplementedError

    def __repr__(self) -> str:
        lines = self.headline()
        if len(lines) > MAX_REPR_LINES - 1:
            lines = [*lines[: MAX_REPR_LINES - 2], "  ..."]
        return f"<{type(self).__name__}\n" + "\n".join(f"  {x}" for x in lines) + ">"
