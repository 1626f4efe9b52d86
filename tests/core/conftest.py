from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from ihd.core.clock import ManualClock

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def clock():
    return ManualClock(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
