"""Monte Carlo of dispersed flights: dispersions as data, seeded sampling, a runner with a seam.

``run(case, spec, n, seed, evaluate=...)`` flies samples through a plug-in ``evaluate``
(:mod:`baiterek.dispersion.run`); :mod:`~baiterek.dispersion.statistics` and
:mod:`~baiterek.dispersion.footprint` summarise them; :mod:`~baiterek.dispersion.summary`
builds the JSON document. :mod:`~baiterek.dispersion.standin` is a test double of the flight.
"""

from baiterek.catalog.dispersions import DispersionSpec, merge_dispersions, vehicle_dispersions
from baiterek.dispersion.run import MAX_SAMPLES, MonteCarloCase, MonteCarloResult, run
from baiterek.dispersion.sampling import Dispersions, InputLayout, layout, sample

__all__ = [
    "MAX_SAMPLES",
    "DispersionSpec",
    "Dispersions",
    "InputLayout",
    "MonteCarloCase",
    "MonteCarloResult",
    "layout",
    "merge_dispersions",
    "run",
    "sample",
    "vehicle_dispersions",
]
