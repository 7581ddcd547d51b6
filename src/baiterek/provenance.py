"""What every output records: baiterek version, the input's hash, the seed, the time it was made."""

from __future__ import annotations

import hashlib
import json
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


def provenance(input_obj: Any = None, seed: int | None = None) -> dict[str, Any]:
    """The provenance block written into every result and file."""
    return {
        "baiterek_version": __version__,
        "input_sha256": None if input_obj is None else input_hash(input_obj),
        "seed": seed,
        "created_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
