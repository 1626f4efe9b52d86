"""Prices from Octopus Energy's public API, as the display then reads them: a normal day, tomorrow's
not yet published, negative prices, tariffs with bands, and the clock change."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from feeds_rig import TARIFF
from mirror import Reply, default_price, second

from ihd.core.readings import PriceReading
from ihd.feeds import prices
from ihd.han.dialects.native_feeds import PRICES, read_status

NOV23_10 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday in GMT
PATH = f"/v1/products/AGILE-24-10-01/electricity-tariffs/{TARIFF}/standard-unit-rates/"


def halves(start: datetime, n: int) -> list[datetime]:
    return [start + timedelta(minutes=30 * i) for i in range(n)]


def test_a_normal_day_publishes_today_and_tomorrow_and_looks_again_tomorrow_afternoon(rig):
    r = rig(NOV23_10, carbon="off")
    r.at(NOV23_10)
    (path,) = r.mirror.paths()
    assert path == (f"{PATH}?period_from=2026-11-23T00%3A00%3A00Z&period_to=2026-11-25T00%3A00%3A00Z"
                    "&page_size=1500")
    reading = r.published.parsed(PRICES)
    assert isinstance(reading, PriceReading)
    assert reading.vat_included
    assert [at for at, _p in reading.prices] == halves(datetime(2026, 11, 23, tzinfo=UTC), 96)
    assert [p for _at, p in reading.prices] == [Decimal(str(default_price(at))) for at, _p in reading.prices]
    assert r.feeds.prices.due == datetime(2026, 11, 24, 16, 0, tzinfo=UTC)  # tomorrow's 16:00, for the day after
    status = read_status(r.published.last("feeds/status")).sources["prices"]
    assert (status.state, status.until, status.updated) == ("ok", datetime(2026, 11, 25, tzinfo=UTC), NOV23_10)
    assert status.next == datetime(2026, 11, 24, 16, 0, tzinfo=UTC)


def test_tomorrows_prices_are_looked_for_from_the_afternoon_until_they_come(rig):
    r = rig(NOV23_10, carbon="off")
    r.mirror.world.published_until = datetime(2026, 11, 24, tzinfo=UTC)  # today's only, as in the morning
    r.at(NOV23_10)
    assert r.feeds.prices.due == datetime(2026, 11, 23, 16, 0, tzinfo=UTC)  # nothing more before 16:00
    assert len(r.published.parsed(PRICES).prices) == 48

    r.at(datetime(2026, 11, 23, 16, 0, tzinfo=UTC))
    assert r.feeds.prices.due == datetime(2026, 11, 23, 16, 30, tzinfo=UTC)
    asked = r.mirror.requests[-1]
    assert asked.headers.get("If-None-Match")  # the same window: "has it changed?", and it has not (304)
    assert len(r.published.on(PRICES)) == 1

    r.mirror.world.published_until = datetime(2026, 11, 25, tzinfo=UTC)  # published at last
    r.at(datetime(2026, 11, 23, 16, 30, tzinfo=UTC))
    reading = r.published.parsed(PRICES)
    assert [at for at, _p in reading.prices] == halves(datetime(2026, 11, 23, tzinfo=UTC), 96)
    assert r.feeds.prices.due == datetime(2026, 11, 24, 16, 0, tzinfo=UTC)
    assert len(r.mirror.requests) == 3


def test_a_new_day_drops_yesterday_and_keeps_tomorrow_while_the_next_is_awaited(rig):
    r = rig(NOV23_10, carbon="off")
    r.at(NOV23_10)
    r.mirror.world.published_until = datetime(2026, 11, 25, tzinfo=UTC)  # the 25th's not yet out
    r.at(datetime(2026, 11, 24, 16, 0, tzinfo=UTC))
    reading = r.published.parsed(PRICES)
    assert [at for at, _p in reading.prices] == halves(datetime(2026, 11, 24, tzinfo=UTC), 48)
    assert r.feeds.prices.due == datetime(2026, 11, 24, 16, 30, tzinfo=UTC)


def test_negative_prices_are_published_as_they_are(rig):
    r = rig(NOV23_10, carbon="off")
    r.mirror.world.price = lambda at: -12.6 if at.hour < 6 else 18.25
    r.at(NOV23_10)
    rates = dict(r.published.parsed(PRICES).prices)
    assert rates[datetime(2026, 11, 23, 2, 30, tzinfo=UTC)] == Decimal("-12.6")
    assert rates[datetime(2026, 11, 23, 12, 0, tzinfo=UTC)] == Decimal("18.25")


def test_the_clock_change_day_has_fifty_half_hours(rig):
    """Saturday 24 October 2026 at 21:00 BST; on Sunday the clocks go back at 02:00 BST."""
    saturday_evening = datetime(2026, 10, 24, 20, 0, tzinfo=UTC)
    r = rig(saturday_evening, carbon="off")
    r.at(saturday_evening)
    assert "period_from=2026-10-23T23%3A00%3A00Z&period_to=2026-10-26T00%3A00%3A00Z" in r.mirror.paths()[0]
    starts = [at for at, _p in r.published.parsed(PRICES).prices]
    assert starts == halves(datetime(2026, 10, 23, 23, 0, tzinfo=UTC), 48 + 50)
    assert r.feeds.prices.due == datetime(2026, 10, 25, 16, 0, tzinfo=UTC)  # 16:00 on Sunday is GMT

    r.at(datetime(2026, 10, 25, 16, 0, tzinfo=UTC))
    starts = [at for at, _p in r.published.parsed(PRICES).prices]
    assert starts == halves(datetime(2026, 10, 24, 23, 0, tzinfo=UTC), 50 + 48)


def test_banded_tariffs_become_half_hours_and_direct_debit_rates_are_chosen():
    """Go-like: a cheap window and an open-ended standard rate, each for two ways of paying."""
    def rate(value, start, end, method):
        return {"value_exc_vat": value, "value_inc_vat": value, "valid_from": start, "valid_to": end,
                "payment_method": method}

    body = {"count": 4, "next": None, "previous": None, "results": [
        rate(27.0, "2026-11-23T05:30:00Z", None, "DIRECT_DEBIT"),
        rate(28.5, "2026-11-23T05:30:00Z", None, "NON_DIRECT_DEBIT"),
        rate(8.5, "2026-11-23T00:30:00Z", "2026-11-23T05:30:00Z", "DIRECT_DEBIT"),
        rate(9.0, "2026-11-23T00:30:00Z", "2026-11-23T05:30:00Z", "NON_DIRECT_DEBIT"),
    ]}
    import json

    rates, following = prices.read(json.dumps(body).encode(), "https://api.octopus.energy")
    assert following is None
    day = prices.half_hours(rates, datetime(2026, 11, 23, tzinfo=UTC), datetime(2026, 11, 24, tzinfo=UTC))
    assert datetime(2026, 11, 23, 0, 0, tzinfo=UTC) not in day  # before the first rate: unknown, not guessed
    assert day[datetime(2026, 11, 23, 0, 30, tzinfo=UTC)] == Decimal("8.5")
    assert day[datetime(2026, 11, 23, 5, 0, tzinfo=UTC)] == Decimal("8.5")
    assert day[datetime(2026, 11, 23, 5, 30, tzinfo=UTC)] == Decimal("27.0")
    assert day[datetime(2026, 11, 23, 23, 30, tzinfo=UTC)] == Decimal("27.0")
    assert len(day) == 47


def test_every_page_is_fetched_and_only_from_the_same_server(rig):
    import json

    r = rig(NOV23_10, carbon="off")
    page = lambda starts, following: {"count": 96, "next": following, "previous": None, "results": [  # noqa: E731
        {"value_inc_vat": 10.5, "value_exc_vat": 10, "valid_from": second(at), "valid_to": second(at + timedelta(
            minutes=30)), "payment_method": None} for at in starts]}
    first = halves(datetime(2026, 11, 23, tzinfo=UTC), 48)
    second_page = halves(datetime(2026, 11, 24, tzinfo=UTC), 48)
    r.mirror.script(Reply(200, json.dumps(page(first, f"{r.mirror.url}{PATH}?page=2")).encode()),
                    Reply(200, json.dumps(page(second_page, None)).encode()))
    r.at(NOV23_10)
    assert r.mirror.paths()[1] == f"{PATH}?page=2"
    assert len(r.published.parsed(PRICES).prices) == 96

    r.mirror.script(Reply(200, json.dumps(page(first, "https://elsewhere.example/steal")).encode()))
    r.at(datetime(2026, 11, 24, 16, 0, tzinfo=UTC))
    status = read_status(r.published.last("feeds/status")).sources["prices"]
    assert status.state == "unavailable"
    assert "another server" in status.reason
    assert len(r.mirror.requests) == 3  # the other server was never asked


def test_agile_as_published_to_23_00_tomorrow_is_fetched_once_a_day(rig):
    """Agile's day-ahead prices run from 23:00 to 23:00: at 16:30 they reach 23:00 tomorrow."""
    r = rig(NOV23_10, carbon="off")
    r.mirror.world.published_until = datetime(2026, 11, 23, 23, 0, tzinfo=UTC)
    r.at(NOV23_10)
    assert r.feeds.prices.due == datetime(2026, 11, 23, 16, 0, tzinfo=UTC)
    r.at(datetime(2026, 11, 23, 16, 0, tzinfo=UTC))  # not yet
    r.mirror.world.published_until = datetime(2026, 11, 24, 23, 0, tzinfo=UTC)
    r.at(datetime(2026, 11, 23, 16, 30, tzinfo=UTC))  # out
    assert r.feeds.prices.due == datetime(2026, 11, 24, 16, 0, tzinfo=UTC)
    assert read_status(r.published.last("feeds/status")).sources["prices"].until == datetime(
        2026, 11, 24, 23, 0, tzinfo=UTC)
    r.at(datetime(2026, 11, 24, 16, 0, tzinfo=UTC))  # the next afternoon, and nothing in between
    assert len(r.mirror.requests) == 4


def test_prices_that_run_out_before_the_afternoon_are_looked_for_again_soon(rig):
    r = rig(NOV23_10, carbon="off")
    r.mirror.world.published_until = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    r.at(NOV23_10)
    assert r.feeds.prices.due == datetime(2026, 11, 23, 10, 30, tzinfo=UTC)
