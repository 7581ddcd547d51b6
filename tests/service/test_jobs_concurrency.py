"""Two worker processes claiming from one queue never get the same job (both databases), and
two processes submitting the same inputs get the same job."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from sqlalchemy.orm import Session

from baiterek.service import jobs

N_JOBS = 40

_WORKER = """
import json, sys, time
from baiterek.service import jobs
url, worker, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
factory = session_factory(url)
with factory() as s:
    shared = jobs.submit(s, "fly", {"shared": True}, client_id=worker)
    time.sleep(max(0.0, start - time.time()))
    got = []
    while (job := jobs.claim(s, worker, kinds=("windows",))) is not None:
        got.append(job.id)
        jobs.finish(s, job, worker, result={"by": worker})
print(json.dumps({"claimed": got, "shared": shared.id}))
"""


def test_two_processes_never_claim_the_same_job(db_url: str, session: Session) -> None:
    ids = {jobs.submit(session, "windows", {"n": i}).id for i in range(N_JOBS)}
    start = time.time() + 3.0  # both processes imported and connected before claiming starts
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, db_url, f"w{k}", str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for k in (1, 2)
    ]
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        outs.append(json.loads(out))
    a, b = (set(o["claimed"]) for o in outs)
    print(f"claimed: w1 {len(a)}, w2 {len(b)} of {N_JOBS}")
    assert len(a) == len(outs[0]["claimed"]) and len(b) == len(outs[1]["claimed"])
    assert a.isdisjoint(b)
    assert a | b == ids
    assert outs[0]["shared"] == outs[1]["shared"]  # same inputs, same job
