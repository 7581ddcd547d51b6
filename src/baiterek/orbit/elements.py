"""Classical orbital elements <-> inertial state: re-exported from :mod:`baiterek.kepler`.

The conversion lives below ``flight`` (``baiterek.kepler``) so that the flight layer need not
import an analysis package; this path is kept for callers of the orbit package.
"""

from baiterek.kepler import Elements, elements_to_state, state_to_elements

__all__ = ["Elements", "elements_to_state", "state_to_elements"]
