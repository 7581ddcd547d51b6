"""Orbits: classical elements, propagation, TLEs."""
