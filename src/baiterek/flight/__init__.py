"""The flight from the pad to orbit insertion: sequence, dynamics, guidance, simulation."""
