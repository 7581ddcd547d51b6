"""Two worker processes claiming from one queue never get the same job (both databases), and
two processes submitting the same inputs get the same job."""

from __future__ import annotations

from _procs import BARRIER, run_together
from sqlalchemy.orm import Session

from baiterek.service import jobs

N_JOBS = 40

_WORKER = (
    """
import json, sys
from baiterek.service import jobs
from baiterek.service.db import session_factory
url, worker = sys.argv[1], sys.argv[2]
s = session_factory(url)()
jobs.active_count(s, worker)  # connected before the barrier
"""
    + BARRIER
    + """
shared = jobs.submit(s, "fly", {"shared": True}, client_id=worker)
got = []
while (job := jobs.claim(s, worker, kinds=("windows",))) is not None:
    got.append(job.id)
    jobs.finish(s, job, worker, result={"by": worker})
s.close()
print(json.dumps({"claimed": got, "shared": shared.id}))
"""
)


def test_two_processes_never_claim_the_same_job(db_url: str, session: Session) -> None:
    ids = {jobs.submit(session, "windows", {"n": i}).id for i in range(N_JOBS)}
    outs = run_together([(_WORKER, [db_url, f"w{k}"]) for k in (1, 2)])
    a, b = (set(o["claimed"]) for o in outs)
    print(f"claimed: w1 {len(a)}, w2 {len(b)} of {N_JOBS}")
    assert len(a) == len(outs[0]["claimed"]) and len(b) == len(outs[1]["claimed"])
    assert a.isdisjoint(b)
    assert a | b == ids
    assert outs[0]["shared"] == outs[1]["shared"]  # same inputs, same job
