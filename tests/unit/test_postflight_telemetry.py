"""Telemetry tables and their comparison with a simulated series (postflight/telemetry.py).

References: synthetic series whose differences are known by construction (a linear altitude and
speed, offsets chosen here), and the unit factors of the column suffixes (1 km/h = 1/3.6 m/s,
1 g = 9.80665 m/s2, the standard gravity of constants.G0).
"""

import numpy as np
import pytest

from baiterek.constants import G0
from baiterek.errors import InputError
from baiterek.postflight.telemetry import compare_series, read_telemetry


def _csv(tmp_path, text, name="tel.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_reads_the_reference_columns_in_si(tmp_path):
    p = _csv(tmp_path, "t_s,altitude_km,speed_m_s\n0,0.0,0.7\n10,0.2,36.9\n")
    tel = read_telemetry(p)
    assert tel.time.tolist() == [0.0, 10.0]
    assert tel.altitude.tolist() == [0.0, 200.0]
    assert tel.speed.tolist() == [0.7, 36.9]
    assert tel.downrange is None and tel.acceleration is None
    assert not tel.time.flags.writeable


def test_other_columns_by_option_with_units_from_their_suffix(tmp_path):
    p = _csv(tmp_path, "time_s,h_m,v_km_h,a_g,x_km\n0,5,36,1.2,0\n1,50,72,1.3,0.5\n")
    cols = {"time": "time_s", "altitude": "h_m", "speed": "v_km_h", "acceleration": "a_g",
            "downrange": "x_km"}  # fmt: skip
    tel = read_telemetry(p, cols)
    assert tel.altitude.tolist() == [5.0, 50.0]
    assert tel.speed == pytest.approx([10.0, 20.0], rel=1e-15)
    assert tel.acceleration == pytest.approx([1.2 * G0, 1.3 * G0], rel=1e-15)
    assert tel.downrange.tolist() == [0.0, 500.0]


@pytest.mark.parametrize(
    ("text", "cols", "field"),
    [
        ("t_s,alt_km,speed_m_s\n0,0,0\n1,1,1\n", None, "telemetry.altitude_column"),
        ("t_s,altitude_km,speed_m_s\n0,0,0\n0,1,1\n", None, "telemetry.time_column"),
        ("t_s,altitude_km,speed_m_s\n0,0,0\n1,x,1\n", None, "telemetry.altitude_column"),
        ("t_s,altitude_km,speed_mph\n0,0,0\n1,1,1\n", {"speed": "speed_mph"},
         "telemetry.speed_column"),
        ("t_s,altitude_km,speed_m_s\n0,0,0\n", None, "telemetry"),
        ("t_s,altitude_km,speed_m_s\n0,0,0\n1,1,1\n", {"acceleration": "acc_g"},
         "telemetry.acceleration_column"),
    ],
)  # fmt: skip
def test_mistakes_name_the_option(tmp_path, text, cols, field):
    with pytest.raises(InputError) as exc:
        read_telemetry(_csv(tmp_path, text), cols)
    assert exc.value.field == field


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as exc:
        read_telemetry(tmp_path / "none.csv")
    assert exc.value.field == "telemetry"


def test_differences_at_samples_and_events(tmp_path):
    # telemetry: altitude 1 km/s, speed 10 m/s per s, samples every 10 s to 120 s
    t = np.arange(0.0, 121.0, 10.0)
    rows = "\n".join(f"{x:g},{x / 1000:g},{10 * x:g}" for x in t)
    tel = read_telemetry(_csv(tmp_path, "t_s,altitude_km,speed_m_s\n" + rows + "\n"))
    # simulation: 2 % higher altitude, speed 50 m/s fast, flown to 100 s only
    ts = np.arange(0.0, 100.5, 0.5)
    cmp = compare_series(ts, 1.02 * ts, 10 * ts + 50.0, tel,
                         [("stage1_cutoff", 60.0), ("stage2_cutoff", 95.0)],
                         {"stage2_cutoff": 100.0})  # fmt: skip
    assert cmp.time.tolist() == t[t <= 100].tolist()
    assert cmp.samples_outside == 2
    assert cmp.altitude_error_pct[1:] == pytest.approx(2.0, rel=1e-12)
    assert np.isnan(cmp.altitude_error_pct[0])  # telemetry 0 km: no percent
    assert cmp.speed_error == pytest.approx(50.0, abs=1e-9)
    same, event = cmp.events
    assert (same.basis, same.telemetry_time) == ("same_time", 60.0)
    assert same.speed_error == pytest.approx(50.0, abs=1e-9)
    assert same.speed_error_pct == pytest.approx(50.0 / 600.0 * 100.0, rel=1e-12)
    # event to event: simulated state at 95 s against the telemetry at the flown 100 s
    assert (event.basis, event.time, event.telemetry_time) == ("event", 95.0, 100.0)
    assert event.speed_error == pytest.approx(10 * 95 + 50.0 - 1000.0, abs=1e-9)
    t_w, err_w, pct_w = cmp.worst_pct("altitude", after=20.0)
    assert t_w >= 20.0 and pct_w == pytest.approx(2.0, rel=1e-12)  # every sample is 2 % off
    t_w, err_w, _ = cmp.worst("altitude")
    assert t_w == 100.0 and err_w == pytest.approx(0.02 * 100.0, rel=1e-9)  # m: 2 % of 100 m


def test_optional_downrange_and_acceleration_are_compared_when_both_sides_have_them(tmp_path):
    text = "t_s,altitude_km,speed_m_s,downrange_km,acceleration_g\n0,0,0,0,1.5\n10,1,100,2,2.0\n"
    tel = read_telemetry(_csv(tmp_path, text))
    ts = np.array([0.0, 5.0, 10.0])
    cmp = compare_series(ts, 100.0 * ts, 10.0 * ts, tel, sim_downrange=210.0 * ts,
                         sim_acceleration=np.full(3, 2.0 * G0))  # fmt: skip
    assert cmp.downrange.tolist() == [0.0, 2100.0]
    assert cmp.telemetry_downrange.tolist() == [0.0, 2000.0]
    assert cmp.acceleration - cmp.telemetry_acceleration == pytest.approx([0.5 * G0, 0.0])
    none = compare_series(ts, 100.0 * ts, 10.0 * ts, tel)  # no simulated downrange given
    assert none.downrange is None and none.telemetry_downrange is None
