"""NOTAM-style hazard-area notices for the fall areas of one launch (plain text).

One notice per zone that receives bodies, and one per body with no zone (its candidate zone):
ICAO layout (Doc 8126 / Annex 15 fields, as summarised in docs/reference/drop-zones.md sec. 7):
Q) line with the area's centre and radius (NM), A) the country (FIRs are not in the catalog, so
the FIR is left for the air-navigation service), B)/C) YYMMDDHHMM UTC, D) the window and the
backup days, E) the area as vertices DDMMSSN DDDMMSSE "... BACK TO START", F) SFC, G) UNL.

The window opens ``OPEN_BEFORE_S`` before liftoff and closes ``CLOSE_AFTER_S`` after the last
nominal impact in the area, rounded outward to the minute (our choice [U]; a range sets its own).
A notice is not an official NOTAM; the header says so.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta

import numpy as np

from baiterek.safety.zones import GEOD

__all__ = ["dms", "notices_text", "parse_dms", "parse_notice_vertices"]

OPEN_BEFORE_S = 600.0
CLOSE_AFTER_S = 600.0
NM = 1852.0  # m per nautical mile (international definition)


def dms(lat_deg: float, lon_deg: float) -> str:
    """'DDMMSSN DDDMMSSE', rounded to the nearest arc-second."""

    def part(v: float, width: int, pos: str, neg: str) -> str:
        h = pos if v >= 0 else neg
        s = int(round(abs(v) * 3600.0))
        d, rem = divmod(s, 3600)
        m, sec = divmod(rem, 60)
        return f"{d:0{width}d}{m:02d}{sec:02d}{h}"

    return f"{part(lat_deg, 2, 'N', 'S')} {part(lon_deg, 3, 'E', 'W')}"


_DMS = re.compile(r"(\d{2})(\d{2})(\d{2})([NS]) (\d{3})(\d{2})(\d{2})([EW])")


def parse_dms(text: str) -> tuple[float, float]:
    """(lat_deg, lon_deg) of one 'DDMMSSN DDDMMSSE' vertex."""
    m = _DMS.fullmatch(text.strip())
    if not m:
        raise ValueError(f"not a DDMMSSN DDDMMSSE vertex: {text!r}")
    g = m.groups()
    lat = int(g[0]) + int(g[1]) / 60 + int(g[2]) / 3600
    lon = int(g[4]) + int(g[5]) / 60 + int(g[6]) / 3600
    return (-lat if g[3] == "S" else lat), (-lon if g[7] == "W" else lon)


def parse_notice_vertices(notice: str) -> list[tuple[float, float]]:
    """Vertices (lat_deg, lon_deg) of the E) area of one notice, in order (without the closure)."""
    e = notice.split("E) ", 1)[1].split("BACK TO START", 1)[0]
    return [parse_dms(m.group(0)) for m in _DMS.finditer(e)]


def _stamp(t: datetime) -> str:
    return t.strftime("%y%m%d%H%M")


def _window(launch: datetime, last_impact_s: float) -> tuple[datetime, datetime]:
    b = launch - timedelta(seconds=OPEN_BEFORE_S)
    b = b.replace(second=0, microsecond=0)
    c = launch + timedelta(seconds=last_impact_s + CLOSE_AFTER_S)
    if c.second or c.microsecond:
        c = c.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return b, c


def _q_centre(ring) -> tuple[str, int]:
    lon, lat = np.asarray(ring, float)[:-1].T
    clat, clon = float(np.mean(lat)), float(np.mean(lon))
    _, _, d = GEOD.inv(np.full(lon.size, clon), np.full(lat.size, clat), lon, lat)
    r_nm = max(1, math.ceil(float(np.max(d)) / NM))
    ns = "N" if clat >= 0 else "S"
    ew = "E" if clon >= 0 else "W"
    dla, mla = divmod(int(round(abs(clat) * 60.0)), 60)
    dlo, mlo = divmod(int(round(abs(clon) * 60.0)), 60)
    return (
        f"{dla:02d}{mla:02d}{ns}{dlo:03d}{mlo:02d}{ew}",
        r_nm,
    )


def _notice(k, n, title, country, ring, bodies, launch, last_s, backup_days, vehicle) -> str:
    b, c = _window(launch, last_s)
    centre, r_nm = _q_centre(ring)
    verts = " - ".join(dms(lat, lon) for lon, lat in ring[:-1])
    backups = " ".join(
        f"{_stamp(b + timedelta(days=d))}-{_stamp(c + timedelta(days=d))}"
        for d in range(1, backup_days + 1)
    )
    d_line = f"{_stamp(b)}-{_stamp(c)}" + (f", BACKUP DAYS {backups}" if backups else "")
    return "\n".join(
        [
            f"NOTICE {k}/{n} (NOTAM-style hazard area; not an official notice)",
            f"Q) ----/QRDCA/IV/BO/W/000/999/{centre}{min(r_nm, 999):03d}",
            f"A) FIR OF {country} (FIR not resolved: ask the air-navigation service)",
            f"B) {_stamp(b)} C) {_stamp(c)}",
            f"D) {d_line}",
            f"E) TEMPORARY DANGER AREA: FALL OF SEPARATED PARTS OF {vehicle.upper()} "
            f"({', '.join(x.upper() for x in bodies)}) IN {title.upper()} BOUNDED BY {verts} - "
            "BACK TO START",
            "F) SFC G) UNL",
        ]
    )


def notices_text(result, *, backup_days: int = 2) -> str:
    """All notices of a :class:`~baiterek.safety.analysis.SafetyResult`, one block each."""
    from baiterek.earth.time import parse_utc

    launch = parse_utc(result.launch_time_utc).replace(tzinfo=None)
    groups: dict[str, list] = {}
    for b in result.bodies:
        if b.status == "impact" and b.containment.zone is not None:
            groups.setdefault(b.containment.zone, []).append(b)
    items = []
    for zid, bodies in groups.items():
        z = result.zone_set.zone(zid)
        items.append((f"zone {z.id} ({z.name})", z.country, z.ring, bodies))
    cand = {c["properties"]["serves"][0]["bodies"][0]: c for c in result.candidates}
    for b in result.bodies:
        if b.status == "impact" and b.containment.zone is None and b.name in cand:
            c = cand[b.name]
            ring = tuple(tuple(p) for p in c["geometry"]["coordinates"][0])
            items.append((f"candidate area {c['properties']['id']}", c["properties"]["country"],
                          ring, [b]))  # fmt: skip
    head = (
        f"Hazard areas for {result.mission_name}: {result.vehicle_id} from {result.site_id}, "
        f"launch {result.launch_time_utc}, {len(items)} area(s), backup days: {backup_days}\n"
    )
    blocks = [
        _notice(
            k + 1,
            len(items),
            title,
            country,
            ring,
            [b.name for b in bodies],
            launch,
            max(b.impact_time for b in bodies),
            backup_days,
            result.vehicle_id,
        )  # fmt: skip
        for k, (title, country, ring, bodies) in enumerate(items)
    ]
    return head.rstrip() + "\n\n" + "\n\n".join(blocks) + "\n"
