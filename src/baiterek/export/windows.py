"""Launch-window files: CSV (one row per window), iCalendar (RFC 5545) and JSON with provenance.

The .ics is written by hand: UTC date-times (``YYYYMMDDTHHMMSSZ``), CRLF line ends, lines folded
at 75 octets, TEXT values escaped (RFC 5545 sec. 3.1, 3.3.5, 3.3.11), one VEVENT per window
(DTSTART = window open, DTEND = close; an instantaneous window has no DTEND, which RFC 5545
sec. 3.6.1 reads as an event ending when it starts). UIDs are derived from the launch time and
the input hash, so re-running the same input gives the same calendar.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from baiterek.export.files import write_text_atomic

__all__ = ["windows_csv_text", "windows_ics_text", "write_window_files"]

_CSV_COLUMNS = (
    "launch_time_utc",
    "open_utc",
    "close_utc",
    "branch",
    "azimuth_deg",
    "inclination_deg",
    "raan_deg",
    "insertion_time_utc",
    "phase_deg",
    "scheme",
    "ltan_h",
    "sun_elevation_deg",
    "insertion_sunlit",
)


def windows_csv_text(records: list[dict[str, Any]]) -> str:
    """CSV text of window records (UTF-8, header row, empty cells for missing values)."""
    import pandas as pd

    frame = pd.DataFrame.from_records(records, columns=list(_CSV_COLUMNS))
    return frame.to_csv(index=False, float_format="%.6f", lineterminator="\n")


def _ics_time(iso: str) -> str:
    # '2023-05-24T12:56:00.373Z' -> '20230524T125600Z' (RFC 5545 has whole seconds)
    return iso[:19].replace("-", "").replace(":", "") + "Z"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (continuation lines start with one space)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # do not split a UTF-8 sequence
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74
    return "\r\n ".join(parts)


def windows_ics_text(records: list[dict[str, Any]], title: str, provenance: dict[str, Any]) -> str:
    """An iCalendar document with one VEVENT per window."""
    stamp = provenance.get("created_utc", "1970-01-01T00:00:00Z")
    stamp = stamp.replace("-", "").replace(":", "")
    key = provenance.get("input_sha256") or ""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//baiterek//launch windows "
        + str(provenance.get("baiterek_version", ""))
        + "//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + _escape(title),
    ]
    for r in records:
        uid = hashlib.sha256((key + r["launch_time_utc"] + r["branch"]).encode()).hexdigest()[:32]
        phase = "" if r.get("phase_deg") is None else f", phase {r['phase_deg']:.2f} deg"
        scheme = "" if not r.get("scheme") else f", {r['scheme']} rendezvous"
        desc = (
            f"Launch {r['launch_time_utc']} ({r['branch']}, azimuth {r['azimuth_deg']:.2f} deg"
            f"{phase}{scheme}); window {r['open_utc']} to {r['close_utc']}; "
            f"inclination {r['inclination_deg']:.3f} deg. Made by baiterek, input sha256 {key}."
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@baiterek",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_ics_time(r['open_utc'])}",
        ]
        if r["close_utc"] != r["open_utc"]:
            lines.append(f"DTEND:{_ics_time(r['close_utc'])}")
        lines += [
            "SUMMARY:"
            + _escape(f"{title}: launch {r['launch_time_utc'][11:19]} UTC ({r['branch']})"),
            "DESCRIPTION:" + _escape(desc),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(ln) + "\r\n" for ln in lines)


def write_window_files(
    document: dict[str, Any], out_dir: str | Path, stem: str, title: str
) -> dict[str, str]:
    """Write ``stem.csv``, ``stem.ics`` and ``stem.json`` (the full document) into out_dir.

    All texts are built first, then each is written atomically.
    """
    out = Path(out_dir)
    records = document["windows"]
    texts = {
        "csv": windows_csv_text(records),
        "ics": windows_ics_text(records, title, document.get("provenance") or {}),
        "json": json.dumps(document, indent=2) + "\n",
    }
    written = {}
    for ext, text in texts.items():
        path = out / f"{stem}.{ext}"
        if ext == "ics":
            from baiterek.export.files import write_atomic

            write_atomic(path, lambda p, t=text: p.write_bytes(t.encode("utf-8")))
        else:
            write_text_atomic(path, text)
        written[ext] = str(path)
    return written
