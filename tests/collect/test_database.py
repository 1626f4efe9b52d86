"""The collector's tables on a real PostgreSQL: each record once by its natural key, nothing a
home has not granted, a withdrawal deletes, and one home cannot touch another's records."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed; run: sh packaging/dev.sh test")

from ihd.collect import records as r  # noqa: E402
from ihd.collect.database import Database  # noqa: E402
from ihd.collect.schema import SCHEMA_VERSION, NewerSchema, migrate  # noqa: E402

HOME, OTHER = "K7QM-2XD4-P9RT", "4PRT-M9XD-7KQ2"
NOW = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
CATEGORIES = r.CATEGORIES


def consent(home=HOME, at=NOW, ended=False, **granted):
    choices = {c: (granted.get(c.replace("-", "_"), False), at if c.replace("-", "_") in granted else None)
               for c in CATEGORIES}
    return r.Consent(home, at, 2, choices, ended, {"home": home, "ts": at.isoformat()})


def half(start, kwh="0.5", home=HOME, category="supplier-half-hourly"):
    return r.HalfHour(home, category, start, {"electricity/import": Decimal(kwh)}, None)


@pytest.fixture
def db(database):
    made = Database(database, clock=lambda: NOW)
    yield made
    made.close()


def rows(db, sql):
    return db.conn.execute(sql).fetchall()


def test_a_half_hour_is_kept_once_by_its_key_and_a_repeat_updates_it(db):
    assert db.take("link-1", consent(supplier_half_hourly=True)) == "stored"
    assert db.take("link-1", half(NOW)) == "stored"
    assert db.take("link-1", half(NOW, "0.6")) == "stored"
    assert db.take("link-1", half(NOW + timedelta(minutes=30))) == "stored"
    assert rows(db, "SELECT start, electricity_import_kwh FROM half_hourly ORDER BY start") == [
        (NOW, Decimal("0.6")), (NOW + timedelta(minutes=30), Decimal("0.5"))]


def test_nothing_is_kept_of_a_category_not_granted(db):
    assert db.take("link-1", half(NOW)).startswith("refused")  # no consent heard at all
    db.take("link-1", consent(supplier_daily=True))
    assert db.take("link-1", half(NOW)).startswith("refused")
    assert db.take("link-1", r.Day(HOME, "supplier-daily", date(2026, 12, 1), {})) == "stored"
    assert rows(db, "SELECT count(*) FROM half_hourly") == [(0,)]


def test_a_withdrawal_deletes_that_category_only_and_an_older_record_changes_nothing(db):
    db.take("link-1", consent(supplier_half_hourly=True, third_party=True))
    db.take("link-1", half(NOW))
    db.take("link-1", half(NOW, category="third-party"))
    later = NOW + timedelta(hours=1)
    assert db.take("link-1", consent(at=later, third_party=True)) == "stored; 1 withdrawn records deleted"
    assert rows(db, "SELECT category FROM half_hourly") == [("third-party",)]
    assert db.take("link-1", consent(at=NOW, supplier_half_hourly=True, third_party=True)).startswith("kept")
    assert rows(db, "SELECT granted FROM consent WHERE category = 'supplier-half-hourly'") == [(False,)]
    assert rows(db, "SELECT count(*) FROM consent_record") == [(3,)]  # every record, for the audit


def test_a_household_ended_by_the_wipe_keeps_nothing(db):
    db.take("link-1", consent(supplier_half_hourly=True))
    db.take("link-1", half(NOW))
    db.take("link-1", consent(at=NOW + timedelta(hours=1), ended=True))
    assert rows(db, "SELECT count(*) FROM half_hourly") == [(0,)]
    assert rows(db, "SELECT ended_at FROM home") == [(NOW + timedelta(hours=1),)]


def test_a_home_cannot_write_or_withdraw_as_another(db):
    db.take("link-1", consent(supplier_half_hourly=True))
    db.take("link-1", half(NOW))
    assert db.take("link-2", consent(at=NOW + timedelta(hours=1))).startswith("refused")
    assert db.take("link-2", half(NOW, "9")).startswith("refused")
    assert rows(db, "SELECT electricity_import_kwh FROM half_hourly") == [(Decimal("0.5"),)]


def test_the_carbon_district_goes_with_its_consent_or_an_empty_message(db):
    db.take("link-1", consent(carbon_lookup=True))
    db.take("link-1", r.CarbonRegion(HOME, "EH12"))
    assert rows(db, "SELECT postcode_district FROM carbon_region") == [("EH12",)]
    db.take("link-1", r.Cleared(r.CARBON_TOPIC))
    assert rows(db, "SELECT count(*) FROM carbon_region") == [(0,)]


def test_the_schema_is_migrated_once_and_a_newer_one_left_alone(database):
    Database(database).close()
    with psycopg.connect(database, autocommit=True) as conn:
        assert migrate(conn) == SCHEMA_VERSION  # already there: nothing run again
        conn.execute("UPDATE collect_schema SET version = %s", (SCHEMA_VERSION + 1,))
        with pytest.raises(NewerSchema):
            migrate(conn)


def alert(condition="credit-low", at=NOW, home=HOME, credit=None):
    return r.TrustedAlert(home, "electricity", condition, at, "Sam", "family", credit)


def test_a_trusted_person_alert_is_a_row_once_and_goes_with_the_withdrawal(db):
    assert db.take("link-1", alert()).startswith("refused")  # not granted: nothing kept
    db.take("link-1", consent(trusted_person=True))
    assert db.take("link-1", alert()) == "stored; a new alert"
    assert db.take("link-1", alert()) == "stored before"  # a repeat: one row, still to act on
    off = alert("supply-off", NOW + timedelta(minutes=5), credit=Decimal(-250))
    assert db.take("link-1", off) == "stored; a new alert"
    assert rows(db, "SELECT condition, person_name, person_helper, credit_p, handled_at FROM trusted_alert "
                    "ORDER BY at") == [("credit-low", "Sam", "family", None, None),
                                       ("supply-off", "Sam", "family", Decimal(-250), None)]
    db.take("link-1", consent(at=NOW + timedelta(hours=1)))
    assert rows(db, "SELECT count(*) FROM trusted_alert") == [(0,)]


def test_a_consent_record_from_a_display_without_the_later_categories_is_taken():
    body = {"contract": "ihd/v1", "home": HOME, "ts": "2026-12-02T17:00:00Z", "version": 2,
            "categories": {c: {"granted": False, "since": None} for c in r.FIRST_CATEGORIES}}
    import json

    record = r.parse("consent", json.dumps(body).encode())
    assert record.categories["trusted-person"] == (False, None)
    body["categories"]["one-yet-to-come"] = {"granted": True, "since": None}
    assert "one-yet-to-come" not in r.parse("consent", json.dumps(body).encode()).categories
