"""The injection-accuracy table of docs/dispersion.md: Monte Carlo of the two bundled missions.

Flown by the evaluator plug (the flight kernel with the guidance in the loop by default: every
sample re-targets in flight, the compiled PEG update every 2 s, energy cutoff; ``--guidance
open-loop`` flies the nominal vacuum law in every sample). Prints a Markdown table (mean, 1 sigma,
3 sigma of perigee, apogee, inclination, RAAN; cutoff time and propellant margin) and the run's
evaluator, N and seed.

Run: PYTHONPATH=src .venv/bin/python scripts/injection_table.py [--samples 10000] [--seed 1]
     [--guidance closed-loop|open-loop] [--workers 2]
"""

import argparse
from pathlib import Path

from baiterek.dispersion.analysis import monte_carlo

ROOT = Path(__file__).resolve().parents[1]
MISSIONS = ("sunkar-leo-200km.toml", "soyuz-2.1b-progress-iss.toml")
ROWS = (
    ("perigee_km", "perigee, km", "injection"),
    ("apogee_km", "apogee, km", "injection"),
    ("inclination_deg", "inclination, deg", "injection"),
    ("raan_deg", "RAAN, deg", "injection"),
    ("cutoff_time_s", "cutoff time, s", "performance"),
    ("propellant_margin_kg", "propellant margin, kg", "performance"),
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--guidance", default="closed-loop", choices=["closed-loop", "open-loop"])
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    for name in MISSIONS:
        a = monte_carlo(ROOT / "examples" / name, args.samples, args.seed, workers=args.workers,
                        guidance=args.guidance)  # fmt: skip
        doc = a.document
        print(f"\n{doc['mission']} ({name}); evaluator: {doc['evaluator']}; N = {doc['samples']}, "
              f"seed {doc['seed']}; reached orbit {100 * doc['success_fraction']:.2f} % "
              f"(95 % CI {100 * doc['success_fraction_ci_95'][0]:.2f}-"
              f"{100 * doc['success_fraction_ci_95'][1]:.2f} %); {doc['time_per_sample_ms']:.2f} ms "
              "per sample\n")  # fmt: skip
        print("| output | mean | 1 sigma | 3 sigma |")
        print("|---|---|---|---|")
        for key, label, part in ROWS:
            s = doc[part][key]
            print(f"| {label} | {s['mean']:.6g} | {s['sigma']:.3g} | {s['three_sigma']:.3g} |")


if __name__ == "__main__":
    main()
