"""The collector reads each message as the contract says, and refuses what it does not allow."""

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from ihd.collect import records as r
from ihd.core.consent import Category, ConsentRecord, ConsentState, ended
from ihd.core.ledger import Total
from ihd.core.trusted import Condition, Helper, TrustedAlert, TrustedPerson
from ihd.core.units import Direction, Fuel
from ihd.han.dialects import native_share

HOME = "K7QM-2XD4-P9RT"
NOW = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)


def totals():
    return {(Fuel.ELECTRICITY, Direction.IMPORT): Total(NOW, Decimal("0.412"), None, Decimal("0.1"))}


def test_the_displays_own_payloads_are_read_back_whole():
    half = r.parse("share/third-party/half-hourly",
                   native_share.half_hour(HOME, NOW, totals(), "third-party", "A study"))
    assert half == r.HalfHour(HOME, "third-party", NOW, {"electricity/import": Decimal("0.412")}, "A study")
    day = r.parse("share/supplier/daily", native_share.day(HOME, date(2026, 12, 1), totals(), "supplier-daily"))
    assert day == r.Day(HOME, "supplier-daily", date(2026, 12, 1), {"electricity/import": Decimal("0.412")})
    granted = ConsentState([ConsentRecord(Category.SUPPLIER_DAILY, True, NOW, 2, "en_GB", "words")])
    consent = r.parse("consent", native_share.consent(HOME, granted.as_published(NOW)))
    assert consent.categories["supplier-daily"] == (True, NOW)
    assert consent.categories["third-party"] == (False, None)
    assert not consent.ended
    assert r.parse("consent", native_share.consent(HOME, ended(NOW))).ended
    assert r.parse("share/carbon-region", native_share.carbon_region(HOME, "EH12")) == r.CarbonRegion(HOME, "EH12")
    assert r.parse("share/carbon-region", b"") == r.Cleared("share/carbon-region")
    sam = TrustedPerson("Sam", Helper.CARER, balance=True)
    told = TrustedAlert(Fuel.GAS, Condition.EMERGENCY_CREDIT, NOW, Decimal("-120.5"))
    assert r.parse("share/trusted-person/alert", native_share.trusted_alert(HOME, told, sam)) == r.TrustedAlert(
        HOME, "gas", "emergency-credit", NOW, "Sam", "carer", Decimal("-120.5"))
    quiet = native_share.trusted_alert(HOME, TrustedAlert(Fuel.GAS, Condition.SUPPLY_OFF, NOW), sam)
    assert "credit_p" not in json.loads(quiet)
    assert r.parse("share/trusted-person/alert", quiet).credit_p is None


@pytest.mark.parametrize(("change", "reason"), [
    ({"condition": "credit-high"}, "condition is not"),
    ({"fuel": "oil"}, "fuel is not"),
    ({"person": {"name": "", "helper": "family"}}, "name is not"),
    ({"person": {"name": "Sam\u202e", "helper": "family"}}, "name is not"),
    ({"person": {"name": "Sam", "helper": "boss"}}, "helper is not"),
    ({"credit_p": "lots"}, "credit_p is not"),
    ({"credit_p": 1e300}, "out of range"),
    ({"at": "2026-12-02T17:00:00"}, "at is not"),
    ({"category": "third-party"}, "category is not"),
])
def test_an_alert_the_contract_does_not_allow_is_refused(change, reason):
    body = json.loads(native_share.trusted_alert(HOME, TrustedAlert(Fuel.GAS, Condition.SUPPLY_OFF, NOW),
                                                 TrustedPerson("Sam", Helper.FAMILY)))
    with pytest.raises(r.Refused, match=reason):
        r.parse("share/trusted-person/alert", json.dumps(body | change).encode())


def test_the_link_comes_from_the_topic_under_the_root():
    assert r.split_topic("ihd/v1/homes/home-17/share/supplier/daily", "ihd/v1/homes") == (
        "home-17", "share/supplier/daily")
    for topic in ("ihd/v1/homes/share", "other/home-17/consent", "ihd/v1/homes//consent"):
        with pytest.raises(r.Refused):
            r.split_topic(topic, "ihd/v1/homes")


def body(**changes):
    base = json.loads(native_share.half_hour(HOME, NOW, totals(), "supplier-half-hourly"))
    base.update(changes)
    return json.dumps({k: v for k, v in base.items() if v is not None}).encode()


@pytest.mark.parametrize(("topic", "payload"), [
    ("share/supplier/half-hourly", body(home="1200023456789")),  # an MPAN is no home identity
    ("share/supplier/half-hourly", body(home=None)),
    ("share/supplier/half-hourly", body(contract="ihd/v2")),
    ("share/supplier/half-hourly", body(category="third-party")),  # not the topic's category
    ("share/supplier/half-hourly", body(start="2026-12-02T17:10:00Z")),
    ("share/supplier/half-hourly", body(start="2026-12-02T17:00:00")),  # no zone
    ("share/supplier/half-hourly", body(minutes=60)),
    ("share/supplier/half-hourly", body(kwh={"water/import": 1})),
    ("share/supplier/half-hourly", body(kwh={"electricity/import": -1})),
    ("share/supplier/half-hourly", body(kwh={"electricity/import": True})),
    ("share/supplier/half-hourly", b'{"contract": "ihd/v1", "kwh": NaN}'),
    ("share/supplier/half-hourly", b"\xff"),
    ("share/supplier/half-hourly", b"[]"),
    ("display/state", body()),  # stays in the home: never collected
    ("consent", native_share.consent(HOME, {**ended(NOW), "categories": {"third-party": {"granted": True}}})),
])
def test_what_the_contract_does_not_allow_is_refused_with_a_reason(topic, payload):
    with pytest.raises(r.Refused):
        r.parse(topic, payload)
