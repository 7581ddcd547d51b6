"""``postflight``: the achieved orbit against the target and the Monte Carlo envelope, the
trajectory against telemetry, and the verdict, as a ``PostFlight`` result."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from baiterek._api._inputs import mission_of
from baiterek._api._result import DataFrame, ResultMixin, fmt, frame, freeze_doc
from baiterek.constants import WGS84_A
from baiterek.errors import InputError

if TYPE_CHECKING:
    from baiterek._api.compare import TelemetryComparison
    from baiterek.mission import Mission
    from baiterek.postflight.orbit import Assessment

DEFAULT_SAMPLES = 200
"""Monte Carlo samples run on the spot when no ``dispersion`` folder is given (a quick envelope:
its sigmas carry about 5 % sampling error, 1/sqrt(2 N))."""

_UNITS = {"perigee": ("perigee_km", 1e-3), "apogee": ("apogee_km", 1e-3),
          "inclination": ("inclination_deg", 180.0 / math.pi)}  # fmt: skip


@dataclass(frozen=True, slots=True, repr=False)
class PostFlight(ResultMixin):
    """A post-flight report: ``assessment`` (postflight.orbit.Assessment, SI), the telemetry
    comparison when a table was given, and the document ``baiterek postflight --json`` prints."""

    assessment: Assessment
    telemetry: TelemetryComparison | None
    mission_name: str
    _json: str

    @property
    def verdict(self) -> str:
        return self.assessment.verdict

    @property
    def within_envelope(self) -> bool:
        return self.assessment.within_envelope

    def headline(self) -> list[str]:
        d = self.to_json()
        lines = [f"{d['mission']}: achieved orbit from {d['achieved']['kind']} "
                 f"({d['achieved']['source']})", f"verdict: {d['verdict']}"]  # fmt: skip
        for e in d["elements"]:
            lines.append(
                f"{e['element']:16s} achieved {e['achieved']:9.3f}, target {e['target']:9.3f} "
                f"({fmt(e['error_to_target'], '+.3f')}), envelope {e['mean']:9.3f} +/- "
                f"{e['sigma']:.3g}: {fmt(e['deviation_sigma'], '+.2f')} sigma"
            )
        if d["telemetry"] is not None:
            for ev in d["telemetry"]["at_events"]:
                lines.append(f"telemetry {ev['name']}: altitude "
                             f"{fmt(ev['altitude_error_pct'], '+.1f', '%')}, speed "
                             f"{fmt(ev['speed_error_pct'], '+.1f', '%')}")  # fmt: skip
        return lines

    def to_frame(self) -> DataFrame:
        """One row per element (km, deg)."""
        return frame(self.to_json()["elements"])

    def write(self, out_dir: str | Path, *, pdf: bool = True) -> dict[str, str]:
        """``postflight.html`` (the report, in the mission analysis report's format),
        ``postflight.pdf`` (printed by headless Chromium when ``pdf`` and one is found),
        ``postflight.json``; with telemetry also the comparison's files (``compare.html``,
        ``compare.csv``, ``compare.json``). Staged, with ``manifest.json``."""
        from baiterek.export.files import write_text_atomic
        from baiterek.export.output import manifest_provenance, write_products
        from baiterek.report import pdf as report_pdf
        from baiterek.report.postflight import postflight_html

        doc = self.to_json()

        def write(d: Path) -> dict[str, str]:
            files: dict[str, str] = {}
            listing = dict(REPORT_FILES)
            if self.telemetry is not None:
                files.update(self.telemetry.write_into(d))
                listing.update(COMPARE_FILES)
            if not pdf:
                listing.pop("postflight.pdf")
            tel = None if self.telemetry is None else self.telemetry.to_json()
            write_text_atomic(d / "postflight.json", json.dumps(doc, indent=2))
            files["postflight_json"] = str(d / "postflight.json")
            write_text_atomic(d / "postflight.html", postflight_html(doc, listing, tel))
            files["postflight_html"] = str(d / "postflight.html")
            if pdf:
                made, _ = report_pdf.print_pdf(d / "postflight.html", d / "postflight.pdf")
                if made:
                    files["postflight_pdf"] = str(d / "postflight.pdf")
            return files

        files: dict[str, str] = write_products(
            out_dir, manifest_provenance(doc, "postflight"), write
        )
        return files


REPORT_FILES = {
    "postflight.html": "the post-flight report (offline page)",
    "postflight.pdf": "the post-flight report printed to PDF (headless Chromium)",
    "postflight.json": "the post-flight document (baiterek postflight --json)",
    "manifest.json": "each file's SHA-256 and what it is",
}
COMPARE_FILES = {
    "compare.html": "the trajectory against telemetry: overlay plot",
    "compare.csv": "the trajectory against telemetry at each sample",
    "compare.json": "the comparison document (baiterek compare --json)",
}


def _envelope_from_folder(
    folder: str | Path,
) -> tuple[dict[str, tuple[float, float]], dict[str, Any]]:
    p = Path(folder) / "dispersion.json"
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
        inj = doc["injection"]
        env = {el: (float(inj[key]["mean"]) / k, float(inj[key]["sigma"]) / k)
               for el, (key, k) in _UNITS.items()}  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError):
        raise InputError("dispersion", str(folder), "a `baiterek dispersion` output folder "
                         "(with dispersion.json)") from None  # fmt: skip
    return env, doc


def _envelope_doc(
    env: Mapping[str, tuple[float, float]], doc: Mapping[str, Any], source: str
) -> dict[str, Any]:
    return {
        "source": source,
        "mission": doc.get("mission"),
        "samples": doc.get("samples"),
        "seed": doc.get("seed"),
        "evaluator": doc.get("evaluator"),
        "success_fraction": doc.get("success_fraction"),
        "input_sha256": (doc.get("provenance") or {}).get("input_sha256"),
    }


def postflight(
    mission: str | Path | Mission,
    achieved: str | Path,
    *,
    telemetry: str | Path | None = None,
    events: Mapping[str, float] | None = None,
    dispersion: str | Path | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    limit_sigma: float = 3.0,
    workers: int | None = None,
) -> PostFlight:
    """The post-flight report of a mission file.

    ``achieved``: a TLE file, a CCSDS OPM (KVN, ``.opm``) or a published insertion orbit
    ``'PERIGEE_KMxAPOGEE_KM@INCLINATION_DEG'``. The envelope is the injection statistics of a
    ``baiterek dispersion`` output folder (``dispersion``) or of a Monte Carlo of ``samples``
    flights run now (``seed``). ``telemetry`` (with flown ``events``) adds the comparison of
    ``compare``. Each element's deviation is (achieved - mean) / sigma; the verdict says whether
    every element is within ``limit_sigma``.
    """
    from baiterek.postflight.orbit import assess, read_achieved

    if not (limit_sigma > 0 and math.isfinite(limit_sigma)):
        raise InputError("limit_sigma", limit_sigma, "a positive number of sigmas")
    m, path = mission_of(mission)
    if m.target.inclination_deg is None and m.target.kind != "sso":
        raise InputError("target.inclination_deg", None, "an inclination for a post-flight report")
    orbit = read_achieved(achieved)
    target = {"perigee": m.perigee_radius - WGS84_A, "apogee": m.apogee_radius - WGS84_A,
              "inclination": m.inclination}  # fmt: skip
    if dispersion is not None:
        env, mc_doc = _envelope_from_folder(dispersion)
        env_source = str(dispersion)
    else:
        if path is None:
            raise InputError("mission", "(Mission object)", "a mission file path to run the Monte "
                             "Carlo on, or a dispersion folder")  # fmt: skip
        if not (isinstance(samples, int) and samples >= 16):
            raise InputError("samples", samples, "an integer >= 16")
        from baiterek._api.dispersion import dispersion as run_dispersion

        mc = run_dispersion(path, samples=samples, seed=seed, workers=workers)
        mc_doc = mc.to_json()
        env = {el: (float(mc_doc["injection"][key]["mean"]) / k,
                    float(mc_doc["injection"][key]["sigma"]) / k)
               for el, (key, k) in _UNITS.items()}  # fmt: skip
        env_source = f"run now: {samples} samples, seed {seed}"
    a = assess(orbit, target, env, limit_sigma)
    tel = None
    if telemetry is not None:
        from baiterek._api.compare import compare

        tel = compare(m if path is None else path, telemetry, events=events)
    elements = []
    for c in a.checks:
        key, k = _UNITS[c.element]
        elements.append({
            "element": key,
            "achieved": c.achieved * k,
            "target": c.target * k,
            "error_to_target": c.error_to_target * k,
            "mean": c.mean * k,
            "sigma": c.sigma * k,
            "deviation_sigma": None if not math.isfinite(c.deviation_sigma) else c.deviation_sigma,
        })  # fmt: skip
    notes = []
    if orbit.kind == "tle":
        notes.append("achieved apsides are the TLE's SGP4 mean elements; they differ from the "
                     "osculating insertion orbit by a few km (J2 short-period terms)")  # fmt: skip
    evaluator = str(mc_doc.get("evaluator") or "")
    if "open" in evaluator:
        notes.append(f"the envelope's flights are flown open loop ({evaluator}): its spread is "
                     "wider than a guided vehicle's, so deviations in sigma are small")  # fmt: skip
    from baiterek.provenance import provenance

    doc: dict[str, Any] = {
        "mission": m.mission.name,
        "mission_file": path,
        "vehicle": m.mission.vehicle,
        "site": m.mission.site,
        "payload_kg": m.mission.payload_kg,
        "launch_time_utc": m.mission.launch_time_utc,
        "achieved": {
            "kind": orbit.kind,
            "source": orbit.source,
            "epoch_utc": orbit.epoch_utc,
            "perigee_km": orbit.perigee / 1e3,
            "apogee_km": orbit.apogee / 1e3,
            "inclination_deg": math.degrees(orbit.inclination),
        },  # fmt: skip
        "target": {
            "perigee_km": target["perigee"] / 1e3,
            "apogee_km": target["apogee"] / 1e3,
            "inclination_deg": math.degrees(target["inclination"]),
        },  # fmt: skip
        "envelope": _envelope_doc(env, mc_doc, env_source),
        "limit_sigma": limit_sigma,
        "elements": elements,
        "within_envelope": a.within_envelope,
        "outside": [_UNITS[e][0] for e in a.outside],
        "verdict": a.verdict,
        "telemetry": None
        if tel is None
        else {
            k: tel.to_json()[k]
            for k in ("telemetry_file", "at_events", "worst", "samples_outside_flight")
        },  # fmt: skip
        "notes": notes,
        "provenance": provenance({"mission": m.to_dict(), "achieved": str(achieved)}, seed),
    }
    return PostFlight(a, tel, m.mission.name, freeze_doc(doc))
