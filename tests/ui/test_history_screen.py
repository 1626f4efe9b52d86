"""The history screen, driven as a person would: tap through periods, units and bars."""

import shutil
import sys
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from ihd.config import parse_config
from ihd.core.clock import ManualClock
from ihd.core.pricing import Pricer
from ihd.core.units import GasConversion
from ihd.gallery import EVENING
from ihd.han.demo import demo_year
from ihd.store.history import HistoryWriter


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """The demo's thirteen months, written once for all these tests."""
    path = tmp_path_factory.mktemp("seeded") / "demo-credit-history.sqlite3"
    tz = ZoneInfo("Europe/London")
    writer = HistoryWriter(path, Pricer(tz, configured=parse_config({}).tariffs()), GasConversion())
    writer.apply([("demo", r) for r in demo_year(tz, EVENING.astimezone(tz).date())], EVENING)
    writer.close()
    return path


@pytest.fixture
def open_history(qtbot, make_display, seeded, tmp_path):
    def make(config=None):
        (tmp_path / "data").mkdir(exist_ok=True)
        shutil.copy(seeded, tmp_path / "data" / "demo-credit-history.sqlite3")
        display = make_display(config, demo=True, clock=ManualClock(EVENING))
        qtbot.waitUntil(display.settled, timeout=5000)
        qtbot.mouseClick(display.home.history, Qt.MouseButton.LeftButton)
        assert display.window.current == "history"
        return display, display.history_screen

    return make


def click(qtbot, screen, button):
    screen.scroll.ensureWidgetVisible(button)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_today_by_half_hour_with_yesterday_behind_it(qtbot, open_history):
    _display, screen = open_history()
    view = screen._view
    assert screen.title.text() == "Today"
    assert len(view.bars) == 48
    assert view.bars[10].previous is not None  # yesterday, drawn as outlines
    assert "by this time" in view.comparison
    assert screen.chart is not None
    assert screen.chart.accessibleDescription() == view.summary
    assert "pyqtgraph" in sys.modules


def test_periods_units_and_moving_back(qtbot, open_history):
    display, screen = open_history()
    click(qtbot, screen, screen.kinds.buttons["year"])
    assert screen.title.text() == "This year"
    assert len(screen._view.bars) == 12
    click(qtbot, screen, screen.earlier)
    assert screen.title.text() == "Last year"
    assert screen.later.isEnabled()
    click(qtbot, screen, screen.units.buttons["money"])
    assert screen._view.bars[11].text.startswith("£")
    assert display.unit.value == "money"  # the same unit switch as the home screen
    assert display.home.units.buttons["money"].isChecked()
    click(qtbot, screen, screen.kinds.buttons["week"])
    assert screen.title.text() == "This week"
    click(qtbot, screen, screen.fuels.buttons["gas"])
    assert screen._view.fuel.value == "gas"


def test_a_tapped_bar_says_its_value_and_the_table_holds_every_bar(qtbot, open_history):
    _display, screen = open_history()
    said = screen.show_tapped(36)
    assert said.startswith("18:00 to 18:30, ")
    assert screen.tapped.text().startswith("18:00 to 18:30: ")
    click(qtbot, screen, screen.as_table)
    assert screen.views.currentWidget() is screen.table
    assert screen.table.rowCount() == 48
    assert screen.table.item(36, 0).text() == "18:00 to 18:30"


def test_a_swipe_moves_between_periods(qtbot, open_history):
    _display, screen = open_history()
    screen.chart.swiped.emit(-1)
    assert screen.title.text() == "Yesterday"
    screen.chart.swiped.emit(1)
    assert screen.title.text() == "Today"
    screen.chart.swiped.emit(1)  # there is no tomorrow
    assert screen.title.text() == "Today"


def test_the_equivalent_shows_its_basis_on_request(qtbot, open_history):
    _display, screen = open_history()
    click(qtbot, screen, screen.units.buttons["energy"])
    assert "litres of water" in screen.summary.text()
    assert screen.how.accessibleName() == "How is this worked out?"
    assert screen.basis.isHidden()
    click(qtbot, screen, screen.how)
    assert screen.basis.isVisible()
    assert "0.1 kWh" in screen.basis.text()


def test_read_aloud_speaks_the_charts_summary(qtbot, open_history):
    display, _screen = open_history({"speech": {"engine": "mock"}})
    qtbot.mouseClick(display.history_screen.speak, Qt.MouseButton.LeftButton)
    assert display.speaker.said[-1].startswith("Today. So far: ")


def test_history_and_home_agree_on_today(qtbot, open_history):
    display, screen = open_history()
    click(qtbot, screen, screen.units.buttons["energy"])
    display.set_unit(display.unit)  # the home screen in the same unit
    assert screen._view.total == f"So far: {display.home.electricity.today.value_text} kWh"
