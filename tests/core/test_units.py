from decimal import Decimal

import pytest

from ihd.core.units import GasConversion, RegisterUnit, to_kwh, to_m3


def test_default_gas_conversion_matches_gb_billing_formula():
    # 1.02264 x 39.5 / 3.6 = 11.2206 kWh per m3 (the worked figure suppliers quote)
    assert GasConversion().kwh_per_m3().quantize(Decimal("0.0001")) == Decimal("11.2206")


def test_imperial_hundred_cubic_feet_is_about_31_75_kwh():
    kwh = to_kwh(Decimal(1), RegisterUnit.HCF, GasConversion())
    assert kwh.quantize(Decimal("0.01")) == Decimal("31.77")


def test_cubic_feet_to_m3():
    assert to_m3(Decimal(100), RegisterUnit.FT3) == to_m3(Decimal(1), RegisterUnit.HCF)


def test_kwh_register_passes_through_unchanged():
    assert to_kwh(Decimal("12.5"), RegisterUnit.KWH, GasConversion(Decimal(40))) == Decimal("12.5")


def test_calorific_value_is_configurable():
    low = to_kwh(Decimal(1), RegisterUnit.M3, GasConversion(Decimal("37.5")))
    high = to_kwh(Decimal(1), RegisterUnit.M3, GasConversion(Decimal("43.0")))
    assert low < high


def test_kwh_has_no_volume():
    with pytest.raises(ValueError, match="no volume"):
        to_m3(Decimal(1), RegisterUnit.KWH)
