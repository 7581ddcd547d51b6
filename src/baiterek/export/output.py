"""Output folders: checked up front, filled through a staging folder, described by a manifest.

``check_out_dir`` refuses an unusable ``--out`` before any computation (an existing file, a path
under a file, ``/dev`` or ``/proc``, a NUL byte, an over-long name, an unwritable folder).
``staged_output`` yields a fresh staging folder on the same file system; the caller writes every
product into it. On success the products move into place one by one (``os.replace``, atomic per
file), ``manifest.json`` lists each with its SHA-256, size and what it is, under the run's
provenance (which names the command), and the files an earlier run of the same command wrote
there and this run did not are deleted (nothing else is ever deleted). Files of another command
sharing the folder stay, listed under ``other_runs`` with their own provenance. On an exception the staging folder is removed and the
output folder is left as it was. The standard library's ``tempfile``/``os.replace``/``shutil``
do the work; no library offers the manifest and stale-file rule, hence this module.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from baiterek.errors import InputError

MANIFEST_NAME = "manifest.json"
MANIFEST_SCHEMA = "baiterek-manifest-1"
_FORBIDDEN_ROOTS = ("/dev", "/proc", "/sys")
T = TypeVar("T")
_ALLOWED = "a folder that exists or can be created, and that you may write into"

_WHAT_BY_SUFFIX = {
    ".csv": "table (CSV, one header row, units in the column names)",
    ".parquet": "table (Parquet, units in the column names)",
    ".json": "JSON document",
    ".geojson": "GeoJSON features (RFC 7946)",
    ".czml": "CZML track for Cesium",
    ".kml": "KML 2.2 track for Google Earth",
    ".html": "interactive HTML page",
    ".ics": "iCalendar events (RFC 5545)",
    ".tle": "two-line element set",
    ".opm": "CCSDS orbit parameter message (KVN)",
    ".oem": "CCSDS orbit ephemeris message (KVN)",
    ".xml": "XML document",
    ".png": "image (PNG)",
    ".svg": "image (SVG)",
    ".txt": "text",
    ".md": "text (Markdown)",
}


DESCRIBE_ASCENT = {
    "trajectory.csv": "the ascent, one row per time step (units in the column names)",
    "trajectory.parquet": "the ascent as trajectory.csv, with provenance in its metadata",
    "events.csv": "the event timeline (liftoff, max q, separations, insertion)",
    "ascent.html": "plots of the ascent (plotly, offline)",
    "ground_track.geojson": "the ground track (RFC 7946, split at the antimeridian)",
    "result.json": "the document --json prints, with the names of these files",
    "map.html": "the map: ground track, impact-point track, drop zones and falls",
}
DESCRIBE_ORBIT = {
    "insertion.opm": "the insertion state, CCSDS OPM (KVN)",
    "insertion.opm.xml": "the insertion state, CCSDS OPM (XML)",
    "orbit.oem": "the propagated ephemeris, CCSDS OEM (KVN)",
    "orbit.oem.xml": "the propagated ephemeris, CCSDS OEM (XML)",
    "object.tle": "the TLE fitted to the propagated orbit",
    "passes.csv": "station passes, one row per pass (AOS, LOS, maximum elevation)",
    "ascent_passes.csv": "station passes during the ascent",
    "track.geojson": "the ground track (GeoJSON)",
    "track.kml": "the ground track (KML 2.2)",
    "track.czml": "the ground track (CZML, Cesium)",
    "summary.json": "the document --json prints, with the SHA-256 of each file",
}


def _name_max(path: str) -> int:
    try:
        return int(os.pathconf(path, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return 255


def check_out_dir(out_dir: str | Path, flag: str = "--out") -> Path:
    """The output folder as a Path, or ``InputError(flag, ...)`` saying why it cannot be used.

    Call it before any computation. Nothing is created; the folder is made by ``staged_output``.
    """
    if not isinstance(out_dir, (str, os.PathLike)):
        raise InputError(flag, type(out_dir).__name__, "a folder path")
    text = os.fspath(out_dir)
    if isinstance(text, bytes):
        raise InputError(flag, text, "a folder path as text")
    if text == "" or text.strip() == "":
        raise InputError(flag, text, "a folder path (not empty)")
    if "\x00" in text:
        raise InputError(flag, text, "a folder path without a NUL character")
    path = Path(text).expanduser()
    absolute = Path(os.path.abspath(path))
    for part in absolute.parts:
        if len(os.fsencode(part)) > _name_max(str(_existing_ancestor(absolute))):
            raise InputError(flag, text, _ALLOWED, "a name in the path is too long")
    if len(os.fsencode(str(absolute))) >= 4096:
        raise InputError(flag, text, _ALLOWED, "the path is too long")
    real = Path(os.path.realpath(absolute))
    for root in _FORBIDDEN_ROOTS:
        if real == Path(root) or Path(root) in real.parents:
            raise InputError(flag, text, _ALLOWED, f"{root} holds devices and system files")
    if absolute.exists() or absolute.is_symlink():
        if not absolute.is_dir():
            raise InputError(flag, text, _ALLOWED, "it is an existing file, not a folder")
        if not os.access(absolute, os.W_OK | os.X_OK):
            raise InputError(flag, text, _ALLOWED, "you may not write into it")
        return path
    ancestor = _existing_ancestor(absolute)
    if not ancestor.is_dir():
        raise InputError(flag, text, _ALLOWED, f"{ancestor} is a file, not a folder")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise InputError(flag, text, _ALLOWED, f"you may not create folders in {ancestor}")
    return path


def _existing_ancestor(path: Path) -> Path:
    """The nearest of ``path`` and its parents that exists (``/`` at worst)."""
    for p in (path, *path.parents):
        try:
            if p.exists() or p.is_symlink():
                return p
        except OSError:  # a name too long or a loop: look further up
            continue
    return Path(path.anchor or "/")


def file_what(name: str, describe: Mapping[str, str] | None = None) -> str:
    """What a product is: the caller's description, else one from its kind (suffix)."""
    if describe and name in describe:
        return describe[name]
    suffix = PurePosixPath(name).suffix.lower()
    return _WHAT_BY_SUFFIX.get(suffix, "file")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_manifest(out_dir: str | Path) -> dict[str, Any] | None:
    """The manifest of the run that last wrote ``out_dir`` (None if absent or unreadable)."""
    path = Path(out_dir) / MANIFEST_NAME
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) and doc.get("schema") == MANIFEST_SCHEMA else None


