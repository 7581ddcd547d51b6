"""Checks of user-supplied values shared by every entry (mission files, API keywords, CLI flags).

Each check raises ``InputError(field, value, allowed)`` in the user's vocabulary (the caller
names the field: a flag, a keyword or a mission-file key) before any computation:

* :func:`number`: a real number (not a bool, not text), finite, inside a range;
* :func:`read_text_file`: a user's text file (mission TOML, TLE, zones, covariance): found,
  a regular file (not a folder, a device such as ``/dev/zero``, a symlink loop), not empty,
  not huge, UTF-8 text (UTF-16 and binary refused by name).
"""

from __future__ import annotations

import errno
import math
import os
import stat
from pathlib import Path
from typing import Any

from baiterek.errors import InputError

MAX_TEXT_FILE_BYTES = 20_000_000
"""Largest text input read (a mission, a TLE catalogue, a zones file): 20 MB."""


def _g(x: float) -> str:
    return f"{x:,.10g}"


def range_text(
    lo: float | None = None,
    hi: float | None = None,
    *,
    lo_open: bool = False,
    hi_open: bool = False,
    unit: str = "",
) -> str:
    """'a number from 0 to 180 deg', 'a number above 80 km', ... (what a range allows)."""
    u = f" {unit}" if unit else ""
    if lo is not None and hi is not None:
        if not lo_open and not hi_open:
            return f"a number from {_g(lo)} to {_g(hi)}{u}"
        left = "above" if lo_open else "at least"
        right = "below" if hi_open else "at most"
        return f"a number {left} {_g(lo)} and {right} {_g(hi)}{u}"
    if lo is not None:
        return f"a number {'above' if lo_open else 'at least'} {_g(lo)}{u}"
    if hi is not None:
        return f"a number {'below' if hi_open else 'at most'} {_g(hi)}{u}"
    return f"a finite number{u}"


def number(
    value: Any,
    field: str,
    lo: float | None = None,
    hi: float | None = None,
    *,
    lo_open: bool = False,
    hi_open: bool = False,
    unit: str = "",
    integer: bool = False,
) -> float:
    """``value`` as a float, refused unless a finite real number inside the range given."""
    allowed = range_text(lo, hi, lo_open=lo_open, hi_open=hi_open, unit=unit)
    if integer:
        allowed = allowed.replace("a number", "a whole number", 1)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(field, _short(value), allowed)
    try:
        x = float(value)
    except OverflowError:  # an int too large for a float
        raise InputError(field, _short(value), allowed) from None
    if not math.isfinite(x):
        raise InputError(field, x, allowed, "not a finite number")
    if integer and x != int(x):
        raise InputError(field, x, allowed)
    bad_lo = lo is not None and (x <= lo if lo_open else x < lo)
    bad_hi = hi is not None and (x >= hi if hi_open else x > hi)
    if bad_lo or bad_hi:
        raise InputError(field, x, allowed)
    return x


def _short(value: Any) -> Any:
    """A value as an error message shows it: numbers and text cut to 60 characters."""
    if isinstance(value, (dict, list, tuple)):
        return "(table)" if isinstance(value, dict) else "(array)"
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) >= 10**30:
            return f"an integer of {len(str(abs(value))) if abs(value) < 10**4000 else 'over 4,000'} digits"
        return value
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def read_text_file(path: Any, field: str, what: str = "a text file") -> str:
    """The UTF-8 text of a user's file, or ``InputError(field, path, what)`` saying why not."""
    if not isinstance(path, (str, os.PathLike)):
        raise InputError(field, _short(path), f"{what} (a path)")
    text_path = os.fspath(path)
    if isinstance(text_path, bytes) or "\x00" in text_path:
        raise InputError(field, repr(text_path), f"{what} (a path without a NUL character)")
    if text_path.strip() == "":
        raise InputError(field, text_path, f"{what} (a path, not empty)")
    p = Path(text_path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise InputError(field, text_path, what, "not found") from None
    except NotADirectoryError:
        raise InputError(
            field, text_path, what, "a part of the path is a file, not a folder"
        ) from None
    except OSError as exc:
        reason = {
            errno.ELOOP: "a symbolic link loop",
            errno.ENAMETOOLONG: "the name is too long",
            errno.EACCES: "you may not read it",
        }.get(exc.errno or 0, exc.strerror or "unreadable")
        raise InputError(field, text_path, what, reason) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(field, text_path, what, "it is a folder")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(field, text_path, what, "a device or a pipe, not a regular file")
    if st.st_size == 0:
        raise InputError(field, text_path, what, "the file is empty")
    if st.st_size > MAX_TEXT_FILE_BYTES:
        raise InputError(
            field, text_path, what, f"{st.st_size:,} bytes; at most {MAX_TEXT_FILE_BYTES:,}"
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(field, text_path, what, exc.strerror or "unreadable") from None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) > 1 and data[1:2] == b"\x00"):
        raise InputError(field, text_path, f"{what} in UTF-8", "this file looks like UTF-16")
    if b"\x00" in data:
        raise InputError(field, text_path, what, "binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            field, text_path, f"{what} in UTF-8", f"byte {exc.start} is not UTF-8"
        ) from None
    if text.strip() == "":
        raise InputError(field, text_path, what, "the file holds only blank space")
    return text
