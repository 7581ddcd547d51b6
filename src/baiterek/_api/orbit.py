"""``orbit_products``: the handover (orbit, fitted TLE, passes) from a mission, a state or a TLE.

The result writes no file; ``OrbitProducts.write(out_dir)`` (``export.handover``) does.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from baiterek._api._inputs import mission_of
from baiterek._api._result import ResultMixin, fmt, frame, freeze_doc
from baiterek.errors import InfeasibleError, InputError

if TYPE_CHECKING:
    from baiterek.mission import Mission
    from baiterek.orbit.handover import Handover

StageProgress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``."""

DEFAULT_NAME = "BAITEREK OBJECT"
MAX_STATE_KM = 1.0e6
"""Largest position component of a state vector, km: about the Earth's Hill-sphere radius
(1.5e6 km); an orbit of the Earth stays well inside it."""
DEFAULT_OBJECT_ID = "2026-001A"
"""International designator when neither the caller nor a TLE gives one (a placeholder)."""
DEFAULT_NORAD_ID = 99999
"""Catalogue number when neither the caller nor a TLE gives one (the usual placeholder)."""


def cospar_from_tle(intldesg: str) -> str | None:
    """The international designator of a TLE (YYNNNPPP, '98067A') in the COSPAR form the OPM
    wants ('1998-067A'; years 57-99 are 19xx as in the TLE epoch); None if the TLE has none."""
    d = intldesg.strip()
    if len(d) < 6 or not d[:5].isdigit():
        return None
    yy = int(d[:2])
    return f"{yy + (1900 if yy >= 57 else 2000)}-{d[2:5]}{d[5:]}"


def check_text_field(field: str, value: str | None) -> None:
    """Refuse a text that would break a TLE or a CCSDS file: control characters (newlines,
    tabs, NUL) or other unprintable characters."""
    if value is not None and not value.isprintable():
        bad = next(c for c in value if not c.isprintable())
        raise InputError(
            field, value, "printable characters only (no newline, tab or control character)",
            f"found {bad!r}",
        )  # fmt: skip


