"""``baiterek._jit_cache.drop_stale``: numba's cache follows changes in the modules a cached
kernel calls or reads constants from (numba alone keys the cache on the kernel's own file:
numba issue #1833, and its documentation's "Cache invalidation" limitation).

Reference: the value the edited source must give (a plain reading of the edited code), in a
fresh process with numba's in-tree cache warm from the run before the edit.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

KERNEL = """from numba import njit
from jcpkg.consts import OFFSET
from jcpkg.helper import g
{hook_import}

@njit(cache=True)
def f():
    return g() + OFFSET
{hook}
"""


def _write(pkg: Path, helper_value: str, offset: str) -> None:
    (pkg / "helper.py").write_text(
        f"from numba import njit\n\n\n@njit(cache=True)\ndef g():\n    return {helper_value}\n"
    )
    (pkg / "consts.py").write_text(f"OFFSET = {offset}\n")


def _run(root: Path, module: str) -> float:
    # numba's in-tree cache, and the JIT on whatever the outer run set
    env = {k: v for k, v in os.environ.items() if k not in ("NUMBA_CACHE_DIR", "NUMBA_DISABLE_JIT")}
    env["PYTHONPATH"] = f"{root}{os.pathsep}{SRC}"
    out = subprocess.run(
        [sys.executable, "-c", f"import jcpkg.{module} as m; print(m.f())"],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    return float(out.stdout.strip())


def test_a_changed_callee_or_constant_is_compiled_again(tmp_path):
    pkg = tmp_path / "jcpkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "hooked.py").write_text(KERNEL.format(
        hook_import="from baiterek._jit_cache import drop_stale",
        hook="\ndrop_stale(globals())",
    ))  # fmt: skip
    (pkg / "plain.py").write_text(KERNEL.format(hook_import="", hook=""))
    _write(pkg, "1.0", "10.0")
    assert _run(tmp_path, "hooked") == 11.0
    assert _run(tmp_path, "plain") == 11.0
    assert list((pkg / "__pycache__").glob("hooked.f-*.nbi"))  # numba cached it in-tree
    time.sleep(1.1)  # a later mtime for numba's own stamp of helper.py
    _write(pkg, "2.0", "100.0")
    plain = _run(tmp_path, "plain")
    print(f"\nafter the edit: with drop_stale {_run(tmp_path, 'hooked')}, numba alone {plain} "
          "(the edited source gives 102.0)")  # fmt: skip
    assert _run(tmp_path, "hooked") == 102.0
    # once compiled again, the fingerprint is recorded and the cache is used as it stands
    stamp = pkg / "__pycache__" / "jcpkg.hooked.deps-sha256"
    assert stamp.is_file()
    before = {p: p.stat().st_mtime_ns for p in (pkg / "__pycache__").glob("hooked.f-*.nbi")}
    assert _run(tmp_path, "hooked") == 102.0
    after = {p: p.stat().st_mtime_ns for p in (pkg / "__pycache__").glob("hooked.f-*.nbi")}
    assert before == after  # no recompilation when nothing changed
