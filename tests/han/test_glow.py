from datetime import UTC, datetime
from decimal import Decimal

import pytest

from ihd.core.readings import BridgeStatus, DayStart, Demand, RegisterReading, TariffReading
from ihd.core.units import Direction, Fuel, RegisterUnit
from ihd.han.dialects.glow import GlowDialect

ELEC = "glow/XXXXXXYYYYYY/SENSOR/electricitymeter"
GAS = "glow/XXXXXXYYYYYY/SENSOR/gasmeter"
STATE = "glow/XXXXXXYYYYYY/STATE"


def kinds(parsed, kind):
    return [r for r in parsed.readings if isinstance(r, kind)]


def test_electricity_message_gives_demand_register_and_tariff(glow_payload):
    parsed = GlowDialect().parse(ELEC, glow_payload("electricity-megakid"))
    assert parsed.rejections == ()
    (demand,) = kinds(parsed, Demand)
    assert demand.watts == pytest.approx(951)
    assert demand.at == datetime(2022, 6, 11, 20, 38, tzinfo=UTC)
    (register,) = kinds(parsed, RegisterReading)
    assert (register.value, register.unit, register.direction) == (
        Decimal("6613.405"), RegisterUnit.KWH, Direction.IMPORT)
    # the device's day counter starts at UTC midnight; it is offered as exactly that
    assert register.day_start == DayStart(datetime(2022, 6, 11, tzinfo=UTC), Decimal("6600.153"))
    (tariff,) = kinds(parsed, TariffReading)
    assert tariff.unit_rate_p == Decimal("4.99800")
    assert tariff.standing_charge_p == Decimal("24.03000")


def test_zero_export_register_is_not_a_reading(glow_payload):
    parsed = GlowDialect().parse(ELEC, glow_payload("electricity-glowprom"))
    directions = {r.direction for r in kinds(parsed, RegisterReading)}
    assert directions == {Direction.IMPORT}


def test_no_value_sentinel_is_refused_but_the_rest_is_kept(glow_payload):
    parsed = GlowDialect().parse(ELEC, glow_payload("electricity-no-demand-sentinel"))
    assert kinds(parsed, Demand) == []
    assert len(kinds(parsed, RegisterReading)) == 1
    (rejection,) = parsed.rejections
    assert "-8388.608" in rejection.reason


def test_off_the_han_zeros_are_not_a_reset_nor_a_free_tariff(glow_payload):
    parsed = GlowDialect().parse(ELEC, glow_payload("electricity-off-han-zeros"))
    assert parsed.readings == ()
    reasons = " | ".join(r.reason for r in parsed.rejections)
    assert "lost the meter" in reasons
    assert "tariff is not free" in reasons
    assert "-8388.608" in reasons


def test_exporting_home_gives_negative_demand_and_an_export_register(glow_payload):
    parsed = GlowDialect().parse(ELEC, glow_payload("electricity-exporting"))
    (demand,) = kinds(parsed, Demand)
    assert demand.watts == pytest.approx(-1832)
    export = [r for r in kinds(parsed, RegisterReading) if r.direction is Direction.EXPORT]
    assert export[0].value == Decimal("1520.118")
    (tariff,) = kinds(parsed, TariffReading)
    assert tariff.standing_charge_p is None  # zero means "not set yet"


def test_gas_keeps_the_volume_register_as_the_truth(glow_payload):
    parsed = GlowDialect().parse(GAS, glow_payload("gas-issue48"))
    (register,) = kinds(parsed, RegisterReading)
    assert register.fuel is Fuel.GAS
    assert (register.value, register.unit) == (Decimal("5655.830"), RegisterUnit.M3)
    # dayvol is kWh despite its name: the day start is scaled by the device's own kWh/m3
    ratio = Decimal("64586.641") / Decimal("5655.830")
    assert register.day_start.value == pytest.approx(Decimal("5655.830") - Decimal("98.493") / ratio)
    assert kinds(parsed, Demand) == []


def test_gas_zero_registers_are_refused_but_price_kept(glow_payload):
    parsed = GlowDialect().parse(GAS, glow_payload("gas-glowprom-backwards"))
    assert kinds(parsed, RegisterReading) == []
    assert len(kinds(parsed, TariffReading)) == 1
    assert "lost the meter" in parsed.rejections[0].reason


@pytest.mark.parametrize("name", ["state-megakid", "state-glowprom"])
def test_state_says_the_bridge_is_alive_and_joined(glow_payload, name):
    (status,) = GlowDialect().parse(STATE, glow_payload(name)).readings
    assert isinstance(status, BridgeStatus)
    assert status.online
    assert "joined" in status.detail


def test_a_second_device_is_refused():
    dialect = GlowDialect()
    dialect.parse(STATE, b'{"han":{"status":"joined"}}')
    parsed = dialect.parse("glow/OTHER/STATE", b'{"han":{"status":"joined"}}')
    assert "second Glow device" in parsed.rejections[0].reason


def test_a_junk_or_retained_phantom_never_locks_out_the_real_device(glow_payload):
    real = glow_payload("electricity-glowprom")
    dialect = GlowDialect()
    # junk on another device's topic (retained, so it comes first at every start) is not followed
    assert dialect.parse("glow/PHANTOM/SENSOR/electricitymeter", b'{"electricitymeter": 1}').rejections
    assert dialect.parse(ELEC, real).readings
    # a valid phantom followed first gives way once the real one has spoken six times in a row
    dialect = GlowDialect()
    assert dialect.parse("glow/PHANTOM/SENSOR/electricitymeter", real).readings
    answers = [dialect.parse(ELEC, real) for _ in range(6)]
    assert [bool(a.readings) for a in answers] == [False] * 5 + [True]
    assert "second Glow device" in answers[0].rejections[-1].reason
    # the phantom, re-delivered at a reconnect, does not take it back
    assert not dialect.parse("glow/PHANTOM/SENSOR/electricitymeter", real).readings
    assert dialect.parse(ELEC, real).readings


def test_two_live_devices_never_flap_and_a_configured_one_is_kept(glow_payload):
    real = glow_payload("electricity-glowprom")
    dialect = GlowDialect()
    for _ in range(20):  # the neighbour's device interleaved with ours: ours stays followed
        assert dialect.parse(ELEC, real).readings
        assert not dialect.parse("glow/NEIGHBOUR/SENSOR/electricitymeter", real).readings
    configured = GlowDialect(device="XXXXXXYYYYYY")
    for _ in range(20):
        assert not configured.parse("glow/OTHER/SENSOR/electricitymeter", real).readings
    assert configured.parse(ELEC, real).readings


def test_a_long_device_id_is_refused_and_never_followed(glow_payload):
    real = glow_payload("electricity-glowprom")
    dialect = GlowDialect()
    parsed = dialect.parse(f"glow/{'A' * 60_000}/SENSOR/electricitymeter", real)
    assert not parsed.readings
    assert len(parsed.rejections[0].source) <= 200
    assert dialect.parse(ELEC, real).readings


def test_configured_prefix_and_subscriptions():
    dialect = GlowDialect("home/glow")
    assert dialect.subscriptions() == ["home/glow/+/STATE", "home/glow/+/SENSOR/+"]
    assert dialect.claims("home/glow/ABC/STATE")
    assert not dialect.claims("glow/ABC/STATE")


@pytest.mark.parametrize("topic", ["glow/X/SENSOR/watermeter", "glow/X", "glow/X/SENSOR/a/b"])
def test_unknown_glow_topics_are_refused(topic):
    assert GlowDialect().parse(topic, b"{}").rejections
