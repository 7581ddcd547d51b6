"""Orbits: propagation (propagate: forces, dop853), TLEs, hand-over products; the elements live
in :mod:`baiterek.kepler` (re-exported by ``orbit.elements``)."""
