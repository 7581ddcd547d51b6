"""Range safety: jettisoned bodies, their fall, drop zones, containment, footprints."""
