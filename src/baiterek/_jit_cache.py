"""numba's on-disk cache kept honest across modules.

numba (``@njit(cache=True)``) keys a function's cached machine code on its own source file only.
A change in a jitted function it calls from another module, or in a module-level constant it
reads (constants are frozen at compilation), is not seen: the old code is loaded and the old
numbers come out (numba's documented limitation, "Cache invalidation fails to recognize changes
in symbols defined in a different file"; numba issue #1833, open since 2016). In baiterek the
flight kernel calls the gravity, atmosphere and geodesy kernels and reads ``baiterek.constants``:
an edited J2 would not reach the flight until ``_kernel.py`` itself changed.

:func:`drop_stale` closes the gap. Called at the end of a jitted module, it fingerprints the
sources the module imports from its own package, transitively (SHA-256 of each file, found by
reading the ``import`` statements), and compares the fingerprint with the one recorded beside
numba's cache of that module. When they differ (or none was recorded) it deletes the module's
cache index files, so numba compiles again at the first call, and records the new fingerprint.
A clean checkout, an installed wheel and an unchanged tree cost a few milliseconds of hashing.
Written here because numba has no dependency tracking (its pull request #8396 is unmerged);
numba's cache object (``Dispatcher._cache``) is an internal of numba 0.5x-0.6x: if it moves,
nothing is deleted (the limitation is then back, never a crash).
"""

from __future__ import annotations

import ast
import hashlib
import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["dependency_fingerprint", "drop_stale"]

STAMP_SUFFIX = ".deps-sha256"
"""The recorded fingerprint: ``<module>.deps-sha256`` in the module's numba cache directory."""


@lru_cache(maxsize=512)
def _imports(path: Path, module: str, root: str) -> frozenset[str]:
    """Modules of package ``root`` that ``module`` (source ``path``) imports, by name."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return frozenset()
    package = module.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == root}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's package
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                name = f"{base}.{node.module}" if node.module else base
            else:
                name = node.module or ""
            if name.split(".")[0] != root:
                continue
            out.add(name)  # a module (a package's __init__ is not followed: _source)
            out |= {f"{name}.{a.name}" for a in node.names}  # ``from pkg import submodule``
    return frozenset(m for m in out if _source(m) is not None)


@lru_cache(maxsize=512)
def _source(module: str) -> Path | None:
    """The ``.py`` file of ``module`` (not a package's ``__init__``), found on disk under its
    top-level package's directory without importing anything; None when there is none."""
    root, _, rest = module.partition(".")
    top = sys.modules.get(root)
    top_file = getattr(top, "__file__", None)
    if not rest or not top_file:
        return None
    path = Path(top_file).parent.joinpath(*rest.split(".")).with_suffix(".py")
    return path if path.is_file() else None


@lru_cache(maxsize=512)
def _file_digest(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


def dependency_fingerprint(module: str) -> str:
    """SHA-256 over the sources of ``module`` and of every module of its top-level package it
    imports, transitively (names sorted, so the order of imports does not matter). Packages'
    ``__init__`` files are not followed: they hold no kernels, and would pull in the package."""
    root = module.split(".")[0]
    seen: dict[str, Path] = {}
    todo = [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = _source(name)
        if path is None:
            continue
        seen[name] = path
        todo.extend(_imports(path, name, root) - seen.keys())
    h = hashlib.sha256()
    for name in sorted(seen):
        h.update(name.encode())
        h.update(b"\0")
        h.update(_file_digest(seen[name]))
        h.update(b"\0")
    return h.hexdigest()


def _cached_dispatchers(namespace: dict[str, Any]) -> list[Any]:
    """The module's own ``@njit(cache=True)`` functions (numba dispatchers with a cache)."""
    name = namespace.get("__name__")
    out = []
    for v in list(namespace.values()):
        cache = getattr(v, "_cache", None)
        py_func = getattr(v, "py_func", None)
        if cache is None or py_func is None or getattr(py_func, "__module__", None) != name:
            continue
        if hasattr(cache, "_cache_path") and hasattr(cache, "_cache_file"):
            out.append(v)
    return out


def drop_stale(namespace: dict[str, Any]) -> bool:
    """Call as ``drop_stale(globals())`` at the end of a module with ``@njit(cache=True)``
    functions: deletes their cache index when the module's dependency fingerprint changed since
    the cache was written (or was never recorded). Returns True when it deleted something."""
    dispatchers = _cached_dispatchers(namespace)
    if not dispatchers:  # JIT disabled, or numba's internals moved
        return False
    module = str(namespace["__name__"])
    try:
        cache_dir = Path(dispatchers[0]._cache._cache_path)
        indexes = [Path(d._cache._cache_file._index_path) for d in dispatchers]
    except AttributeError:
        return False
    stamp = cache_dir / f"{module}{STAMP_SUFFIX}"
    fingerprint = dependency_fingerprint(module)
    try:
        if stamp.read_text().strip() == fingerprint:
            return False
    except OSError:
        pass  # never recorded
    dropped = False
    for index in indexes:
        try:
            index.unlink()
            dropped = True
        except FileNotFoundError:
            pass
        except OSError:
            return False  # a cache we may not change: leave it
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=stamp.name, suffix=".tmp")
        with os.fdopen(fd, "w") as fh:
            fh.write(fingerprint + "\n")
        os.replace(tmp, stamp)  # atomic: parallel workers see one stamp or the other
    except OSError:
        pass
    return dropped
