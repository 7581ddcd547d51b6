"""Range safety: jettisoned bodies, their fall to the ground, drop zones, containment, footprints."""
