"""The schemas of what the display publishes: their examples meet them, the display's own builders
meet them, and they refuse what a bridge must not take for the display's."""

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import jsonschema
import pytest
from published import CONTRACT, SCHEMA_FOR, check, decoded, validator

from ihd.core.consent import Category, ConsentRecord, ConsentState, ended
from ihd.core.ledger import Total
from ihd.core.trusted import Condition, Helper, TrustedAlert, TrustedPerson
from ihd.core.units import Direction, Fuel
from ihd.han import home_assistant as ha
from ihd.han.dialects import native_share

PUBLISHED = sorted((CONTRACT / "examples" / "published").iterdir())
NOW = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
HOME = "K7QM-2XD4-P9RT"


def topic_of(example):
    """share.supplier.half-hourly.json -> share/supplier/half-hourly"""
    return example.name.removesuffix(".json").removesuffix(".txt").replace(".", "/")


def test_every_published_topic_has_a_schema_and_an_example():
    assert {topic_of(e) for e in PUBLISHED} == set(SCHEMA_FOR)


@pytest.mark.parametrize("example", PUBLISHED, ids=lambda e: e.name)
def test_every_published_example_meets_its_schema(example):
    check(topic_of(example), example.read_bytes())


def figures(**changes):
    known = {"power_kw": -0.8, "energy_today_kwh": 7.4, "cost_today_gbp": 1.83,
             "cost_today_since": "2026-12-02T00:00:00+00:00", "gas_today_kwh": None, "unit_rate_gbp_per_kwh": -0.02,
             "electricity_import_kwh": 12345.6, "electricity_export_kwh": None, "gas_import_kwh": None,
             "gas_import_m3": None, "level": "high", "credit_gbp": 4.2}
    return ha.Figures(**(known | changes))


def totals():
    return {(Fuel.ELECTRICITY, Direction.IMPORT): Total(NOW, Decimal("0.412"), None, Decimal("0.1")),
            (Fuel.GAS, Direction.IMPORT): Total(NOW, Decimal("1.9"), None, Decimal("0.3"))}


def test_what_the_display_builds_meets_the_schemas():
    chosen = ConsentState([ConsentRecord(Category.HOME_DEVICES, True, NOW, 1, "en_GB", "words")])
    check("ihd/v1/consent", native_share.consent(HOME, chosen.as_published(NOW)))
    check("ihd/v1/consent", native_share.consent(HOME, ConsentState().as_published(NOW)))
    check("ihd/v1/consent", native_share.consent(HOME, ended(NOW)))  # the last under a wiped home's identity
    check("ihd/v1/share/supplier/half-hourly", native_share.half_hour(HOME, NOW, totals(), "supplier-half-hourly"))
    check("ihd/v1/share/third-party/half-hourly", native_share.half_hour(HOME, NOW, totals(), "third-party", "A study"))
    check("ihd/v1/share/supplier/daily", native_share.day(HOME, date(2026, 12, 1), totals(), "supplier-daily"))
    check("ihd/v1/share/carbon-region", native_share.carbon_region(HOME, "SW1A"))
    for person, credit in ((TrustedPerson("Ann Molly", Helper.FRIEND), None),
                           (TrustedPerson("Sam", Helper.SUPPORT, balance=True), Decimal("-212.5"))):
        told = TrustedAlert(Fuel.GAS, Condition.SUPPLY_ON, NOW, credit)
        check("ihd/v1/share/trusted-person/alert", native_share.trusted_alert(HOME, told, person))
    check("ihd/v1/display/state", ha.state(figures()))
    nothing_known = dict.fromkeys(ha.Figures.__dataclass_fields__) | {"cost_today_since": "2026-12-02T00:00:00Z"}
    check("ihd/v1/display/state", ha.state(ha.Figures(**nothing_known)))
    for word in (ha.ONLINE, ha.OFFLINE, ha.last_will("ihd/v1")[1]):
        check("ihd/v1/display/availability", word)


@pytest.mark.parametrize(("topic", "payload"), [
    ("display/state", ha.state(figures(level="extreme"))),
    ("display/state", ha.state(figures(cost_today_since="2026-12-02T00:00:00"))),  # no zone
    ("display/state", ha.state(figures(electricity_import_kwh=-1.0))),
    ("display/state", b'{"power_kw": 1.5}'),  # a field missing: every one is always sent
    ("display/availability", b"gone"),
    ("display/availability", b'"offline"'),  # the bare word, not JSON
    ("consent", native_share.consent(HOME, {**ConsentState().as_published(NOW), "ts": "2026-12-02 17:00:00"})),
    ("consent", b'{"ts": "2026-12-02T17:00:00Z", "version": 1, "categories": {}}'),
    ("share/supplier/half-hourly", b'{"start": "2026-12-02T17:00:00Z", "minutes": 60, "kwh": {}}'),
    ("share/supplier/half-hourly", b'{"start": "2026-12-02T17:00:00Z", "minutes": 30, "kwh": {"water/import": 1}}'),
    ("share/supplier/daily", b'{"day": "2026-12-32", "kwh": {}}'),
    ("share/carbon-region", b'{"postcode_district": "EH12 5AB"}'),
])
def test_the_schemas_refuse_what_the_display_never_sends(topic, payload):
    with pytest.raises(jsonschema.ValidationError):
        validator(SCHEMA_FOR[topic]).validate(decoded(topic, payload))


def test_every_json_payload_names_its_contract():
    for payload in (native_share.consent(HOME, ConsentState().as_published(NOW)),
                    native_share.half_hour(HOME, NOW, totals(), "supplier-half-hourly"),
                    native_share.day(HOME, date(2026, 12, 1), totals(), "supplier-daily"),
                    native_share.carbon_region(HOME, "EH12"),
                    ha.state(figures())):
        assert json.loads(payload)["contract"] == "ihd/v1"
    for payload in (native_share.consent(HOME, ConsentState().as_published(NOW)),
                    native_share.half_hour(HOME, NOW, totals(), "supplier-half-hourly"),
                    native_share.day(HOME, date(2026, 12, 1), totals(), "supplier-daily"),
                    native_share.carbon_region(HOME, "EH12")):
        assert json.loads(payload)["home"] == HOME  # every payload that leaves the home says whose it is
