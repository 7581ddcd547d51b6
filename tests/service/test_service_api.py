"""The REST service in process (httpx over ASGI): catalog, feasibility, opportunities, jobs with
progress events, the book's flow, health, and the error structure (no stack trace ever)."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from baiterek import api
from baiterek.service.limits import MAX_ACTIVE_JOBS_PER_CLIENT
from baiterek.service.worker import run_one

sys.path.insert(0, str(Path(__file__).parent))
from inproc import bearer, in_process, make_app, tokens  # noqa: E402

SSO_5T = {"vehicle": "sunkar", "site": "baikonur-45-1", "payload_kg": 5000, "orbit": "sso",
          "altitude_km": 500}  # fmt: skip


@pytest.fixture(scope="module")
def svc(tmp_path_factory: pytest.TempPathFactory) -> Any:
    app = make_app(tmp_path_factory.mktemp("svc"))
    with in_process(app) as c:
        yield app, c, tokens(app)


def _error(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"}
    assert {"kind", "message", "field", "value", "allowed"} <= set(body["error"])
    assert "Traceback" not in r.text
    return dict(body["error"])


def test_feasibility_sunkar_5t_sso_500km_matches_the_api(svc: Any) -> None:
    _, c, _ = svc
    r = c.post("/feasibility", json=SSO_5T)
    assert r.status_code == 200, r.text
    d = r.json()
    # reference: baiterek.api.max_payload with the same keywords (the CLI's `performance --json`)
    ref = api.max_payload(vehicle="sunkar", site="baikonur-45-1", altitude_km=500, sso=True,
                          payload_kg=5000)  # fmt: skip
    print(f"margin {d['margin_kg']} kg (api: {ref.margin_kg} kg), max {d['payload_kg']} kg")
    assert d["feasible"] is True and d["limiting_reason"] is None
    assert d["margin_kg"] == ref.margin_kg and d["margin_kg"] > 0
    assert d["payload_kg"] == ref.payload_kg
    assert d["target"]["kind"] == "sso" and 96.5 < d["target"]["inclination_deg"] < 99.5
    assert d["share_path"].startswith("/?") and "payload_kg=5000" in d["share_path"]
    again = c.post("/feasibility", json=SSO_5T).json()  # cached: the very same document
    assert again == d


def test_too_heavy_is_answered_with_the_limiting_reason(svc: Any) -> None:
    _, c, _ = svc
    d = c.post("/feasibility", json={**SSO_5T, "payload_kg": 40_000}).json()
    assert d["feasible"] is False and d["margin_kg"] < 0
    assert "exceeds the maximum" in d["limiting_reason"]


def test_user_errors_name_the_field_like_the_cli(svc: Any) -> None:
    _, c, _ = svc
    e = _error(c.post("/feasibility", json={**SSO_5T, "vehicle": "sunkar-9"}), 422)
    assert e["field"] == "vehicle" and "sunkar" in e["allowed"]
    e = _error(c.post("/feasibility", json={**SSO_5T, "payload": 5}), 422)
    assert e["field"] == "payload"
    e = _error(c.post("/feasibility", json={**SSO_5T, "orbit": "circular"}), 422)
    assert e["field"] == "inclination_deg"
    e = _error(c.post("/jobs", json={"kind": "dispersion", "samples": 10**6}), 422)
    assert e["field"] == "samples"


def test_catalog_is_the_cli_document(svc: Any) -> None:
    _, c, _ = svc
    assert c.get("/vehicles").json() == api.vehicles().to_json()
    assert c.get("/sites").json() == api.sites().to_json()
    z = c.get("/zones").json()
    assert len(z["zones"]) == len(api.zones().ids) and z["zones"][0]["ring_deg"]


def test_opportunities_and_their_ics(svc: Any) -> None:
    _, c, _ = svc
    d = c.post(
        "/opportunities", json={"altitude_km": 500, "start_date": "2027-03-01", "days": 3}
    ).json()
    assert len(d["windows"]) == 3  # one SSO plane crossing a day at 10:30 (descending node)
    ics = c.get(d["ics_path"])
    assert ics.status_code == 200 and ics.text.startswith("BEGIN:VCALENDAR")
    assert ics.text.count("BEGIN:VEVENT") == 3


def test_jobs_idempotent_progress_events_and_files(svc: Any) -> None:
    app, c, _ = svc
    body = {"kind": "windows", "days": 1, "launch_time_utc": "2027-04-01T00:00:00Z"}
    j = c.post("/jobs", json=body)
    assert j.status_code == 202 and j.json()["status"] == "queued"
    assert c.post("/jobs", json=body).json()["id"] == j.json()["id"]  # same input, same job
    st = app.state.baiterek
    t = threading.Thread(target=run_one, args=(st.sessions, st.jobs_dir, "test-worker"))
    t.start()
    events = c.get(f"/jobs/{j.json()['id']}/events").text  # streams until done
    t.join()
    assert "event: done" in events and '"status": "done"' in events
    d = c.get(f"/jobs/{j.json()['id']}").json()
    assert d["status"] == "done" and d["result"]["windows"]
    ics = [f for f in d["files"] if f.endswith(".ics")]
    assert ics and c.get(f"/jobs/{d['id']}/files/{ics[0]}").text.startswith("BEGIN:VCALENDAR")


def test_jobs_per_client_limit(svc: Any) -> None:
    _, c, t = svc
    h = bearer(t["analyst"])  # its own client id, so other tests' jobs do not count
    for i in range(MAX_ACTIVE_JOBS_PER_CLIENT):
        assert (
            c.post(
                "/jobs", json={"kind": "fly", "seed": i, "payload_kg": 1000 + i}, headers=h
            ).status_code
            == 202
        )
    e = _error(c.post("/jobs", json={"kind": "fly", "payload_kg": 999}, headers=h), 429)
    assert e["field"] == "jobs"


def test_unexpected_failure_is_a_generic_500(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret detail /etc/passwd")

    with in_process(app) as c:
        import httpx

        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        c._client._transport = transport  # noqa: SLF001 - keep the 500 as a response
        r = c.get("/boom")
    e = _error(r, 500)
    assert "secret" not in r.text and e["kind"] == "InternalError"


def test_health_and_readiness(svc: Any) -> None:
    _, c, _ = svc
    assert c.get("/health").json()["status"] == "ok"
    assert c.get("/ready").json() == {"status": "ready", "version": api.__version__,
                                      "detail": {"database": "ok", "data_dir": "ok"}}  # fmt: skip


def test_quote_flow_and_pad_conflict(svc: Any) -> None:
    _, c, t = svc
    r = c.post("/quote-requests", json={
        "organisation": "Kazakh Cubes LLP", "country": "KZ", "contact_email": "a@cubes.example",
        "spacecraft_name": "KC-1", "mass_kg": 12, "orbit": "sso", "altitude_km": 500,
        "local_time": "10:30", "readiness_date": "2027-03-01", "latest_date": "2027-12-31",
    })  # fmt: skip
    assert r.status_code == 201, r.text
    rid = r.json()["request_id"]
    a = bearer(t["analyst"])
    assert any(x["id"] == rid for x in c.get("/requests", headers=a).json()["requests"])
    q = c.post(f"/requests/{rid}/quotes", headers=a)
    assert q.status_code == 201, q.text
    assert q.json()["status"] == "draft" and float(q.json()["total"]) > 0
    ok = c.post(f"/quotes/{q.json()['id']}/approve", headers=a).json()
    assert ok["status"] == "approved" and ok["version"] == q.json()["version"] + 1
    p = c.post(
        "/price", json={"payload_kg": 12, "orbit": "sso", "readiness_date": "2027-03-01"}
    ).json()
    assert p["total"] == q.json()["total"] and p["indicative"] is True

    b1 = c.post("/pads/baikonur-45-1/bookings", headers=a, json={
        "activity": "launch", "starts_utc": "2028-05-01T00:00:00Z", "ends_utc": "2028-05-02T00:00:00Z"})  # fmt: skip
    assert b1.status_code == 201, b1.text
    e = _error(c.post("/pads/baikonur-45-1/bookings", headers=a, json={
        "activity": "launch", "starts_utc": "2028-05-20T00:00:00Z", "ends_utc": "2028-05-21T00:00:00Z"}), 422)  # fmt: skip
    assert e["field"] == "starts_at" and f"booking {b1.json()['id']}" in e["allowed"]
    assert "turnaround" in e["allowed"]


def test_job_inputs_checked_at_submission_one_instant_one_job(svc: Any) -> None:
    _, c, t = svc
    e = _error(c.post("/jobs", json={"kind": "fly", "vehicle": "nope"}), 422)
    assert e["field"] == "mission.vehicle" and "sunkar" in e["allowed"]
    e = _error(c.post("/jobs", json={"kind": "curve", "site": "nope"}), 422)
    assert e["field"] == "site"
    e = _error(
        c.post("/jobs", json={"kind": "safety", "launch_time_utc": "2027-05-01T06:00:00"}), 422
    )
    assert e["field"] == "launch_time_utc"  # a time without its zone
    h = bearer(t["admin"])
    a = c.post(
        "/jobs", headers=h, json={"kind": "safety", "launch_time_utc": "2027-05-01T11:00:00+05:00"}
    )
    b = c.post(
        "/jobs", headers=h, json={"kind": "safety", "launch_time_utc": "2027-05-01T06:00:00Z"}
    )
    assert a.json()["id"] == b.json()["id"]
    assert a.json()["inputs"]["launch_time_utc"] == "2027-05-01T06:00:00Z"
    e = _error(c.post(f"/jobs/{a.json()['id']}/retry", headers=h), 422)  # only a failed job
    assert e["field"] == "job_id" and "failed" in e["allowed"]
    _error(c.post(f"/jobs/{a.json()['id']}/retry"), 401)
