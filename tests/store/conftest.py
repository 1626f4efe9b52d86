from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from ihd.core.pricing import Pricer
from ihd.core.tariff import Tariff
from ihd.core.units import Fuel, GasConversion
from ihd.store.history import HistoryReader, HistoryWriter

LONDON = ZoneInfo("Europe/London")


SINGLE_RATES = {Fuel.ELECTRICITY: Tariff(Decimal(20), Decimal(50)), Fuel.GAS: Tariff(Decimal(6), Decimal(30))}


def writer_at(path, tariffs=None):
    pricer = Pricer(LONDON, configured=SINGLE_RATES if tariffs is None else tariffs)
    return HistoryWriter(path, pricer, GasConversion())


@pytest.fixture
def make_writer(tmp_path):
    made = []

    def make(tariffs=None, path=None):
        writer = writer_at(path or tmp_path / "history.sqlite3", tariffs)
        made.append(writer)
        return writer

    yield make
    for writer in made:
        writer.close()


@pytest.fixture
def reader(tmp_path):
    made = []

    def make():
        r = HistoryReader(tmp_path / "history.sqlite3", LONDON)
        made.append(r)
        return r

    yield make
    for r in made:
        r.close()


def utc(*args):
    return datetime(*args, tzinfo=UTC)
