"""As an Agile household would try it: `ihd-feeds` fetches a day's prices from the HTTP server on
loopback and publishes them to a real mosquitto; the display, connected to the same broker, prices
every half-hour ahead at exactly the published price and names the cheapest two hours for the
washing machine."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from feeds_rig import TARIFF
from mirror import Mirror, World

from ihd.core.periods import SLOT, slot_start
from ihd.core.units import Fuel

REPO = Path(__file__).parents[2]
LONDON = ZoneInfo("Europe/London")


def test_the_display_shows_the_published_prices_and_the_cheapest_window(broker, make_display, qtbot, tmp_path):
    now_slot = slot_start(datetime.now(UTC))
    cheap_from = now_slot + timedelta(hours=6)  # two cheap hours, six hours from now

    def price(at: datetime) -> float:
        return 5.25 if cheap_from <= at < cheap_from + timedelta(hours=2) else 31.5

    mirror = Mirror(World(price=price))
    try:
        config = tmp_path / "feeds.toml"
        config.write_text(f'[bridge]\nbroker = "{broker.url}"\n\n[feeds]\nenabled = true\ntariff_code = "{TARIFF}"\n'
                          f'prices_url = "{mirror.url}"\ncarbon = "off"\n')
        done = subprocess.run([sys.executable, "-m", "ihd.feeds.cli", "--config", str(config), "--once"], cwd=REPO,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    finally:
        mirror.stop()

    display = make_display({"bridge": {"broker": broker.url}})  # the real clock, as ihd-feeds had
    pricer = lambda: display.figures.live.pricer  # noqa: E731
    ahead = [now_slot + n * SLOT for n in range(48)]
    qtbot.waitUntil(lambda: pricer().import_rate(Fuel.ELECTRICITY, cheap_from) == 5.25, timeout=10000)
    published = {start: pricer().import_rate(Fuel.ELECTRICITY, start) for start in ahead}
    assert published == {start: Decimal(str(price(start))) for start in ahead}  # half-hour by half-hour

    display.window.show_screen("ahead")
    lines = display.ahead.screen.jobs.text().splitlines()
    starts = display.shared.i18n.time(cheap_from, LONDON)
    assert lines[0] == f"Washing machine, 2 h: cheapest from {starts}, about 5p instead of 32p now."
