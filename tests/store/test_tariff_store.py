"""Tariffs, prices and intensity stored as changes, on a real SQLite file; export without VAT."""

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from history_helpers import utc, writer_at

from ihd.core.readings import PriceReading, RegisterReading, TariffReading
from ihd.core.tariff import Tariff
from ihd.core.units import Direction, Fuel, RegisterUnit
from ihd.han.dialects.glow import GlowDialect

D = Decimal
PAYLOAD = Path(__file__).parents[1] / "data" / "payloads" / "glow" / "electricity-megakid.json"
TOPIC = "glow/XXXXXXYYYYYY/SENSOR/electricitymeter"


def glow_messages(n, start=None):
    """n messages of a Glow bridge ten seconds apart, the register creeping up, the price the same."""
    body = json.loads(PAYLOAD.read_bytes())
    start = start or utc(2026, 11, 1)
    for i in range(n):
        meter = body["electricitymeter"]
        meter["timestamp"] = (start + timedelta(seconds=10 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        meter["energy"]["import"]["cumulative"] = float(D("6613.405") + D(i) / 1000)
        yield start + timedelta(seconds=10 * i), GlowDialect().parse(TOPIC, json.dumps(body).encode()).readings


def rows(writer, table):
    return writer.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_identical_glow_messages_add_one_tariff_row(tmp_path):
    path = tmp_path / "h.sqlite3"
    writer = writer_at(path, tariffs={})
    for received, readings in glow_messages(500):
        writer.apply([("glow", r) for r in readings], received)
    assert rows(writer, "tariff") == 1
    assert len(writer.pricer.tariffs(Fuel.ELECTRICITY)) == 1
    # a price change adds one row, and going back adds one more
    for rate, hour in (("30", 2), ("24.99", 3), ("24.99", 4)):
        writer.apply([("glow", TariffReading(Fuel.ELECTRICITY, D(rate), D("24.03"), True, None))],
                     utc(2026, 11, 1, hour))
    assert rows(writer, "tariff") == 3
    writer.close()
    writer = writer_at(path, tariffs={})  # a restart reads back the changes, no more
    assert len(writer.pricer.tariffs(Fuel.ELECTRICITY)) == 3
    day = writer.day_figures(Fuel.ELECTRICITY, Direction.IMPORT, utc(2026, 11, 1).date())
    assert day.cost_p == D("0.499") * D("4.998")  # 499 Wh at the Glow's 4.998p
    writer.close()


def test_a_history_with_a_tariff_row_per_message_is_compacted_on_opening(tmp_path):
    path = tmp_path / "h.sqlite3"
    writer = writer_at(path, tariffs={})
    body = '{"unit_rate_p": "24.5", "standing_charge_p": "60", "vat_included": true, "source": "bridge", ' \
           '"received_at": "%s", "applies_from": null, "bands": [], "bands_in_gmt": false, "export_rate_p": null}'
    with writer.transaction():
        for n in range(200):
            at = utc(2026, 11, 1) + timedelta(seconds=10 * n)
            writer.db.execute("INSERT INTO tariff VALUES ('electricity', ?, ?)",
                              (int(at.timestamp()), body % at.isoformat()))
    writer.close()
    writer = writer_at(path, tariffs={})
    assert rows(writer, "tariff") == 1
    writer.close()


def test_repeated_prices_write_nothing_and_old_tariffs_go_with_their_history(make_writer):
    writer = make_writer(tariffs={})
    prices = PriceReading(Fuel.ELECTRICITY, Direction.IMPORT,
                          tuple((utc(2026, 11, 1) + timedelta(minutes=30 * n), D(n)) for n in range(48)), True)
    writer.apply([("t", prices)], utc(2026, 11, 1))
    changes = writer.apply([("t", prices)], utc(2026, 11, 1, 1))
    assert rows(writer, "price") == 48
    assert not changes.days
    for month in range(1, 13):
        writer.apply([("t", TariffReading(Fuel.ELECTRICITY, D(20 + month), D(50), True, utc(2025, month, 1)))],
                     utc(2025, month, 1))
    writer.prune(utc(2026, 12, 1))  # 400 days back is early November 2025: October's tariff was in force then
    kept = writer.db.execute("SELECT effective FROM tariff ORDER BY effective").fetchall()
    assert [k for (k,) in kept] == [int(utc(2025, m, 1).timestamp()) for m in (10, 11, 12)]


def test_export_earnings_are_stored_without_vat(make_writer):
    """2.4 kWh exported at 15p, on a tariff quoted without VAT, earns 36.00p, not 37.80p."""
    tariff = Tariff(D(24), D(50), vat_included=False, export_rate_p=D(15))
    writer = make_writer(tariffs={Fuel.ELECTRICITY: tariff})
    exported = [RegisterReading(Fuel.ELECTRICITY, Direction.EXPORT, D(v), RegisterUnit.KWH, utc(2026, 6, 1, h))
                for v, h in (("100", 11), ("102.4", 13))]
    writer.apply([("t", r) for r in exported], utc(2026, 6, 1, 13))
    assert writer.day_figures(Fuel.ELECTRICITY, Direction.EXPORT, utc(2026, 6, 1).date()).cost_p == 36


def test_a_replayed_glow_message_says_nothing_about_todays_price(tmp_path):
    """A Glow's price is the one in force when it stamped the message: replayed hours later, an
    old message's old price does not become the price now."""
    writer = writer_at(tmp_path / "h.sqlite3", tariffs={})
    (old,) = glow_messages(1)
    body = json.loads(PAYLOAD.read_bytes())
    body["electricitymeter"]["timestamp"] = "2026-11-01T05:00:00Z"
    body["electricitymeter"]["energy"]["import"]["price"]["unitrate"] = 0.3
    new = GlowDialect().parse(TOPIC, json.dumps(body).encode()).readings
    writer.apply([("glow", r) for r in new], utc(2026, 11, 1, 5))
    writer.apply([("glow", r) for r in old[1]], utc(2026, 11, 1, 6))  # the midnight message, again
    assert rows(writer, "tariff") == 2
    assert writer.pricer.tariff_at(Fuel.ELECTRICITY, utc(2026, 11, 1, 6)).unit_rate_p == 30
    writer.close()
