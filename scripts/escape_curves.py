"""Payload-against-C3 curves of every vehicle with an escape stage, from its usual site.

Writes ``escape-curves.csv`` and ``escape-curves.html`` into the folder given (default
``out/escape``) and prints the table as JSON. Slow (Proton-M/Breeze-M: ~20-40 s per point).

Run: .venv/bin/python scripts/escape_curves.py [out_dir]
"""

import json
import sys

from baiterek.export.porkchop_files import write_escape_curve_files
from baiterek.performance.escape_curve import escape_curve

CASES = (
    ("sunkar", "baikonur-45-1"),
    ("soyuz-2.1b", "baikonur-31-6"),
    ("proton-m", "baikonur-200-39"),
    ("falcon-9", "ccsfs-slc-40"),
)
C3_KM2_S2 = (-2.0, 0.0, 10.0, 20.0, 30.0)


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else "out/escape"
    curves = [escape_curve(v, s, C3_KM2_S2) for v, s in CASES]
    files = write_escape_curve_files(curves, out, "escape-curves")
    print(json.dumps({"curves": [c.to_json() for c in curves], "files": files}, indent=2))


if __name__ == "__main__":
    main()
