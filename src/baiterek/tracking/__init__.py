"""Tracking: station visibility and passes (AOS, LOS, maximum elevation)."""
