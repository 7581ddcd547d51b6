"""The flight from the pad to orbit insertion: sequence, dynamics, guidance, simulation."""


def fly(mission, wind=None):
    """Solve the guidance for a mission and fly it (see :func:`baiterek.flight.simulate.fly`)."""
    from baiterek.flight.simulate import fly as _impl

    return _impl(mission, wind)
