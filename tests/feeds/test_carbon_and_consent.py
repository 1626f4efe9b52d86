"""The carbon forecast, and the household's consent: the postcode district leaves the home only
while carbon look-ups are allowed, and withdrawing stops it at once. What left is read from the
HTTP server's own log of requests."""

from datetime import UTC, datetime, timedelta

from feeds_rig import PREFIX, consent_record
from mirror import Reply, band, default_grams

from ihd.core.readings import IntensityReading
from ihd.han.dialects import native_share
from ihd.han.dialects.native_feeds import INTENSITY, STATUS, read_status

NOV23_10 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def sent_anywhere(r, text: str) -> bool:
    """Whether `text` went out in any request: its address or any header."""
    return any(text in req.path or any(text in v for v in req.headers.values()) for req in r.mirror.requests)


def carbon_status(r):
    return read_status(r.published.last(STATUS)).sources["carbon"]


def test_allowed_the_regional_forecast_is_fetched_for_the_district_and_published(rig):
    r = rig(NOV23_10, tariff_code="")
    r.allow(True, "EH12")
    r.at(NOV23_10)
    assert r.mirror.paths() == ["/regional/intensity/2026-11-23T10:00Z/fw48h/postcode/EH12"]
    reading = r.published.parsed(INTENSITY)
    assert isinstance(reading, IntensityReading)
    starts = [at for at, _g, _b in reading.records]
    assert starts == [NOV23_10 + timedelta(minutes=30 * i) for i in range(96)]
    assert all((g, b) == (default_grams(at), band(default_grams(at))) for at, g, b in reading.records)
    status = carbon_status(r)
    assert (status.state, status.scope, status.region) == ("ok", "regional", "South Scotland")
    assert status.until == NOV23_10 + timedelta(hours=48)
    assert r.feeds.carbon.due == NOV23_10 + timedelta(minutes=30)


def test_without_consent_no_request_carries_the_district(rig):
    r = rig(NOV23_10, tariff_code="")
    r.consent.message(f"{PREFIX}/share/carbon-region", b'{"contract":"ihd/v1","postcode_district":"EH12"}')
    r.at(NOV23_10)  # no consent record heard at all: not allowed
    r.allow(False)
    r.at(NOV23_10 + timedelta(minutes=30))
    assert r.mirror.paths() == ["/intensity/2026-11-23T10:00Z/fw48h", "/intensity/2026-11-23T10:30Z/fw48h"]
    assert not sent_anywhere(r, "EH12")
    assert not sent_anywhere(r, "regional")
    assert carbon_status(r).scope == "national"
    assert len(r.published.parsed(INTENSITY).records) == 97  # today's 10:00 is kept beside the new 48 hours


def test_a_district_in_the_config_is_not_sent_without_consent(rig):
    from ihd.feeds.consent import ConsentWatch

    r = rig(NOV23_10, tariff_code="")
    r.feeds.carbon._allowed_district = ConsentWatch(PREFIX, configured_district="SW1A").district
    r.at(NOV23_10)
    assert not sent_anywhere(r, "SW1A")


def test_granting_fetches_the_region_at_once_and_withdrawing_stops_it_at_once(rig):
    r = rig(NOV23_10, tariff_code="")
    r.allow(False)
    r.at(NOV23_10)
    r.allow(True, "EH12")  # the household switches carbon look-ups on at 10:05
    r.at(NOV23_10 + timedelta(minutes=5))
    assert r.mirror.paths()[-1] == "/regional/intensity/2026-11-23T10:00Z/fw48h/postcode/EH12"
    assert carbon_status(r).scope == "regional"

    r.allow(False)  # and off again at 10:07
    r.at(NOV23_10 + timedelta(minutes=7))
    assert r.mirror.paths()[-1] == "/intensity/2026-11-23T10:00Z/fw48h"
    r.at(NOV23_10 + timedelta(minutes=40))
    assert [p for p in r.mirror.paths() if "EH12" in p] == ["/regional/intensity/2026-11-23T10:00Z/fw48h/postcode/EH12"]
    # what is published is Great Britain's again, whole: nothing of the region is kept beside it
    reading = r.published.parsed(INTENSITY)
    assert all(g == default_grams(at) + 10 for at, g, _b in reading.records)
    assert carbon_status(r).region == ""


