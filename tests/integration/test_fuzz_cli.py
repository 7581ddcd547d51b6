"""Hypothesis over every command's options (issue 10, "Done means" bullet 2).

Each test draws a command line: options with numbers (nan, inf, huge, negative, booleans, text),
dates, paths and ids. Commands whose valid runs are long (performance, curve, fly, safety,
dispersion, mars, moon, validate) always get one value that is invalid in any combination, and
that run must end in exit 2 (an invalid value accepted would fail the test); the cheap commands
(catalog listings, plane windows, short orbits) may also succeed, and their answers are held
to the physical rules of ``_fuzz.physical_rules``. Rules checked on every run: ``_fuzz``.
Examples: 1,600 over the tests of this file; ``test_fuzz_missions.py`` adds 700.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from _fuzz import check_run, fuzz, report
from hypothesis import given
from hypothesis import strategies as st

EXAMPLES = Path(__file__).parents[2] / "examples"
_ids = itertools.count()

# --- values -------------------------------------------------------------------------------
BAD_NUMBERS = ["nan", "inf", "-inf", "-1e300", "1e300", "1" * 5001, "abc", "", "true", "1,2",
               "0x10", "--", "1e-400", "-0"]  # fmt: skip
"""Texts typed where a number goes (some parse as numbers: 1e-400 and -0 are 0)."""


def numbers(lo: float, hi: float) -> st.SearchStrategy[str]:
    """A number as typed: mostly inside [lo, hi], sometimes just outside, sometimes garbage."""
    inside = st.floats(lo, hi, allow_nan=False).map(lambda x: f"{x:.6g}")
    edges = st.sampled_from([f"{lo:g}", f"{hi:g}", f"{lo - 1:g}", f"{hi * 2 + 1:g}"])
    return st.one_of(inside, edges, st.sampled_from(BAD_NUMBERS))


DATES = st.one_of(
    st.dates().map(str),
    st.sampled_from(["2026-06-01", "2026-06-01T06:00:00Z", "2026-06-01T06:00:00", "0001-01-01",
                     "9999-12-31", "9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+05:00",
                     "2026-02-30", "yesterday", "", "2026-06-01T25:00:00Z", "1899-12-31"]),
)  # fmt: skip
IDS = st.sampled_from(["sunkar", "soyuz-2.1b", "soyuz-2.1a", "proton-m", "baikonur-45-1",
                       "baikonur-31-6", "SUNKAR", "", "no-such-id", "fregat", "breeze-m",
                       "200:100:50", "[bold]x[/bold]", "a\nb", "x" * 300])  # fmt: skip
TEXT = st.text(max_size=40)
GRIDS = st.one_of(
    st.sampled_from(["200:2000:100", "200:inf:100", "200:100:50", "200:300:0", "1:2:3:4",
                     "200,nan", "51.6", "51.6,64.8", "", ",", "200:1e9:1e-9", "-5:5:1"]),
    st.lists(numbers(-100, 3000), min_size=1, max_size=3).map(",".join),
)  # fmt: skip


def paths(base: Path) -> st.SearchStrategy[str]:
    """Paths as a user might give them: folders, devices, files, missing, under a file."""
    f = base / "a-file.txt"
    return st.sampled_from([str(base), "/dev/zero", "/dev/null", str(f), str(f / "under"),
                            str(base / "missing.toml"), "", "x" * 300, "/proc/self/status",
                            str(base / "utf16.txt"), str(base / "loop")])  # fmt: skip


def bad_outs(base: Path) -> st.SearchStrategy[str]:
    """Output folders that can never be used (a file, under a file, a device, too long...)."""
    f = base / "a-file.txt"
    return st.sampled_from([str(f), str(f / "under"), "/dev/null", "/dev/zero", "x" * 300,
                            "/proc/self/status", str(base / "loop"), "/proc/x", ""])  # fmt: skip


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    b = tmp_path_factory.mktemp("fuzz-cli")
    (b / "a-file.txt").write_text("not a mission\n")
    (b / "utf16.txt").write_bytes("1 25544U\n2 25544\n".encode("utf-16"))
    (b / "loop").symlink_to(b / "loop")
    return b


def _out(base: Path, existing: bool) -> Path:
    out = base / f"out-{next(_ids)}"
    if existing:
        out.mkdir()
        (out / "keep.txt").write_text("the user's own file\n")
    return out


def _options(draw: st.DrawFn, spec: dict[str, st.SearchStrategy[str] | None]) -> list[str]:
    """A random subset of ``spec`` as command-line words (None: a flag without a value)."""
    keys = draw(st.lists(st.sampled_from(sorted(spec)), unique=True, max_size=len(spec)))
    words: list[str] = []
    for k in keys:
        strat = spec[k]
        words += [k] if strat is None else [k, draw(strat)]
    return words


def _forced_bad(draw: st.DrawFn, spec: dict[str, list[str]]) -> list[str]:
    """One option with a value that no combination makes valid."""
    flag = draw(st.sampled_from(sorted(spec)))
    return [flag, draw(st.sampled_from(spec[flag]))]


# --- performance (maximum payload, escape) ---------------------------------------------------
PERF = {
    "--vehicle": IDS, "--site": IDS, "--altitude-km": numbers(80, 3000),
    "--perigee-km": numbers(80, 1000), "--apogee-km": numbers(80, 50000),
    "--inclination-deg": numbers(0, 180), "--argument-of-perigee-deg": numbers(0, 360),
    "--sso": None, "--gto": None, "--dogleg": None, "--heading": st.sampled_from(
        ["north", "south", "east", ""]), "--payload-kg": numbers(0, 30000),
    "--upper-stage": IDS, "--c3": numbers(-15, 150), "--dla": numbers(-90, 90),
}  # fmt: skip
PERF_BAD = {"--altitude-km": ["nan", "-50", "79.9", "1e9"], "--payload-kg": ["-1", "inf", "1e7"],
            "--inclination-deg": ["181", "nan", "-0.1"], "--bogus": ["1"],
            "--heading": ["west"], "--vehicle": ["no-such-vehicle"], "--c3": ["nan", "1e6"]}  # fmt: skip


@fuzz(350)
@given(st.data())
def test_fuzz_performance(base: Path, data: st.DataObject) -> None:
    args = ["performance"]
    words = data.draw(st.composite(lambda d: _options(d, PERF))())
    bad = data.draw(st.composite(lambda d: _forced_bad(d, PERF_BAD))())
    out = _out(base, data.draw(st.booleans()))
    check_run("performance", [*args, *words, *bad, "--out", str(out)], out, expect_refused=True)


# --- curve ---------------------------------------------------------------------------------
CURVE = {"--vehicle": IDS, "--site": IDS, "--inclinations": GRIDS, "--altitudes": GRIDS,
         "--apogee": GRIDS, "--perigee-km": numbers(80, 1000), "--sso": None,
         "--upper-stage": IDS, "--heading": st.sampled_from(["north", "south", "up"]),
         "--workers": numbers(0, 64)}  # fmt: skip
CURVE_BAD = {"--altitudes": ["200:inf:100", "nan", "200:100:50", "0:1e9:1e-3"],
             "--perigee-km": ["nan", "-1"], "--workers": ["-1", "abc", "1.5"],
             "--inclinations": ["nan", "500"]}  # fmt: skip


@fuzz(200)
@given(st.data())
def test_fuzz_curve(base: Path, data: st.DataObject) -> None:
    words = data.draw(st.composite(lambda d: _options(d, CURVE))())
    bad = data.draw(st.composite(lambda d: _forced_bad(d, CURVE_BAD))())
    out = _out(base, data.draw(st.booleans()))
    check_run("curve", ["curve", *words, *bad, "--out", str(out)], out, expect_refused=True)


# --- fly, safety, dispersion: a mission path, options, an output folder --------------------
@fuzz(250)
@given(st.data())
def test_fuzz_mission_commands(base: Path, data: st.DataObject) -> None:
    cmd = data.draw(st.sampled_from(["fly", "safety", "dispersion", "orbit", "performance"]))
    good = str(EXAMPLES / "sunkar-leo-200km.toml")
    mission = data.draw(st.one_of(paths(base), st.just(good)))
    extra: list[str] = []
    if cmd == "dispersion":
        extra = data.draw(st.composite(lambda d: _options(d, {
            "--samples": numbers(1, 5000), "--seed": numbers(0, 2**31), "--tolerance":
            numbers(0, 1), "--workers": numbers(1, 8), "--chunk-size": numbers(1, 1000),
            "--until-converged": None, "--resume": None}))())  # fmt: skip
    if cmd == "safety":
        extra = data.draw(st.composite(lambda d: _options(d, {
            "--zones": paths(base), "--backup-days": numbers(0, 10)}))())  # fmt: skip
    out_kind = data.draw(st.sampled_from(["new", "existing", "bad"]))
    if out_kind == "bad":
        out_text = data.draw(bad_outs(base))
        out = None
    else:
        out = _out(base, out_kind == "existing")
        out_text = str(out)
    last: list[str] = []  # the last --out given is the one used
    if mission == good and out_kind != "bad":
        # a valid mission flies for seconds: keep the example cheap with an invalid option
        last = data.draw(
            st.sampled_from([["--bogus"], ["--out", "/dev/null"], ["--out", "/proc/x"]])
        )
        out = None if last[0] == "--out" else out
    check_run(cmd, [cmd, mission, *extra, "--out", out_text, *last], out, expect_refused=True)


# --- window (plane windows are cheap: these may succeed) -------------------------------------
WINDOW = {"--raan-deg": numbers(-360, 360), "--epoch": DATES, "--days": numbers(0, 3),
          "--yaw-allowance-deg": numbers(0, 10), "--heading": st.sampled_from(["north", "south",
          "x"]), "--sun-elevation-min-deg": numbers(-90, 90), "--sun-elevation-max-deg":
          numbers(-90, 90), "--insertion-sunlit": None, "--insertion-shadow": None,
          "--local-time": st.sampled_from(["10:30", "25:00", "x", ""]), "--node":
          st.sampled_from(["ascending", "descending", "up"]), "--sun": st.sampled_from(["mean",
          "true", "x"]), "--force-tle": None}  # fmt: skip


@fuzz(300)
@given(st.data())
def test_fuzz_window(base: Path, data: st.DataObject) -> None:
    valid_core = data.draw(st.integers(0, 9)) == 0  # one in ten: a plane that may fly
    if valid_core:
        args = ["window", "--site", "baikonur-45-1", "--vehicle", "sunkar", "--raan-deg",
                data.draw(st.sampled_from(["0", "100", "-45.5", "359"])), "--epoch",
                "2026-06-01T00:00:00Z", "--inclination-deg", "51.6", "--altitude-km",
                data.draw(st.sampled_from(["200", "400", "900"])), "--from",
                data.draw(st.sampled_from(["2026-06-01", "2026-06-03T12:00:00Z"])), "--days",
                data.draw(st.sampled_from(["0.5", "1", "2"]))]  # fmt: skip
        spec = {k: WINDOW[k] for k in ("--yaw-allowance-deg", "--heading",
                                       "--sun-elevation-min-deg", "--sun-elevation-max-deg",
                                       "--insertion-sunlit")}  # fmt: skip
        args += data.draw(st.composite(lambda d: _options(d, spec))())
    else:
        args = ["window", "--site", data.draw(IDS), "--vehicle", data.draw(IDS),
                "--from", data.draw(DATES)]  # fmt: skip
        args += data.draw(st.composite(lambda d: _options(d, {
            **WINDOW, "--inclination-deg": numbers(0, 180), "--altitude-km": numbers(80, 3000),
            "--tle": paths(base)}))())  # fmt: skip
        args += ["--days", data.draw(st.sampled_from(["nan", "0", "-1", "1e9", "x"]))]
    out = _out(base, data.draw(st.booleans()))
    check_run("window", [*args, "--out", str(out)], out)


# --- orbit (a short propagation is cheap: one in twenty may succeed) -------------------------
STATE = st.one_of(
    st.lists(numbers(-8000, 8000), min_size=6, max_size=6).map(",".join),
    st.sampled_from(["6778,0,0,0,7.67,0", "1e300,0,0,0,7,0", "nan,0,0,0,7,0", "1,2,3",
                     "6778,0,0,0,7.67,0,1", "0,0,0,0,0,0", "6778 0 0 0 7.67 0", ""]),
)  # fmt: skip
ORBIT = {"--orbits": numbers(0, 100), "--step": numbers(1, 600), "--stations": IDS,
         "--name": TEXT, "--object-id": TEXT, "--norad-id": numbers(0, 99999),
         "--ref-frame": st.sampled_from(["EME2000", "GCRF", "ITRF", ""]),
         "--ballistic-coefficient": numbers(0, 1000), "--sun-moon": None}  # fmt: skip


@fuzz(200)
@given(st.data())
def test_fuzz_orbit(base: Path, data: st.DataObject) -> None:
    if data.draw(st.integers(0, 19)) == 0:
        r = data.draw(st.sampled_from(["6778,0,0,0,7.67,0", "0,7000,0,-7.546,0,0.1"]))
        args = ["orbit", "--state-gcrs", r, "--epoch", "2026-06-01T00:00:00Z", "--orbits",
                data.draw(st.sampled_from(["0.05", "0.1"])), "--step", "60"]  # fmt: skip
        expect_refused = False
    else:
        args = ["orbit", "--state-gcrs", data.draw(STATE), "--epoch", data.draw(DATES)]
        args += data.draw(st.composite(lambda d: _options(d, ORBIT))())
        args += data.draw(st.sampled_from([["--orbits", "nan"], ["--orbits", "0"], ["--step",
                                           "0"], ["--tle", str(base)], ["--covariance",
                                           "/dev/zero"], ["--ballistic-coefficient", "nan"]]))  # fmt: skip
        expect_refused = True
    out = _out(base, data.draw(st.booleans()))
    check_run("orbit", [*args, "--out", str(out)], out, expect_refused=expect_refused)


# --- moon, mars, validate, catalog -------------------------------------------------------
@fuzz(300)
@given(st.data())
def test_fuzz_other_commands(base: Path, data: st.DataObject) -> None:
    cmd = data.draw(st.sampled_from(["moon", "mars", "validate", "sites", "vehicles", "stations"]))
    if cmd == "moon":
        args = ["moon", *data.draw(st.composite(lambda d: _options(d, {
            "--vehicle": IDS, "--site": IDS, "--from": DATES, "--tof-days": numbers(2, 10),
            "--parking-altitude-km": numbers(80, 1000), "--no-payload": None}))())]  # fmt: skip
        args += data.draw(st.sampled_from([["--days", "nan"], ["--days", "0"], ["--days", "1e9"],
                                           ["--from", "9999-12-31"], ["--tof-days", "-1"]]))  # fmt: skip
    elif cmd == "mars":
        args = ["mars", *data.draw(st.composite(lambda d: _options(d, {
            "--vehicle": IDS, "--site": IDS, "--opportunity": numbers(1900, 2100),
            "--payload-kg": numbers(0, 30000), "--upper-stage": IDS,
            "--parking-altitude-km": numbers(80, 1000)}))())]  # fmt: skip
        args += data.draw(st.sampled_from([["--opportunity", "9999"], ["--payload-kg", "nan"],
                                           ["--opportunity", "abc"], ["--parking-altitude-km", "-1"]]))  # fmt: skip
    elif cmd == "validate":
        args = ["validate", "--workers", data.draw(st.sampled_from(["nan", "-1", "abc", "1.5"]))]
    else:
        args = [cmd, *data.draw(st.sampled_from([[], ["--bogus"], ["extra-argument"]]))]
    out = _out(base, data.draw(st.booleans())) if cmd in ("moon", "mars") else None
    check_run(cmd, [*args, *(["--out", str(out)] if out else [])], out,
              expect_refused=cmd in ("moon", "mars", "validate"))  # fmt: skip


def test_fuzz_counts_printed() -> None:
    """The examples run by the tests above in this process (xdist splits them)."""
    from _fuzz import EXAMPLES_RUN

    for name in sorted(EXAMPLES_RUN):
        report(name)
