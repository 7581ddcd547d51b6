"""Hypothesis over mission files: documents built from the schema (``baiterek.mission``), then
mutated (issue 10, "Done means" bullet 2).

A valid document (one in eight) goes to ``window`` with a plane ``[window]`` (cheap: it may
succeed, and its windows must open before they close). A mutated document carries one mistake
that the schema must refuse in any combination (NaN, inf, a boolean or text where a number goes,
a 5,001-digit integer, a wrong type, an unknown or missing key, deep nesting, a bad wind table,
a time outside the data, a broken, empty, binary or UTF-16 file) and goes to any command that
reads a mission (fly, performance, safety, orbit, dispersion, window): it must end in exit 2
with one JSON error and nothing written. Rules checked on every run: ``_fuzz.check_run``.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from _fuzz import check_run, fuzz, report
from hypothesis import given
from hypothesis import strategies as st

_ids = itertools.count()
NUMBER_KEYS = [("mission", "payload_kg"), ("target", "altitude_km"), ("target", "perigee_km"),
               ("target", "apogee_km"), ("target", "inclination_deg"),
               ("window", "yaw_allowance_deg"), ("window", "raan_deg")]  # fmt: skip
TEXT_KEYS = [("mission", "vehicle"), ("mission", "site"), ("target", "kind"),
             ("target", "heading"), ("mission", "upper_stage"), ("window", "node"),
             ("window", "sun")]  # fmt: skip


class Raw(str):
    """A value written into the TOML text as it is (a 5,001-digit integer)."""


def toml_value(v: Any) -> str:
    if isinstance(v, Raw):
        return str(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return (
            "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
        )
    if isinstance(v, str):
        # a TOML basic string: JSON's escapes are TOML's (DEL must be escaped in TOML too)
        return json.dumps(v, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(x)}" for k, x in v.items()) + "}"
    raise TypeError(type(v))


def toml_key(k: str) -> str:
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else json.dumps(k)


def toml_text(doc: dict[str, Any]) -> str:
    lines = [f"{toml_key(k)} = {toml_value(v)}" for k, v in doc.items() if not isinstance(v, dict)]
    for k, table in doc.items():
        if isinstance(table, dict):
            lines.append(f"[{toml_key(k)}]")
            lines += [f"{toml_key(a)} = {toml_value(b)}" for a, b in table.items()]
    return "\n".join(lines) + "\n"


NAMES = st.text(st.characters(blacklist_categories=["Cs"]), max_size=20)
"""Mission names (any text TOML can hold: no lone surrogates)."""


@st.composite
def valid_missions(draw: st.DrawFn, cheap: bool) -> dict[str, Any]:
    """A mission the schema accepts. ``cheap``: Sunkar from Site 45/1 to a 51.6 deg circular
    orbit with a plane window (its ascent geometry is computed once for the whole suite)."""
    if cheap:
        mission = {"name": draw(NAMES), "vehicle": "sunkar",
                   "site": "baikonur-45-1", "payload_kg": draw(st.integers(0, 20000))}  # fmt: skip
        target = {"kind": "circular", "altitude_km": draw(st.sampled_from([200, 400.0])),
                  "inclination_deg": 51.6}  # fmt: skip
    else:
        mission = {"name": draw(NAMES),
                   "vehicle": draw(st.sampled_from(["sunkar", "soyuz-2.1b", "soyuz-2.1a"])),
                   "site": draw(st.sampled_from(["baikonur-45-1", "baikonur-31-6"])),
                   "payload_kg": draw(st.floats(0, 20000))}  # fmt: skip
        kind = draw(st.sampled_from(["circular", "elliptical", "sso"]))
        if kind == "circular":
            target = {"kind": kind, "altitude_km": draw(st.floats(150, 2000)),
                      "inclination_deg": draw(st.sampled_from([51.6, 64.8, 70.0]))}  # fmt: skip
        elif kind == "elliptical":
            pe = draw(st.floats(150, 1000))
            target = {"kind": kind, "perigee_km": pe, "apogee_km": pe + draw(st.floats(0, 3e4)),
                      "inclination_deg": 51.6}  # fmt: skip
        else:
            target = {"kind": kind, "altitude_km": draw(st.floats(300, 1000))}
        if draw(st.booleans()):
            mission["launch_time_utc"] = "2026-12-01T06:00:00Z"
    doc: dict[str, Any] = {"mission": mission, "target": target}
    if draw(st.booleans()):
        doc["wind"] = {"profile": [[0, draw(st.floats(-30, 30)), 0], [10, 40, 5], [15, 20, 0]]}
    doc["window"] = {"raan_deg": draw(st.sampled_from([0.0, 100.0, -45.0])),
                     "epoch_utc": "2026-06-01T00:00:00Z",
                     "yaw_allowance_deg": draw(st.sampled_from([0.0, 0.5, 10.0]))}  # fmt: skip
    return doc


BAD_NUMBERS: list[Any] = [math.nan, math.inf, -math.inf, True, False, "200", Raw("1" * 5001),
                          1e300, -1e300, [1], {"a": 1}]  # fmt: skip
BAD_TEXTS: list[Any] = [5, True, 1.5, "no-such-id", [], {"a": 1}]
BAD_TIMES = ["0001-01-01T00:00:00Z", "9999-12-31T23:00:00-05:00", "2026-06-01T00:00:00",
             "yesterday", "1899-12-31T23:59:59Z", "2026-02-30T00:00:00Z"]  # fmt: skip


def _nested(depth: int) -> Any:
    v: Any = 1
    for _ in range(depth):
        v = [v]
    return v


@st.composite
def mutated(draw: st.DrawFn, doc: dict[str, Any]) -> tuple[dict[str, Any] | bytes, str]:
    """(the document or raw bytes of the file, what was done): one mistake, refused always."""
    doc = json.loads(json.dumps(doc))  # a deep copy
    kind = draw(st.sampled_from(["number", "text", "time", "missing", "unknown", "nesting",
                                 "wind", "rule", "file"]))  # fmt: skip
    if kind == "number":
        sec, key = draw(st.sampled_from(NUMBER_KEYS))
        doc.setdefault(sec, {})[key] = draw(st.sampled_from(BAD_NUMBERS))
        return doc, f"{sec}.{key}"
    if kind == "text":
        sec, key = draw(st.sampled_from(TEXT_KEYS))
        doc.setdefault(sec, {})[key] = draw(st.sampled_from(BAD_TEXTS))
        return doc, f"{sec}.{key}"
    if kind == "time":
        sec, key = draw(st.sampled_from([("mission", "launch_time_utc"), ("window", "epoch_utc")]))
        doc[sec][key] = draw(st.sampled_from(BAD_TIMES))
        return doc, f"{sec}.{key}"
    if kind == "missing":
        path = draw(st.sampled_from(["mission", "target", "mission.vehicle", "mission.site",
                                     "target.kind"]))  # fmt: skip
        sec, _, key = path.partition(".")
        if key:
            del doc[sec][key]
        else:
            del doc[sec]
        return doc, path
    if kind == "unknown":
        where = draw(st.sampled_from(["mission.bogus", "target.altitude", "bogus", "window.tle"]))
        sec, _, key = where.partition(".")
        if key:
            doc[sec][key] = 1
        else:
            doc[sec] = {"a": 1}
        return doc, where
    if kind == "nesting":
        doc["mission"]["name"] = _nested(draw(st.integers(9, 60)))
        return doc, "nesting"
    if kind == "wind":
        doc["wind"] = {"profile": draw(st.sampled_from([
            [[0, 5, 0], [10, math.nan, 5]], [[0, 5, 0], [10, 40, math.inf]],
            [[10, 5, 0], [0, 40, 5]], [[0, 5, 0]], [[0, 5], [10, 40]], "calm",
            [[0, 5, 0], [10, True, 5]], [[0, 5, 0, 1], [10, 40, 5, 1]]]))}  # fmt: skip
        return doc, "wind"
    if kind == "rule":
        t = doc["target"]
        rule = draw(st.sampled_from(["apogee-below-perigee", "sso-inclination", "argp-circular"]))
        if rule == "apogee-below-perigee":
            doc["target"] = {"kind": "elliptical", "perigee_km": 500, "apogee_km": 300,
                             "inclination_deg": 51.6}  # fmt: skip
        elif rule == "sso-inclination":
            doc["target"] = {"kind": "sso", "altitude_km": 600, "inclination_deg": 97.8}
        else:
            t["argument_of_perigee_deg"] = 10.0
            t["kind"] = "circular"
            t.setdefault("altitude_km", 300)
            t.setdefault("inclination_deg", 51.6)
        return doc, rule
    text = toml_text(doc)
    raw = draw(st.sampled_from([b"", b"\x7fELF\x02\x01\x01\x00" * 8, text.encode("utf-16"),
                                b"[mission\nvehicle = ", b"mission = 5\n",
                                text.encode() + b"[mission]\n", b"\xff\xfe\xfa"]))  # fmt: skip
    return raw, "file"


COMMANDS = {
    "fly": [], "performance": [], "safety": [], "orbit": ["--orbits", "0.1"],
    "dispersion": ["--samples", "2"], "window": ["--from", "2026-06-01", "--days", "1"],
}  # fmt: skip


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-missions")


def _write(base: Path, doc: dict[str, Any] | bytes) -> Path:
    p = base / f"m-{next(_ids)}.toml"
    p.write_bytes(doc if isinstance(doc, bytes) else toml_text(doc).encode())
    return p


@fuzz(700)
@given(st.data())
def test_fuzz_mission_files(base: Path, data: st.DataObject) -> None:
    out = base / f"out-{next(_ids)}"
    if data.draw(st.integers(0, 7)) == 0:  # a valid document: a cheap plane window
        doc = data.draw(valid_missions(cheap=True))
        path = _write(base, doc)
        check_run("mission-window", ["window", str(path), *COMMANDS["window"], "--out",
                                     str(out)], out)  # fmt: skip
        return
    doc = data.draw(valid_missions(cheap=data.draw(st.booleans())))
    bad, what = data.draw(mutated(doc))
    path = _write(base, bad)
    cmd = data.draw(st.sampled_from(sorted(COMMANDS)))
    code, err = check_run("mission-" + cmd, [cmd, str(path), *COMMANDS[cmd], "--out", str(out)],
                          out, expect_refused=True)  # fmt: skip
    assert code == 2 and err["error"]["kind"] == "InputError", (what, err)


def test_fuzz_mission_counts_printed() -> None:
    from _fuzz import EXAMPLES_RUN

    for name in sorted(EXAMPLES_RUN):
        report(name)
