"""Dask backend of the Monte Carlo runner: a client on a scheduler address or on a LocalCluster.

Kept apart so that ``dask.distributed`` (the optional extra ``baiterek[dask]``) is imported only
when asked for. Run on a cluster: start ``dask scheduler`` on one host and ``dask worker
tcp://HOST:8786 --nthreads 1`` on each node (with baiterek installed), then pass
``--scheduler tcp://HOST:8786``. One thread per worker: the evaluators are numpy/numba code that
holds the GIL for much of its time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from baiterek.errors import InputError

if TYPE_CHECKING:
    from distributed import Client, LocalCluster


def client(scheduler: str | None, workers: int) -> tuple[Client, LocalCluster | None]:
    """(client, cluster or None): connect to ``scheduler``, or start a LocalCluster of ``workers``."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - the extra is not installed
        raise InputError(
            "scheduler", scheduler or "local", "dask installed: pip install 'baiterek[dask]'"
        ) from None
    if scheduler:
        try:
            return Client(scheduler, timeout="10s"), None
        except (OSError, TimeoutError) as exc:
            raise InputError(
                "scheduler", scheduler, f"a reachable Dask scheduler ({exc})"
            ) from None
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    )
    return Client(cluster), cluster
