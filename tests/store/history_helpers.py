"""Helpers for the history store tests."""

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from ihd.core.pricing import Pricer
from ihd.core.tariff import Tariff
from ihd.core.units import Fuel, GasConversion
from ihd.store.history import HistoryWriter

LONDON = ZoneInfo("Europe/London")


SINGLE_RATES = {Fuel.ELECTRICITY: Tariff(Decimal(20), Decimal(50)), Fuel.GAS: Tariff(Decimal(6), Decimal(30))}


def writer_at(path, tariffs=None):
    pricer = Pricer(LONDON, configured=SINGLE_RATES if tariffs is None else tariffs)
    return HistoryWriter(path, pricer, GasConversion())


def utc(*args):
    return datetime(*args, tzinfo=UTC)
