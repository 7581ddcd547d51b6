"""Lunar-window files: CSV (one row per launch), iCalendar (the ISS windows' writer) and JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from baiterek.export.files import write_atomic, write_text_atomic
from baiterek.export.windows import windows_ics_text
from baiterek.serialize import to_jsonable

__all__ = ["write_moon_files"]


def write_moon_files(res, out_dir: str | Path, doc: dict[str, Any]) -> dict[str, str]:
    """``moon-<vehicle>-<site>-<first day>.csv/.ics/.json`` from a MoonWindows and its document."""
    out = Path(out_dir)
    records = doc["windows"]
    first = records[0]["launch_time_utc"][:10] if records else "none"
    stem = f"moon-{res.vehicle_id}-{res.site_id}-{first}"
    title = f"Lunar windows, {res.vehicle_id} from {res.site_id}"
    csv = res.to_frame().to_csv(index=False, float_format="%.6f", lineterminator="\n")
    ics = windows_ics_text(records, title, doc.get("provenance") or {})

    def write_ics(p: Path) -> None:
        p.write_bytes(ics.encode())

    paths = {
        "csv": str(write_text_atomic(out / f"{stem}.csv", csv)),
        "ics": str(write_atomic(out / f"{stem}.ics", write_ics)),
    }
    full = dict(doc)
    full["files"] = {k: Path(v).name for k, v in paths.items()}  # relative to the folder
    paths["json"] = str(
        write_text_atomic(out / f"{stem}.json", json.dumps(to_jsonable(full), indent=2) + "\n")
    )
    return paths
