"""The two sources: a tariff's half-hourly prices, and the grid's carbon intensity.

Each publishes retained what it knows from the start of the household's day onwards. A new answer
is merged into what was known (a half-hour it gives replaces the one known), so an answer that
gives less never takes away what an earlier one gave; one that cannot be read is not used at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from ihd.core.periods import local_day_start, local_midnight, next_local_day_start
from ihd.feeds import carbon, prices
from ihd.feeds.carbon import NATIONAL, REGIONAL
from ihd.feeds.http import FetchFailed
from ihd.feeds.source import Context, Source
from ihd.han.dialects.native_feeds import INTENSITY, PRICES

TOMORROW_JITTER_MINUTES = 5
TOMORROW_KNOWN = timedelta(hours=12)  # the next day's prices are out once known past its noon


class PricesSource(Source):
    """Today's and tomorrow's prices. Once tomorrow's are known, the next look is at
    `tomorrow_prices_at` tomorrow; until then, every refresh from that time of day on (and at
    once, every refresh, whenever what is known runs out before then)."""

    name = "prices"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        s = ctx.settings
        self.tariff = s.tariff_code
        self.product = s.product or (prices.product_of(s.tariff_code) if s.tariff_code else "")
        self.check_at = time.fromisoformat(s.tomorrow_prices_at)
        self.known: dict[datetime, Decimal] = {}

    def off_reason(self) -> str | None:
        return None if self.tariff else "no tariff is configured (feeds.tariff_code)"

    def fetch(self, now: datetime) -> datetime:
        start = local_day_start(now, self.ctx.tz)
        end = local_midnight(now.astimezone(self.ctx.tz).date() + timedelta(days=2), self.ctx.tz)
        base = self.ctx.settings.prices_url
        first = self.get(lambda: prices.address(base, self.product, self.tariff, start, end))
        if not first.unchanged:
            rates, following = prices.read(first.body, base)
            pages = 1
            while following is not None:
                if pages == prices.MAX_PAGES:
                    raise FetchFailed(f"the prices run to more than {prices.MAX_PAGES} pages", retry=False)
                page = self.get(lambda url=following: url, conditional=False)  # type: ignore[misc]
                more, following = prices.read(page.body, base)
                rates, pages = rates + more, pages + 1
            found = prices.half_hours(rates, start, end)
            if not found:
                raise FetchFailed(f"the source has no prices for {self.tariff} from today on", retry=False)
            merged = {at: p for at, p in self.known.items() if at >= start} | found
            self.publish(PRICES, prices.payload(merged))
            self.known = merged
            self.remember(first)
            self.status = replace(self.status, updated=now)
        self.status = replace(self.status, until=prices.covered_until(self.known, now))
        return self._next(now)

    def _next(self, now: datetime) -> datetime:
        """Agile's next day is published in the late afternoon and runs to 23:00 the next day (the
        wholesale day), so "tomorrow's are here" means known past tomorrow's noon, not to its end."""
        tz, refresh = self.ctx.tz, self.ctx.settings.refresh_minutes
        until = prices.covered_until(self.known, now)
        tomorrow = next_local_day_start(now, tz)
        today = now.astimezone(tz).date()
        if until is not None and until >= tomorrow + TOMORROW_KNOWN:
            return self._checking(today + timedelta(days=1))  # for the day after, tomorrow afternoon
        today_check = self._checking(today, jitter=False)
        if until is None or until < min(today_check, tomorrow):
            return self.later(now, refresh)  # prices run out before then: look again soon
        if now < today_check:
            return self._checking(today)
        return self.later(now, refresh)  # tomorrow's are due: look until they come

    def _checking(self, day: date, jitter: bool = True) -> datetime:
        """When, on the local `day`, the next day's prices are first looked for."""
        at = datetime.combine(day, self.check_at, tzinfo=self.ctx.tz).astimezone(UTC)
        return at + timedelta(minutes=TOMORROW_JITTER_MINUTES * self.ctx.rand() if jitter else 0)


class CarbonSource(Source):
    """The 48-hour forecast: regional while the household allows carbon look-ups (the postcode
    district goes in the address), national otherwise."""

    name = "carbon"

    def __init__(self, ctx: Context, district: Callable[[], str | None]) -> None:
        super().__init__(ctx)
        self.mode = ctx.settings.carbon
        self._allowed_district = district
        self.known: dict[datetime, carbon.Record] = {}
        self.known_for: tuple[str, str | None] | None = None  # (scope, district) of what is known

    def off_reason(self) -> str | None:
        return "carbon intensity is off (feeds.carbon)" if self.mode == "off" else None

    def district(self) -> str | None:
        """The outward code to send, asked afresh for every request; None unless allowed."""
        return self._allowed_district() if self.mode == REGIONAL else None

    def asks_otherwise(self) -> bool:
        """Whether the household's choice now asks in another scope than what is known. Only then
        does a change of choice ask again at once: the consent record and the shared district
        come as two messages, and the second must not repeat a look-up the first one made."""
        return self.known_for != _scope(self.district())

    def fetch(self, now: datetime) -> datetime:
        base, sent = self.ctx.settings.carbon_url, []

        def address() -> str:
            sent.append(self.district())
            return carbon.address(base, now, sent[-1])

        answer = self.get(address)
        district = sent[-1]
        scope = _scope(district)
        if not answer.unchanged:
            forecast = carbon.read(answer.body, regional=district is not None)
            start = local_day_start(now, self.ctx.tz)
            kept = {at: r for at, r in self.known.items() if at >= start} if scope == self.known_for else {}
            merged = kept | {r.start: r for r in forecast.records if r.start >= start}
            if not merged:
                raise FetchFailed("the forecast holds nothing from today on", retry=False)
            self.publish(INTENSITY, carbon.payload(r for _at, r in sorted(merged.items())))
            self.known, self.known_for = merged, scope
            self.remember(answer)
            self.status = replace(self.status, updated=now, scope=scope[0],
                                  region=forecast.region if district is not None else "")
        self.status = replace(self.status, until=max(self.known) + carbon.SLOT)
        return self.later(now, self.ctx.settings.refresh_minutes)


def _scope(district: str | None) -> tuple[str, str | None]:
    return (REGIONAL, district) if district is not None else (NATIONAL, None)
