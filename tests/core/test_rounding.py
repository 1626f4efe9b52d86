"""One rounding rule for kWh, kg, money and percentages: halves go up, as money always did."""

from decimal import Decimal

import pytest

from ihd.core.rounding import rounded
from ihd.i18n import I18n

D = Decimal


@pytest.mark.parametrize(("value", "places", "shown"), [
    (D("0.125"), 2, D("0.13")),  # to even would give 0.12
    (D("2.5"), 0, D(3)),
    (D("3.5"), 0, D(4)),
    (D("-2.5"), 0, D(-3)),  # a half goes away from zero: an export credit rounds as a charge does
    (0.125, 2, D("0.13")),  # a float by its shortest repr
    (D("10.25"), 1, D("10.3")),
])
def test_halves_go_up(value, places, shown):
    assert rounded(value, places) == shown


def test_every_figure_on_screen_rounds_by_the_same_rule():
    fmt = I18n("en_GB")
    assert fmt.number(D("0.125"), 2) == "0.13"  # kWh and kg
    assert fmt.number(D("12.25"), 1) == "12.3"
    assert fmt.money(D("36.5")) == "37p"
    assert fmt.money(D("1250.5")) == "£12.51"
    assert fmt.money_spoken(D("2.5")) == "3 pence"