def test_the_district_heard_after_the_record_asks_the_region_once(rig):
    """The consent record and the shared district are two messages: when the second comes while
    the first's look-up is under way, the region is not asked twice, and a record heard again
    asks nothing."""
    r = None

    def district_arrives_meanwhile() -> None:
        r.consent.message(f"{PREFIX}/share/carbon-region", native_share.carbon_region("K7QM-2XD4-P9RT", "EH12"))

    r = rig(NOV23_10, tariff_code="")
    r.consent.message(f"{PREFIX}/consent", consent_record(True))  # the district is not heard yet...
    r.feeds.carbon._allowed_district = _after_first_ask(r.feeds.carbon._allowed_district, district_arrives_meanwhile)
    r.at(NOV23_10)
    r.allow(True, "EH12")  # ...and both are heard again, as when the display starts again
    r.at(NOV23_10 + timedelta(minutes=1))
    assert [p for p in r.mirror.paths() if "intensity" in p] == [
        "/regional/intensity/2026-11-23T10:00Z/fw48h/postcode/EH12"]
    r.allow(False)
    r.at(NOV23_10 + timedelta(minutes=2))
    assert r.mirror.paths()[-1] == "/intensity/2026-11-23T10:00Z/fw48h"


def _after_first_ask(district, then):  # type: ignore[no-untyped-def]
    """`district`, calling `then` after it is first asked (a message heard as the request goes)."""
    asked = []

    def ask():  # type: ignore[no-untyped-def]
        if not asked:
            asked.append(True)
            then()
        return district()

    return ask


def test_withdrawing_between_two_attempts_is_honoured_by_the_very_next_request(rig):
    r = None

    def withdraw_while_waiting(_waits: int) -> None:
        r.allow(False)

    r = rig(NOV23_10, on_wait=withdraw_while_waiting, tariff_code="")
    r.allow(True, "EH12")
    r.mirror.script(Reply(500, b"{}"))
    r.at(NOV23_10)
    assert r.mirror.paths() == ["/regional/intensity/2026-11-23T10:00Z/fw48h/postcode/EH12",
                                "/intensity/2026-11-23T10:00Z/fw48h"]
    assert carbon_status(r).scope == "national"


def test_national_by_choice_never_sends_the_district(rig):
    r = rig(NOV23_10, tariff_code="", carbon="national")
    r.allow(True, "EH12")
    r.at(NOV23_10)
    assert r.mirror.paths() == ["/intensity/2026-11-23T10:00Z/fw48h"]


def test_a_forecast_across_the_clock_change_reads_as_fifty_half_hours_that_sunday(rig):
    """From Saturday 24 October 2026, 21:00 BST, for 48 hours: Sunday is 25 hours long."""
    from zoneinfo import ZoneInfo

    saturday_evening = datetime(2026, 10, 24, 20, 0, tzinfo=UTC)
    r = rig(saturday_evening, tariff_code="")
    r.allow(True, "EH12")
    r.at(saturday_evening)
    starts = [at for at, _g, _b in r.published.parsed(INTENSITY).records]
    assert starts == [saturday_evening + timedelta(minutes=30 * i) for i in range(96)]
    london = ZoneInfo("Europe/London")
    sunday = [at for at in starts if at.astimezone(london).date().isoformat() == "2026-10-25"]
    assert len(sunday) == 50
    one_oclock = [at.astimezone(london) for at in sunday if at.astimezone(london).hour == 1]
    assert [t.strftime("%H:%M %Z") for t in one_oclock] == ["01:00 BST", "01:30 BST", "01:00 GMT", "01:30 GMT"]


def test_a_consent_record_that_cannot_be_read_allows_nothing(rig):
    r = rig(NOV23_10, tariff_code="")
    r.allow(True, "EH12")
    r.consent.message(f"{PREFIX}/consent", b'{"categories": {"carbon-lookup": {"granted": "yes"}}}')
    assert r.consent.district() is None
    r.consent.message(f"{PREFIX}/consent", b"")  # the record deleted
    assert r.consent.district() is None
    r.consent.message(f"{PREFIX}/consent", b"\xff{")
    r.at(NOV23_10)
    assert not sent_anywhere(r, "EH12")
