"""The cold-first-run notice: said when numba's cache holds no flight kernel, not otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

CODE = "from baiterek import api; print(api.compile_notice())"


def _notice(env_extra: dict[str, str]) -> str:
    env = {**os.environ, **env_extra}
    r = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, env=env, timeout=120
    )
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def test_an_empty_numba_cache_is_announced(tmp_path):
    """A fresh NUMBA_CACHE_DIR is what a first run in a fresh clone meets (no compilation here:
    reading the cache index only)."""
    text = _notice({"NUMBA_CACHE_DIR": str(tmp_path)})
    assert text.startswith("compiling the flight kernels (once, about ")


@pytest.mark.parametrize("flag", ["1"])
def test_nothing_to_announce_without_jit(flag):
    assert _notice({"NUMBA_DISABLE_JIT": flag}) == "None"
