"""Grid arguments of the API and CLI (``--altitudes 200:2000:100`` or ``200,300,450``) parsed to floats.

Text parsing stays at the edge (the API, which the CLI passes its strings to): the performance
core takes sequences of numbers.
"""

from __future__ import annotations

import math

from baiterek.errors import InputError
from baiterek.performance.grid import MAX_POINTS


def parse_grid(text: str, field_name: str) -> tuple[float, ...]:
    """``"200:2000:100"`` (start:stop:step, stop included) or ``"200,300,450"`` -> floats."""
    s = text.strip()
    try:
        if ":" in s:
            parts = [float(x) for x in s.split(":")]
            if len(parts) != 3:
                raise ValueError
            a, b, step = parts
            if not all(math.isfinite(x) for x in parts):
                raise InputError(field_name, text, "start:stop:step of finite numbers")
            if step <= 0 or b < a:
                raise InputError(
                    field_name, text, "start:stop:step with step > 0 and stop >= start"
                )
            n = math.floor((b - a) / step + 1e-9) + 1
            if n > MAX_POINTS:
                raise InputError(field_name, text, f"at most {MAX_POINTS} points")
            vals = tuple(round(a + k * step, 9) for k in range(n))
        else:
            vals = tuple(float(x) for x in s.split(",") if x.strip())
    except ValueError:
        raise InputError(
            field_name, text, "start:stop:step (e.g. 200:2000:100) or a comma list"
        ) from None
    if not vals or not all(math.isfinite(v) for v in vals):
        raise InputError(field_name, text, "at least one finite number")
    return vals
