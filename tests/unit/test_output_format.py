"""Numbers as printed: a tiny negative that rounds to zero prints without a minus ('-0.00 g')."""

import pytest

from baiterek._api._result import fmt
from baiterek.cli._common import num


@pytest.mark.parametrize(
    ("value", "spec", "text"),
    [(-0.001, ".2f", "0.00"), (-0.0, ".1f", "0.0"), (-0.004, "5.2f", " 0.00"),
     (-0.006, ".2f", "-0.01"), (-1234.4, ",.0f", "-1,234"), (0.0, ".2f", "0.00")],
)  # fmt: skip
def test_no_negative_zero(value, spec, text):
    assert num(value, spec) == text
    assert fmt(value, spec, "g") == f"{text} g".rstrip()
