import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from ihd.core.readings import BridgeStatus, Capabilities, Demand, RegisterReading, TariffReading
from ihd.core.units import Fuel, RegisterUnit
from ihd.han.dialects import make_dialect, native_schema
from ihd.han.dialects.native import NativeDialect
from ihd.han.dialects.native_prepayment import COMMANDS

CONTRACT = Path(__file__).parents[2] / "docs" / "contract"
# What the display reads, each topic's schema (as the dialect enforces them), and the commands it sends.
SCHEMA_FOR = {**native_schema.SCHEMA_FOR, **native_schema.ITEMWISE, **{f"command/{c}": "command" for c in COMMANDS}}
EXAMPLES = sorted((CONTRACT / "examples").glob("*.json"))


def topic_of(example):
    """electricity.import.json -> electricity/import; status.last-will.json -> status."""
    parts = example.stem.split(".")
    two = ("electricity", "gas", "grid", "weather", "response", "command")
    return "/".join(parts[:2]) if parts[0] in two else parts[0]


def schema(name):
    return json.loads((CONTRACT / "schemas" / f"{SCHEMA_FOR[name]}.schema.json").read_text())


def test_there_is_an_example_for_every_topic():
    # gas top-ups are electricity's shape; feeds/status has its example with ihd-feeds' own (examples/feeds)
    assert {topic_of(e) for e in EXAMPLES} == set(SCHEMA_FOR) - {"gas/top-ups", "feeds/status"}


HEARD = [e for e in EXAMPLES if not e.stem.startswith("command.")]  # commands are the display's own


@pytest.mark.parametrize("example", HEARD, ids=lambda p: p.stem)
def test_every_example_meets_its_schema_and_is_accepted(example):
    name = topic_of(example)
    jsonschema.validate(json.loads(example.read_text()), schema(name))
    parsed = NativeDialect().parse(f"ihd/v1/{name}", example.read_bytes())
    assert parsed.rejections == ()
    assert len(parsed.readings) == 1


def test_examples_parse_to_the_right_readings():
    dialect = NativeDialect()
    load = lambda n: (CONTRACT / "examples" / f"{n}.json").read_bytes()  # noqa: E731
    (d,) = dialect.parse("ihd/v1/electricity/demand", load("electricity.demand")).readings
    assert isinstance(d, Demand)
    assert d.watts == 1234
    (r,) = dialect.parse("ihd/v1/gas/import", load("gas.import.imperial")).readings
    assert isinstance(r, RegisterReading)
    assert r.unit is RegisterUnit.HCF
    assert r.fuel is Fuel.GAS
    (e,) = dialect.parse("ihd/v1/electricity/import", load("electricity.import")).readings
    assert e.day_start.value == Decimal("6603.118")
    (t,) = dialect.parse("ihd/v1/gas/tariff", load("gas.tariff")).readings
    assert isinstance(t, TariffReading)
    assert t.vat_included is False
    (s,) = dialect.parse("ihd/v1/status", load("status.last-will")).readings
    assert isinstance(s, BridgeStatus)
    assert not s.online
    (c,) = dialect.parse("ihd/v1/capabilities", load("capabilities")).readings
    assert isinstance(c, Capabilities)
    assert c.fuels == {Fuel.ELECTRICITY, Fuel.GAS}


