"""The Earth: geodesy, gravity and its secular J2 rates, atmosphere, wind, time, frames, and the
Sun and Moon (ephemeris)."""
