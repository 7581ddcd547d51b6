"""What every output records: baiterek version, the input's hash, the seed, the time it was made."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from typing import Any

from baiterek._version import __version__


def input_hash(obj: Any) -> str:
    """SHA-256 of a canonical JSON form of the input (a mapping, a string or bytes), hex."""
    if isinstance(obj, bytes):
        data = obj
    elif isinstance(obj, str):
        data = obj.encode()
    else:
        data = json.dumps(obj, sort_keys=True, default=str, separators=(",", ":")).encode()
    return hashlib.sha256(data).hexdigest()


def created_utc() -> str:
    """Now (UTC, to the second), or ``SOURCE_DATE_EPOCH`` when set (reproducible outputs).

    ``SOURCE_DATE_EPOCH`` is the reproducible-builds convention (seconds since 1970, UTC):
    https://reproducible-builds.org/specs/source-date-epoch/
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def provenance(input_obj: Any = None, seed: int | None = None) -> dict[str, Any]:
    """The provenance block written into every result and file."""
    return {
        "baiterek_version": __version__,
        "input_sha256": None if input_obj is None else input_hash(input_obj),
        "seed": seed,
        "created_utc": created_utc(),
    }