def parse_state_km(state: str | Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """'x,y,z,vx,vy,vz' (or six numbers) in km and km/s -> r (m), v (m/s)."""
    text = state if isinstance(state, str) else ",".join(str(x) for x in state)
    try:
        vals = [float(x) for x in text.replace(" ", "").split(",")]
    except ValueError:
        vals = []
    if len(vals) != 6 or not all(math.isfinite(x) for x in vals):
        raise InputError("state_gcrs", text, "six numbers 'x,y,z,vx,vy,vz' in km and km/s")
    if max(abs(x) for x in vals[:3]) > MAX_STATE_KM or max(abs(x) for x in vals[3:]) > 100.0:
        raise InputError(
            "state_gcrs", text, f"a position within {MAX_STATE_KM:,.0f} km of the Earth's "
            "centre (beyond, the Moon and Sun dominate) and a speed under 100 km/s",
        )  # fmt: skip
    from baiterek.constants import WGS84_A

    r = np.array(vals[:3]) * 1000.0
    v = np.array(vals[3:]) * 1000.0
    if np.linalg.norm(r) < WGS84_A:
        raise InputError("state_gcrs", text, "a position above the Earth's surface (|r| > 6378 km)")
    return r, v


def read_covariance_km(cov: str | Path | np.ndarray) -> np.ndarray:
    """A 6x6 covariance (CSV file or array) in km^2, km^2/s, km^2/s^2 -> m^2, m^2/s, m^2/s^2."""
    if isinstance(cov, (str, Path)):
        import io

        from baiterek.checks import read_text_file

        text = read_text_file(cov, "covariance", "a CSV file of 6 rows of 6 numbers")
        try:
            c = np.loadtxt(io.StringIO(text), delimiter=",", ndmin=2)
        except (OSError, ValueError) as exc:
            raise InputError(
                "covariance", str(cov), "a CSV file of 6 rows of 6 numbers", str(exc)
            ) from None
    else:
        c = np.asarray(cov, float)
    if c.shape != (6, 6):
        raise InputError("covariance", f"shape {c.shape}", "6 rows of 6 numbers")
    if not np.all(np.isfinite(c)) or np.any(np.abs(c) > 1e12):
        raise InputError("covariance", "a non-finite or huge entry", "6 rows of 6 finite numbers")
    return c * 1e6


@dataclass(frozen=True, slots=True, repr=False)
class OrbitProducts(ResultMixin):
    """The orbit handover: ``handover`` (orbit.handover.Handover, SI inside) and its document."""

    handover: Handover
    _json: str

    def headline(self) -> list[str]:
        d = self.to_json()
        o, t = d["osculating"], d["tle"]
        n_pass = len(d["passes"]["passes"])
        return [
            f"{t['name']}: epoch {d['epoch_utc']}, {fmt(d['orbits'], 'g')} orbits",
            f"perigee {o['perigee_km']:.1f} km, apogee {o['apogee_km']:.1f} km, "
            f"i {o['inclination_deg']:.3f} deg, period {o['period_min']:.2f} min",
            t["line1"],
            t["line2"],
            f"TLE fit RMS {t['fit_rms_km']:.3f} km, max {t['fit_max_km']:.3f} km",
            f"{n_pass} passes, {len(d['stations_without_pass'])} stations without a pass",
        ]

    def details(self) -> list[str]:
        passes = self.to_json()["passes"]["passes"]
        lines = [
            f"  {p['station_id']:20s} {p['aos_utc']}{'*' if p['aos_at_start'] else ''} - "
            f"{p['los_utc']}{'*' if p['los_at_end'] else ''}  "
            f"max el {p['max_elevation_deg']:5.1f} deg  {p['duration_s']:5.0f} s"
            for p in passes
        ]
        if any(p["aos_at_start"] or p["los_at_end"] for p in passes):
            lines.append("  * in view at the epoch or at the end of the span (not a rise or a set)")
        return lines

    def to_frame(self) -> Any:
        """The passes, one row per pass (pandas DataFrame)."""
        return frame(self.to_json()["passes"]["passes"])

    def write(self, out_dir: str | Path) -> dict[str, dict[str, str]]:
        """Write OPM, OEM, TLE, passes, maps and summary.json; {kind: {path, sha256}}."""
        from baiterek.export.handover import files_record, write_handover
        from baiterek.export.output import DESCRIBE_ORBIT, manifest_provenance, write_products

        return write_products(
            out_dir,
            manifest_provenance({"provenance": self.handover.provenance}, "orbit"),
            lambda d: files_record(write_handover(self.handover, d)),
            DESCRIBE_ORBIT,
        )


def _insertion(mission: str | Path | Mission) -> tuple[datetime, np.ndarray, np.ndarray, Any]:
    """(epoch UTC, r GCRS m, v GCRS m/s, trajectory) at insertion, from the ascent simulator."""
    from baiterek.flight.simulate import fly

    m, _ = mission_of(mission)
    trajectory = fly(m)
    if trajectory.insertion is None:
        raise InfeasibleError(f"the ascent did not reach orbit ({trajectory.status})", {})
    r, v = trajectory.insertion_state_gcrs()
    return trajectory.insertion_epoch_utc, np.asarray(r, float), np.asarray(v, float), trajectory


def orbit_products(
    mission: str | Path | Mission | None = None,
    *,
    state_gcrs: str | Sequence[float] | None = None,
    epoch: str | datetime | None = None,
    tle: str | Path | None = None,
    orbits: float = 3.0,
    step_s: float = 30.0,
    stations: str | Sequence[str] | None = None,
    name: str | None = None,
    object_id: str | None = None,
    norad_id: int | None = None,
    ref_frame: str = "EME2000",
    ballistic_coefficient: float | None = None,
    sun_moon: bool = False,
    covariance: str | Path | np.ndarray | None = None,
    progress: StageProgress | None = None,
) -> OrbitProducts:
    """Orbit products from exactly one of: a mission (its simulated insertion), ``state_gcrs``
    ('x,y,z,vx,vy,vz' km, km/s) at ``epoch`` (UTC), or a ``tle`` file. Propagates ``orbits``
    orbits (J2-J4; drag with ``ballistic_coefficient`` kg/m^2; ``sun_moon``), fits a TLE, finds
    the passes over ``stations`` (ids; default all). ``name``: default the TLE's, or
    BAITEREK OBJECT. ``object_id`` (international designator) and ``norad_id``: default the
    TLE's, else 2026-001A and 99999 (placeholders). ``covariance``: 6x6, km^2.. (for the OPM)."""
    from baiterek.earth.time import parse_utc
    from baiterek.orbit.handover import handover

    # numbers as floats, so 1 and 1.0 give the same document and input hash as the CLI
    orbits, step_s = float(orbits), float(step_s)
    check_text_field("name", name)
    check_text_field("object_id", object_id)
    sources = [x is not None for x in (mission, state_gcrs, tle)]
    if sum(sources) != 1:
        raise InputError(
            "input",
            "none" if not any(sources) else "several",
            "exactly one of mission, state_gcrs, tle",
        )
    if ballistic_coefficient is not None:
        from baiterek.checks import number

        number(ballistic_coefficient, "ballistic_coefficient", 0.0, 1e6, lo_open=True,
               unit="kg/m2")  # fmt: skip
    if epoch is not None and state_gcrs is None:
        from baiterek.errors import refuse_unused

        refuse_unused({"epoch": epoch}, "without state_gcrs (a mission or a TLE has its epoch)")
    record: dict[str, Any] = {"orbits": orbits, "step_s": step_s, "ref_frame": ref_frame}
    ascent = None
    if mission is not None:
        if isinstance(mission, (str, Path)):
            from baiterek.checks import read_text_file

            record["mission"] = read_text_file(mission, "mission", "a mission TOML file")
        else:
            record["mission"] = mission.model_dump(mode="json")
        epoch_dt, r0, v0, ascent = _insertion(mission)
    elif state_gcrs is not None:
        if epoch is None:
            raise InputError("epoch", None, "the UTC of the state, e.g. 2026-11-21T05:45:04Z")
        epoch_dt = parse_utc(epoch, "epoch")
        r0, v0 = parse_state_km(state_gcrs)
        record.update(
            state_gcrs_km=state_gcrs if isinstance(state_gcrs, str) else list(state_gcrs),
            epoch_utc=epoch,
        )
    else:
        from baiterek.orbit.tle import parse_tle, read_tle_file, tle_epoch, tle_state_gcrs

        assert tle is not None
        tle_name, l1, l2 = read_tle_file(tle)
        sat = parse_tle(l1, l2, field="tle")
        epoch_dt = tle_epoch(sat)
        r0, v0 = tle_state_gcrs(sat, epoch_dt)
        record.update(tle=[tle_name, l1, l2])
        if name is None:
            name = tle_name
        if norad_id is None:
            norad_id = int(sat.satnum)
        if object_id is None:
            object_id = cospar_from_tle(sat.intldesg)
    if isinstance(stations, str):
        ids = [s.strip() for s in stations.split(",") if s.strip()] or None
    else:
        ids = list(stations) if stations else None
    cov_si = read_covariance_km(covariance) if covariance is not None else None
    if cov_si is not None:
        record["covariance_km"] = (cov_si / 1e6).tolist()
    if ref_frame not in ("EME2000", "GCRF"):
        raise InputError("ref_frame", ref_frame, "EME2000 or GCRF")
    h = handover(
        epoch_dt,
        r0,
        v0,
        orbits=orbits,
        step_s=step_s,
        object_name=DEFAULT_NAME if name is None else name,
        object_id=DEFAULT_OBJECT_ID if object_id is None else object_id,
        norad_id=DEFAULT_NORAD_ID if norad_id is None else norad_id,
        ref_frame=ref_frame,
        station_ids=ids,
        ballistic_coefficient_kg_m2=ballistic_coefficient,
        third_body=sun_moon,
        covariance_si=cov_si,
        input_record=record,
        progress=progress,
        ascent=ascent,
    )
    return OrbitProducts(handover=h, _json=freeze_doc(h.to_json()))
