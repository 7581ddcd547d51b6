"""The Earth: geodesy, gravity, atmosphere, wind, time and frames."""
