"""Who may have the household's energy data: categories, choices, and the record of each choice.

Half-hourly use shows when a home is empty, when people sleep and what they cook, so the GB
framework lets nothing finer than daily leave the home without an opt-in, withdrawable at any
time. Here: every category that sends data out of the home is off until the household switches it
on; keeping detailed history on the display itself (data that never leaves it) is on, and can be
switched off. Each choice is recorded with the words the household saw, so what was agreed to can
always be shown. The display enforces the choices itself (app: what it publishes and keeps).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

STATEMENTS_VERSION = 2  # raised whenever the wording of a statement changes in substance (2: home devices
# also get the meter readings and the price now)


class Category(StrEnum):
    DETAILED_HISTORY = "detailed-history"  # half-hourly history kept on this display
    SUPPLIER_HALF_HOURLY = "supplier-half-hourly"  # half-hourly use, to the energy supplier
    SUPPLIER_DAILY = "supplier-daily"  # daily use, to the energy supplier
    THIRD_PARTY = "third-party"  # half-hourly use, to one named service the household chose
    CARBON_LOOKUP = "carbon-lookup"  # the postcode district, to look up the local grid's carbon
    HOME_DEVICES = "home-devices"  # the display's figures, to other devices in the home (Home Assistant)
    TRUSTED_PERSON = "trusted-person"  # pay as you go alerts, to someone the household names


DEFAULTS: dict[Category, bool] = {
    Category.DETAILED_HISTORY: True,  # stays on the display
    Category.SUPPLIER_HALF_HOURLY: False,
    Category.SUPPLIER_DAILY: False,
    Category.THIRD_PARTY: False,
    Category.CARBON_LOOKUP: False,
    Category.HOME_DEVICES: False,
    Category.TRUSTED_PERSON: False,
}
LEAVES_THE_HOME = frozenset(c for c in Category if c is not Category.DETAILED_HISTORY)


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """One choice, as it was made: what, yes or no, when, and the words shown at the time."""

    category: Category
    granted: bool
    at: datetime
    version: int
    language: str
    statement: str


class ConsentState:
    """The choices in force: the latest record for each category, else the default."""

    def __init__(self, records: list[ConsentRecord] | tuple[ConsentRecord, ...] = ()) -> None:
        self._latest: dict[Category, ConsentRecord] = {}
        self._on_since: dict[Category, datetime] = {}  # when each category granted now was switched on
        for record in sorted(records, key=lambda r: r.at):
            self._take(record)

    def _take(self, record: ConsentRecord) -> None:
        self._latest[record.category] = record
        if not record.granted:
            self._on_since.pop(record.category, None)
        else:
            self._on_since.setdefault(record.category, record.at)  # a yes again (new words) keeps the first

    def allows(self, category: Category) -> bool:
        record = self._latest.get(category)
        return record.granted if record is not None else DEFAULTS[category]

    def since(self, category: Category) -> datetime | None:
        """When the choice in force was made (None: the default, never chosen)."""
        record = self._latest.get(category)
        return record.at if record is not None else None

    def version(self, category: Category) -> int | None:
        """The version of the words the choice in force was made on (None: the default)."""
        record = self._latest.get(category)
        return record.version if record is not None else None

    def on_since(self, category: Category) -> datetime | None:
        """When a category granted now was switched on: the first yes since the last no (None if it
        is off, or on by default). Nothing gathered before this may be shared."""
        return self._on_since.get(category) if self.allows(category) else None

    def with_choice(self, record: ConsentRecord) -> ConsentState:
        made = ConsentState()
        made._latest, made._on_since = dict(self._latest), dict(self._on_since)
        made._take(record)
        return made

    def as_published(self, now: datetime) -> dict[str, object]:
        """The retained record the bridge and any upstream service honour (docs/contract.md)."""

        def stamp(when: datetime | None) -> str | None:
            return when.strftime("%Y-%m-%dT%H:%M:%SZ") if when is not None else None

        return {
            "ts": stamp(now),
            "version": STATEMENTS_VERSION,
            "categories": {c.value: {"granted": self.allows(c), "since": stamp(self.since(c))} for c in Category},
        }


def ended(now: datetime) -> dict[str, object]:
    """The last record published under a home's identity when the new-occupier wipe ends it: every
    category off from now, and `ended`, so a recipient knows that household's choices are gone."""
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"ts": stamp, "version": STATEMENTS_VERSION, "ended": True,
            "categories": {c.value: {"granted": False, "since": stamp} for c in Category}}
