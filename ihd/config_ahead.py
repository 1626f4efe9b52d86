"""The config's sections for the day ahead: the forward view's jobs, and ihd-feeds, which fetches
prices and the grid's carbon forecast from the internet."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ihd import config_keys as check
from ihd.config_keys import key
from ihd.core.ahead import Job


@dataclass(frozen=True)
class AheadSection:
    """The next 24 hours: how long the household's common jobs run and the energy each uses a run
    (typical figures; change them to your own machines')."""

    washing_hours: Decimal = key(Decimal(2), "A washing machine run.", check.number("0.5", "12", " (hours)"))
    washing_kwh: Decimal = key(Decimal("1.0"), "Its energy (a 40 °C cotton wash).", check.number("0.1", "10", " (kWh)"))
    dishwasher_hours: Decimal = key(Decimal(3), "A dishwasher run.", check.number("0.5", "12", " (hours)"))
    dishwasher_kwh: Decimal = key(Decimal("1.1"), "Its energy (an eco programme).", check.number("0.1", "10", " (kWh)"))
    dryer_hours: Decimal = key(Decimal("1.5"), "A tumble dryer run.", check.number("0.5", "12", " (hours)"))
    dryer_kwh: Decimal = key(Decimal("2.5"), "Its energy (a condenser dryer, a full load).",
                             check.number("0.1", "10", " (kWh)"))
    car_hours: Decimal = key(Decimal(4), "Charging a car.", check.number("0.5", "12", " (hours)"))
    car_kwh: Decimal = key(Decimal(28), "Its energy (four hours on a 7 kW home charger); 0 leaves the car out.",
                           check.number("0", "100", " (kWh)"))

    def jobs(self) -> list[Job]:
        found = [Job("washing", self.washing_hours, self.washing_kwh),
                 Job("dishwasher", self.dishwasher_hours, self.dishwasher_kwh),
                 Job("dryer", self.dryer_hours, self.dryer_kwh), Job("car", self.car_hours, self.car_kwh)]
        return [job for job in found if job.kwh > 0]


@dataclass(frozen=True)
class FeedsSection:
    """ihd-feeds, the bridge that fetches prices and the grid's carbon intensity from the internet
    and publishes them to the broker (docs/feeds.md). Off until enabled."""

    enabled: bool = key(False, "Run ihd-feeds (it exits at once while this is false).", check.yes_no)
    tariff_code: str = key("", "Octopus Energy electricity tariff whose half-hourly prices are fetched, such as "
                           "E-1R-AGILE-24-10-01-C (the last letter is the region); \"\" for none.", check.tariff_code)
    product: str = key("", "Its product code, such as AGILE-24-10-01; \"\" takes it from the tariff code.",
                       check.product_code)
    prices_url: str = key("https://api.octopus.energy", "Where the prices come from (Octopus Energy's public "
                          "API, or a mirror of it).", check.web_address)
    tomorrow_prices_at: str = key("16:00", "Local time from which the next day's prices are looked for, "
                                  "then every refresh_minutes until they come.", check.clock_time)
    carbon: str = key("regional", "Carbon intensity: regional (the home's region while the household allows "
                      "carbon look-ups, which sends the postcode district; Great Britain's otherwise), "
                      "national (Great Britain's; nothing about the home is sent) or off.",
                      check.choice("regional", "national", "off"))
    carbon_url: str = key("https://api.carbonintensity.org.uk", "Where the carbon intensity comes from (the "
                          "Carbon Intensity API, or a mirror of it).", check.web_address)
    refresh_minutes: int = key(30, "Minutes between fetches of the carbon forecast, and between looks for "
                               "prices not yet published.", check.whole(5, 360))
