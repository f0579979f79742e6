"""Whatever the figures, each indicator scores between 0 and its maximum and the total between 0 and 100."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from lienthong.reports.kpi766 import CURRENT_VERSION, load_version, score_unit

NAMES = sorted(
    {
        name
        for indicator in load_version(CURRENT_VERSION).indicators
        for name in (*indicator.numerator.add, *indicator.numerator.subtract, *indicator.denominator.max_of)
    }
)


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({name: st.integers(min_value=0, max_value=1000) for name in NAMES}))
def test_points_never_leave_zero_to_the_maximum(counts):
    score = score_unit(counts=counts, version=CURRENT_VERSION)

    for indicator in score.indicators.values():
        assert Decimal(0) <= indicator.points <= indicator.max_points
        assert indicator.points == indicator.points.quantize(Decimal("0.01"))
    for group in score.groups:
        assert group.points == sum(indicator.points for indicator in group.indicators)
    assert Decimal(0) <= score.total <= 100