def _previous_runs(out_dir: Path) -> list[dict[str, Any]]:
    """The runs the folder's manifest records: [{"provenance", "files"}], the latest first."""
    doc = read_manifest(out_dir)
    if doc is None:
        return []
    runs = [{"provenance": doc.get("provenance"), "files": doc.get("files")}]
    runs += [r for r in doc.get("other_runs") or [] if isinstance(r, dict)]
    out = []
    for r in runs:
        prov = r.get("provenance") if isinstance(r.get("provenance"), dict) else {}
        listed = r.get("files")
        files = [
            e
            for e in (listed if isinstance(listed, list) else [])
            if isinstance(e, dict) and isinstance(e.get("name"), str) and _safe_relative(e["name"])
        ]
        out.append({"provenance": prov, "files": files})
    return out


def _command(prov: Mapping[str, Any]) -> Any:
    return prov.get("command")


def _safe_relative(name: str) -> bool:
    p = PurePosixPath(name)
    return bool(name) and not p.is_absolute() and ".." not in p.parts and "\x00" not in name


def _staging_parent(out_dir: Path) -> Path:
    """Where the staging folder goes: beside ``out_dir`` if possible, else inside it."""
    absolute = Path(os.path.abspath(out_dir))
    parent = _existing_ancestor(absolute.parent)
    if os.access(parent, os.W_OK | os.X_OK):
        return parent
    if absolute.is_dir():
        return absolute
    return parent  # mkdtemp reports the permission error


def _products(staging: Path) -> list[str]:
    names = [
        p.relative_to(staging).as_posix()
        for p in staging.rglob("*")
        if p.is_file() or (p.is_symlink() and not p.is_dir())
    ]
    return sorted(n for n in names if n != MANIFEST_NAME)


