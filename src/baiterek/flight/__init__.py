"""The flight from the pad to orbit insertion: sequence, dynamics, guidance, simulation."""


def ascent_geometry(*args, **kwargs):
    """Simulated ascent geometry for launch windows (see :mod:`baiterek.flight.geometry`)."""
    from baiterek.flight.geometry import ascent_geometry as _impl

    return _impl(*args, **kwargs)
