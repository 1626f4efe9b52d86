"""The hostile vocabulary (NaN, ±Infinity, 1e308, 1E+999999, 1E-999999999, -0, 400-digit integers,
strings, nulls, arrays, odd timestamps and offsets) written as raw JSON into every field of every
contract example and recorded Glow payload, for every dialect: nothing raises, each bad field is a
counted refusal with a short reason, and the rest of a Glow message is still read."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fuzz_at_scale import GLOWS, NATIVE, mutated, paths

from ihd.core.readings import Demand, RegisterReading, TariffReading
from ihd.han.dialects import make_dialect
from ihd.han.dialects.glow import GlowDialect

RAW = (
    "NaN", "-NaN", "Infinity", "-Infinity", "1e308", "-1e308", "1.8e308", "1E+999999", "-1E+999999",
    "1E-999999999", "-0", "-0.0", "0e-400", "1" * 400, "-" + "9" * 400, "0." + "0" * 399 + "1",
    "1e400", "4e-320", '"1.5"', '"NaN"', "null", "[]", "{}", "[1e308]", '{"value": 1E+999999}', "true", '""',
    '"2026-11-23T17:42:10"', '"2026-11-23T17:42:10+99:00"', '"2026-11-23T17:42:10+14:00"',
    '"2026-11-23T17:42:10-23:59"', '"0001-01-01T00:00:00+01:00"', '"9999-12-31T23:59:59-23:59"',
    '"2026-02-30T00:00:00Z"', '"2000-01-01T00:00:00Z"', '"2199-01-01T00:00:00Z"', '"1e308"',
)
MARK = "\u0000raw\u0000"
DIALECTS = {name: make_dialect(name) for name in ("native", "glow", "auto")}


def with_raw(document, where, token: str) -> bytes:
    """The document with `token` written verbatim (not as a JSON string) where the value was."""
    return json.dumps(mutated(document, where, MARK, False)).replace(json.dumps(MARK), token).encode()


def answered(dialect, topic: str, payload: bytes, token: str = ""):
    parsed = dialect.parse(topic, payload)  # must not raise
    assert parsed.readings or parsed.rejections or topic.endswith("/STATE")
    for rejection in parsed.rejections:  # a reason says what kind of thing was wrong, not the value
        assert rejection.reason
        assert len(rejection.reason) <= 400
        assert len(token) < 30 or token.strip('"') not in rejection.reason
    return parsed


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_field_of_every_dialect_takes_the_hostile_vocabulary(data):
    name = data.draw(st.sampled_from(sorted(DIALECTS)))
    examples = {"native": NATIVE, "glow": GLOWS, "auto": NATIVE + GLOWS}[name]
    topic, document = data.draw(st.sampled_from(examples))
    where = data.draw(st.sampled_from([p for p in paths(document) if p]))
    token = data.draw(st.sampled_from(RAW))
    answered(DIALECTS[name], topic, with_raw(document, where, token), token)


def test_every_field_with_every_word_exhaustively():
    """No sampling: each word in each field of each example, once."""
    count = 0
    for name, examples in (("native", NATIVE), ("glow", GLOWS)):
        for topic, document in examples:
            for where in paths(document):
                if not where:
                    continue
                for token in RAW:
                    answered(DIALECTS[name], topic, with_raw(document, where, token), token)
                    count += 1
    assert count > 5000


GLOW_ELEC = {"electricitymeter": {
    "timestamp": "2026-11-23T17:42:10Z",
    "energy": {"export": {"cumulative": 0.0, "units": "kWh"},
               "import": {"cumulative": 15254.827, "day": 3.717, "units": "kWh",
                          "price": {"unitrate": 0.16401, "standingcharge": 0.19383}}},
    "power": {"value": 0.425, "units": "kW"}}}
SITES = {  # the six places a number once raised decimal.Overflow, and what survives each
    ("electricitymeter", "energy", "import", "price", "unitrate"): {Demand, RegisterReading},
    ("electricitymeter", "energy", "import", "price", "standingcharge"): {Demand, RegisterReading},
    ("electricitymeter", "power", "value"): {RegisterReading, TariffReading},
    ("electricitymeter", "energy", "import", "cumulative"): {Demand, TariffReading},
    ("electricitymeter", "energy", "import", "day"): {Demand, RegisterReading, TariffReading},
    ("electricitymeter", "energy", "export", "cumulative"): {Demand, RegisterReading, TariffReading},
}


def test_a_glow_number_out_of_range_is_refused_alone_and_the_rest_kept():
    for where, kept in SITES.items():
        for token in ("1E+999999", "-1E+999999", "1E-999999999", "1e308", "1" * 400):
            parsed = answered(GlowDialect(), "glow/ABCDEF012345/SENSOR/electricitymeter",
                              with_raw(GLOW_ELEC, where, token))
            got = {type(r) for r in parsed.readings}
            assert kept <= got, (where, token, parsed)
            if where[-1] != "day" and token != "1E-999999999":  # a useless day counter is dropped quietly
                assert parsed.rejections, (where, token)


def test_a_gas_volume_out_of_range_never_raises():
    gas = {"gasmeter": {"timestamp": "2026-11-23T17:42:10Z", "energy": {"import": {
        "cumulative": 100.0, "cumulativevol": 1E+3, "cumulativevolunits": "m3", "day": 1.5, "units": "kWh"}}}}
    for key in ("cumulative", "cumulativevol", "day"):
        for token in ("1E+999999", "1E-999999999", "-0", "1e308"):
            answered(GlowDialect(), "glow/ABCDEF012345/SENSOR/gasmeter",
                     with_raw(gas, ("gasmeter", "energy", "import", key), token))