def _check_targets(out_dir: Path, names: list[str], flag: str) -> None:
    """Refuse (before anything moves) a product whose place is taken by a folder or under a file."""
    for name in [*names, MANIFEST_NAME]:
        target = out_dir / name
        if target.is_dir() and not target.is_symlink():
            raise InputError(
                flag, str(out_dir), "a folder where no folder has a product's name",
                f"{target} is a folder; this run writes a file there",
            )  # fmt: skip
        for parent in target.relative_to(out_dir).parents:
            place = out_dir / parent
            if parent != PurePosixPath(".") and place.exists() and not place.is_dir():
                raise InputError(
                    flag, str(out_dir), "a folder where no file has a product folder's name",
                    f"{place} is a file; this run writes a folder there",
                )  # fmt: skip


@contextmanager
def staged_output(
    out_dir: Path | str,
    provenance: Mapping[str, Any],
    describe: Mapping[str, str] | None = None,
    *,
    flag: str = "--out",
) -> Iterator[Path]:
    """Yield a fresh staging folder; on success move its files into ``out_dir`` with a manifest.

    ``provenance`` (version, input SHA-256, seed, command, creation time) heads the manifest;
    ``describe`` maps a product's relative name to what it is. A folder in the way of a product
    raises ``InputError(flag, ...)`` before anything moves. On an exception the staging folder is
    removed and ``out_dir`` is untouched.
    """
    out_dir = Path(out_dir)
    check_out_dir(out_dir, flag)
    staging = Path(
        tempfile.mkdtemp(prefix=f".{out_dir.name or 'out'}.staging-", dir=_staging_parent(out_dir))
    )
    try:
        yield staging
        names = _products(staging)
        if out_dir.exists():
            _check_targets(out_dir, names, flag)
        entries = [
            {
                "name": n,
                "sha256": _sha256(staging / n),
                "bytes": (staging / n).stat().st_size,
                "what": file_what(n, describe),
            }
            for n in names
        ]
        written = set(names)
        stale: set[str] = set()
        others = []
        for run in _previous_runs(out_dir):
            mine = _command(run["provenance"]) == _command(provenance)
            if mine:  # this command's earlier files that this run did not write go
                stale |= {e["name"] for e in run["files"]} - written - {MANIFEST_NAME}
                continue
            kept = [
                e
                for e in run["files"]
                if e["name"] not in written and (out_dir / e["name"]).is_file()
            ]
            if kept:  # another command's files stay, listed under their own run
                others.append({"provenance": run["provenance"], "files": kept})
        manifest: dict[str, Any] = {
            "schema": MANIFEST_SCHEMA,
            "provenance": dict(provenance),
            "files": entries,
        }
        if others:
            manifest["other_runs"] = others
        (staging / MANIFEST_NAME).write_text(
            json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8"
        )
        out_dir.mkdir(parents=True, exist_ok=True)
        mode = 0o666 & ~_umask()
        for n in [*names, MANIFEST_NAME]:
            target = out_dir / n
            target.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(staging / n, mode)
            os.replace(staging / n, target)
        for n in sorted(stale):
            target = out_dir / n
            if target.is_file() or target.is_symlink():
                target.unlink(missing_ok=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def manifest_provenance(document: Mapping[str, Any], command: str) -> dict[str, Any]:
    """The manifest's provenance: the result's own block (or a fresh one) and the command."""
    from baiterek.provenance import provenance

    block = document.get("provenance")
    return {**(dict(block) if isinstance(block, Mapping) else provenance()), "command": command}


def write_products(
    out_dir: str | Path,
    provenance: Mapping[str, Any],
    write: Callable[[Path], T],
    describe: Mapping[str, str] | None = None,
    *,
    flag: str = "--out",
) -> T:
    """``write(staging)`` inside :func:`staged_output`; the paths it returns (str or Path, in
    dicts, lists and tuples) are turned into their final places in ``out_dir``."""
    out = check_out_dir(out_dir, flag)
    with staged_output(out, provenance, describe, flag=flag) as stage:
        written = write(stage)
    return _relocate(written, stage, out)  # type: ignore[no-any-return]


def _relocate(value: Any, stage: Path, out: Path) -> Any:
    if isinstance(value, Mapping):
        return {k: _relocate(v, stage, out) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_relocate(v, stage, out) for v in value)
    if isinstance(value, (str, Path)):
        try:
            rel = Path(value).relative_to(stage)
        except ValueError:
            return value
        moved = out / rel
        return moved if isinstance(value, Path) else str(moved)
    return value


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
