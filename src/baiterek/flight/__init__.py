"""The flight from the pad to orbit insertion: sequence, dynamics, guidance, simulation."""


def ascent_geometry(*args, **kwargs):
    """Simulated ascent geometry for launch windows (see :mod:`baiterek.flight.geometry`)."""
    from baiterek.flight.geometry import ascent_geometry as _impl

    return _impl(*args, **kwargs)


def fly(mission, wind=None):
    """Solve the guidance for a mission and fly it (see :func:`baiterek.flight.simulate.fly`)."""
    from baiterek.flight.simulate import fly as _impl

    return _impl(mission, wind)
