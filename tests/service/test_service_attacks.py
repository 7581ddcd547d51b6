"""Attacks on the service, each refused: path traversal on downloads, another customer's quote by
id, SQL metacharacters in every text field (stored verbatim, tables intact), oversized bodies
and sample counts, tokens of the wrong role, forged tokens."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select

from baiterek.service.db import Customer, LaunchRequest, PadBooking
from baiterek.service.limits import MAX_BODY_BYTES, MAX_SAMPLES, MAX_WINDOW_DAYS
from baiterek.service.worker import run_one

sys.path.insert(0, str(Path(__file__).parent))
from inproc import bearer, in_process, make_app, tokens  # noqa: E402

SQL = "x'); DROP TABLE customers; -- \" OR 1=1; SELECT * FROM api_tokens /*"


@pytest.fixture(scope="module")
def svc(tmp_path_factory: pytest.TempPathFactory) -> Any:
    app = make_app(tmp_path_factory.mktemp("attack"))
    with in_process(app) as c:
        yield app, c, tokens(app)


def _refused(r: Any, *codes: int) -> dict[str, Any]:
    assert r.status_code in codes, (r.status_code, r.text)
    body = r.json()
    assert set(body) == {"error"} and "Traceback" not in r.text
    return dict(body["error"])


def test_path_traversal_on_downloads(svc: Any) -> None:
    app, c, _ = svc
    st = app.state.baiterek
    job = c.post("/jobs", json={"kind": "windows", "days": 1}).json()
    t = threading.Thread(target=run_one, args=(st.sessions, st.jobs_dir, "w"))
    t.start()
    t.join()
    (st.data_dir / "secret.txt").write_text("top secret")
    base = f"/jobs/{job['id']}/files/"
    assert c.get(base + "mission.toml").status_code == 200  # a real file of the job
    for name in ["../../secret.txt", "..%2F..%2Fsecret.txt", "%2e%2e%2f%2e%2e%2fsecret.txt",
                 "%2e", "..%5c..%5csecret.txt", "mission.toml%00.png", "%2Fetc%2Fpasswd",
                 "....//....//secret.txt", "..;/secret.txt"]:  # fmt: skip
        r = c.get(base + name)
        assert r.status_code == 404, (name, r.status_code)
        assert "top secret" not in r.text
    for jid in ["..%2F..%2F", "../jobs", "%2e%2e", job["id"] + "%2F..%2F.."]:
        r = c.get(f"/jobs/{jid}/files/secret.txt")
        assert r.status_code == 404 and "top secret" not in r.text
    for key in ["..%2F..%2Fsecret", "../x"]:
        assert c.get(f"/opportunities/{key}.ics").status_code == 404
    assert c.get("/static/..%2Fapp.py").status_code == 404


def test_another_customers_quote_by_id(svc: Any) -> None:
    app, c, t = svc
    acme, globex, analyst = bearer(t["acme"]), bearer(t["globex"]), bearer(t["analyst"])
    st = app.state.baiterek
    from baiterek.service.book import SYSTEM, create_request

    with st.sessions.begin() as s:
        rid = create_request(s, SYSTEM, customer_id=int(t["acme_customer_id"]), mass_kg=20,
                             envelope_class="cubesat", orbit_class="sso", perigee_km=500,
                             readiness_date=__import__("datetime").date(2027, 6, 1),
                             latest_date=__import__("datetime").date(2027, 12, 1),
                             service="rideshare").id  # fmt: skip
    qid = c.post(f"/requests/{rid}/quotes", headers=analyst).json()["id"]
    assert c.get(f"/quotes/{qid}", headers=acme).status_code == 200
    e = _refused(c.get(f"/quotes/{qid}", headers=globex), 404)
    assert e["field"] == "quote_id"
    _refused(c.get(f"/requests/{rid}", headers=globex), 404)
    assert all(q["id"] != qid for q in c.get("/quotes", headers=globex).json()["quotes"])
    assert c.get(f"/quotes/{qid + 1000}", headers=globex).status_code == 404  # same as missing
    _refused(c.get(f"/quotes/{qid}"), 401)  # the public


def test_sql_metacharacters_in_every_text_field(svc: Any) -> None:
    app, c, t = svc
    body = {"organisation": SQL, "country": "KZ", "contact_email": "o'brien@x.example",
            "spacecraft_name": SQL, "mass_kg": 15, "orbit": "sso", "altitude_km": 500,
            "readiness_date": "2027-03-01", "latest_date": "2027-12-31", "notes": SQL}  # fmt: skip
    r = c.post("/quote-requests", json=body)
    assert r.status_code == 201, r.text
    b = c.post("/pads/baikonur-31-6/bookings", headers=bearer(t["analyst"]), json={
        "activity": "maintenance", "starts_utc": "2030-01-01T00:00:00Z",
        "ends_utc": "2030-01-02T00:00:00Z", "note": SQL})  # fmt: skip
    assert b.status_code == 201, b.text
    st = app.state.baiterek
    with st.sessions() as s:
        assert (
            s.scalars(select(Customer).where(Customer.name == SQL)).one().contact_email
            == "o'brien@x.example"
        )
        req = s.get(LaunchRequest, r.json()["request_id"])
        assert req is not None and SQL in req.notes
        assert s.get(PadBooking, b.json()["id"]).note == SQL  # type: ignore[union-attr]
    assert {"customers", "api_tokens", "launch_requests"} <= set(
        inspect(st.engine).get_table_names()
    )
    for path in [f"/quotes/1{SQL}", "/requests/1 OR 1=1", f"/jobs/{SQL}", f"/pads/{SQL}/bookings"]:
        assert c.get(path, headers=bearer(t["analyst"])).status_code in (404, 422)
    e = _refused(c.get("/schedule/fits", params={"payload_kg": 5, "orbit": SQL}), 422)
    assert e["field"] == "orbit"
    e = _refused(c.post("/feasibility", json={"payload_kg": 5, "vehicle": SQL}), 422)
    assert e["field"] == "vehicle"


def test_oversized_bodies_and_work(svc: Any) -> None:
    _, c, _ = svc
    big = b'{"payload_kg": 5, "pad": "' + b"x" * (MAX_BODY_BYTES + 10) + b'"}'
    e = _refused(
        c.post("/feasibility", content=big, headers={"content-type": "application/json"}), 413
    )
    assert e["field"] == "body" and str(MAX_BODY_BYTES) in e["allowed"]

    async def chunks() -> Any:  # no Content-Length: FastAPI's limit while reading
        for _ in range(40):
            yield b" " * 4096

    r = c.post("/jobs", content=chunks(), headers={"content-type": "application/json"})
    _refused(r, 413)
    e = _refused(c.post("/jobs", json={"kind": "dispersion", "samples": MAX_SAMPLES + 1}), 422)
    assert e["field"] == "samples"
    e = _refused(c.post("/jobs", json={"kind": "windows", "days": MAX_WINDOW_DAYS + 1}), 422)
    assert e["field"] == "days"
    e = _refused(c.post("/opportunities", json={"altitude_km": 500, "start_date": "2027-01-01",
                                                "days": 10_000}), 422)  # fmt: skip
    assert e["field"] == "days"
    _refused(c.post("/feasibility", json={"payload_kg": 1e300}), 422)
    _refused(c.post("/price", json={"payload_kg": 5, "options": ["a"] * 1000}), 422)


def test_tokens_of_the_wrong_role(svc: Any) -> None:
    _, c, t = svc
    cust = bearer(t["acme"])
    booking = {
        "activity": "launch",
        "starts_utc": "2031-01-01T00:00:00Z",
        "ends_utc": "2031-01-02T00:00:00Z",
    }
    e = _refused(c.post("/pads/baikonur-45-1/bookings", headers=cust, json=booking), 403)
    assert e["value"] == "customer" and "analyst" in e["allowed"]
    _refused(c.get("/missions", headers=cust), 403)
    _refused(c.get("/jobs", headers=cust), 403)
    _refused(c.post("/requests/1/quotes", headers=cust), 403)
    _refused(c.post("/quotes/1/approve", headers=cust), 403)
    _refused(c.get("/requests"), 401)  # public: a token is needed
    _refused(c.get("/requests", headers=bearer("not-a-token")), 401)
    tok = t["acme"]
    tampered = tok[:-1] + ("B" if tok.endswith("A") else "A")  # one character changed, always
    _refused(c.get("/requests", headers=bearer(tampered)), 401)
    _refused(c.get("/requests", headers={"Authorization": "Basic YWRtaW46YWRtaW4="}), 401)
    _refused(c.get("/requests", headers={"Authorization": f"Bearer {SQL}"}), 401)