BAD = [
    ("electricity/demand", b'{"ts":"2026-11-23T17:42:10Z","watts":"lots"}', "not a number"),
    ("electricity/demand", b'{"ts":"2026-11-23T17:42:10Z","watts":NaN}', "not a number"),
    ("electricity/demand", b'{"ts":"2026-11-23T17:42:10Z","watts":Infinity}', "not a number"),
    ("electricity/demand", b'{"ts":"2026-11-23T17:42:10Z","watts":1e300}', "'watts' is outside -100000 to 100000"),
    ("electricity/demand", b'{"ts":"2026-11-23T17:42:10","watts":5}', "time zone"),
    ("electricity/demand", b'{"ts":"yesterday","watts":5}', "ISO-8601"),
    ("electricity/demand", b'{"ts":"2026-11-23T17:42:10Z","watts":true}', "not a number"),
    ("electricity/import", b'{"ts":"2026-11-23T17:42:10Z","value":-5,"unit":"kWh"}',
     "'value' is outside 0 to 1000000000"),
    ("electricity/import", b'{"ts":"2026-11-23T17:42:10Z","value":5,"unit":"m3"}', "must be kWh"),
    ("gas/import", b'{"ts":"2026-11-23T17:42:10Z","value":5,"unit":"litres"}', "unit"),
    ("electricity/tariff", b'{"unit_rate_p_per_kwh":5e9,"standing_charge_p_per_day":1,"vat_included":true}',
     "'unit_rate_p_per_kwh' is outside -1000 to 1000"),
    ("electricity/tariff", b'{"unit_rate_p_per_kwh":5,"standing_charge_p_per_day":1}', "'vat_included' is missing"),
    ("status", b'{"state":"sleepy"}', "online"),
    ("capabilities", b'{"contract":"ihd/v9"}', "contract"),
    ("electricity/demand", b"not json", "not valid JSON"),
    ("electricity/demand", b"[1,2]", "not a JSON object"),
    ("electricity/demand", b"\xff\xfe\x00", "UTF-8"),
    ("electricity/demand", b"[" * 5000 + b"]" * 5000, "nested"),
    ("electricity/demand", b'{"x":"' + b"a" * 1_000_000 + b'"}', "larger than"),
    ("water/import", b"{}", "not a topic"),
    ("electricity/prices", b'{"vat_included":true,"prices":[{"from":"2026-11-24T02:10:00Z","rate_p_per_kwh":1}]}',
     "start of a half-hour"),
    ("electricity/tariff", b'{"unit_rate_p_per_kwh":5,"standing_charge_p_per_day":1,"vat_included":true,'
     b'"bands":[{"start":"25:00","end":"07:30","rate_p_per_kwh":1}]}', "HH:MM"),
    ("grid/carbon-intensity", b'{"data":[{"from":"2026-11-23T17:00Z","intensity":{"forecast":99999}}]}',
     "0 to 2000"),
    ("gas/history", b'{"direction":"export","resolution":"day","unit":"m3","records":[]}', "direction"),
    ("electricity/history", b'{"resolution":"week","unit":"kWh","records":[]}', "resolution"),
]


@pytest.mark.parametrize(("name", "payload", "reason"), BAD, ids=[f"{n}-{r}" for n, _, r in BAD])
def test_bad_payloads_are_refused_with_a_reason(name, payload, reason):
    parsed = NativeDialect().parse(f"ihd/v1/{name}", payload)
    assert parsed.readings == ()
    (rejection,) = parsed.rejections
    assert reason in rejection.reason


@pytest.mark.parametrize("name", ["consent", "command/top-up"])
def test_the_displays_own_commands_and_reserved_topics_are_passed_over_quietly(name):
    parsed = NativeDialect().parse(f"ihd/v1/{name}", b"{}")
    assert parsed.readings == ()
    assert parsed.rejections == ()


def test_the_commands_the_display_sends_meet_their_schema():
    at = datetime(2026, 11, 23, 17, 42, tzinfo=UTC)
    made = [NativeDialect().command("top-up", "r1", at, fuel="electricity", utrn="73947252416745201637"),
            NativeDialect().command("emergency-credit", "r2", at, fuel="gas"),
            NativeDialect().command("enable-supply", "r3", at, fuel="electricity"),
            NativeDialect().command("confirm-message", "r4", at, message_id="17"),
            NativeDialect().command("payment-mode", "r5", at, proposal_id="p-42", accept=True)]
    for topic, payload in made:
        assert topic.startswith("ihd/v1/command/")
        jsonschema.validate(json.loads(payload), schema("command/top-up"))
    assert make_dialect("glow").command("top-up", "r1", at, utrn="1") is None
    assert make_dialect("auto").command("top-up", "r1", at, fuel="electricity", utrn="1")[0] == \
        "ihd/v1/command/top-up"
    with pytest.raises(ValueError, match="unknown command"):
        NativeDialect().command("self-destruct", "r6", at)


def test_prefix_is_configurable():
    dialect = NativeDialect("home/meter")
    assert dialect.subscriptions() == ["home/meter/#"]
    parsed = dialect.parse("home/meter/status", b'{"state":"online"}')
    assert parsed.readings[0].online
