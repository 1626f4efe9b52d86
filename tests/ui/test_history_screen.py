"""The history screen, driven as a person would: tap through periods, units and bars."""

import shutil
import sys
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QAccessible, QColor, QCursor

from ihd.config import parse_config
from ihd.core.clock import ManualClock
from ihd.core.periods import PeriodKind
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
        return display, display.history.screen

    return make


def click(qtbot, screen, button):
    if screen.words.isAncestorOf(button):
        screen.words_area.ensureWidgetVisible(button)
    assert button.isVisible()
    assert not button.visibleRegion().isEmpty(), "not on screen to tap"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_today_by_half_hour_with_yesterday_behind_it(qtbot, open_history):
    _display, screen = open_history()
    view = screen._view
    assert screen.title.text() == "Today"
    assert len(view.bars) == 48
    assert view.bars[10].previous is not None  # yesterday, drawn as outlines
    assert (screen.key.now.text(), screen.key.before.text()) == ("Today", "Yesterday")
    assert screen.key.isVisible()
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
    assert display.choices.unit.value == "money"  # the same unit switch as the home screen
    assert display.home.units.buttons["money"].isChecked()
    click(qtbot, screen, screen.kinds.buttons["week"])
    assert screen.title.text() == "This week"
    click(qtbot, screen, screen.fuels.buttons["gas"])
    assert screen._view.fuel.value == "gas"


def test_a_tapped_bar_says_its_value_and_the_table_holds_every_bar(qtbot, open_history):
    display, screen = open_history()
    said = screen.show_tapped(36)
    assert said.startswith("18:00 to 18:30, ")
    assert screen.tapped.text().startswith("18:00 to 18:30: ")
    click(qtbot, screen, screen.as_table)
    assert screen.views.currentWidget() is screen.table
    assert screen.table.rowCount() == 48
    assert screen.table.item(36, 0).text() == "18:00 to 18:30"
    assert screen.table.accessibleName() == "Table of today, by half-hour"
    display.window.show_screen("home")  # no ghost rows for a screen reader on another screen
    assert screen.table.rowCount() == 0
    display.window.show_screen("history")
    assert screen.table.rowCount() == 48
    click(qtbot, screen, screen.as_table)  # the chart again
    assert screen.table.rowCount() == 0


def test_tab_leaves_the_table_and_comes_back_to_the_table_button(qtbot, open_history):
    """The table is one Tab stop, its cells stepped through with the arrows: Tab used to go from
    cell to cell without end, and a keyboard user could not reach Table again to close it."""
    _display, screen = open_history()
    click(qtbot, screen, screen.as_table)
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_Down)
    assert screen.table.currentRow() == 1  # the arrows step through the rows
    reached = []
    for _ in range(12):
        qtbot.keyClick(screen.focusWidget(), Qt.Key.Key_Tab)
        reached.append(screen.focusWidget())
    assert reached[0] is not screen.table
    assert screen.as_table in reached


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
    display, screen = open_history({"speech": {"engine": "mock"}})
    # a screen reader says what it does beyond its two words, as on home and the next 24 hours
    assert (screen.speak.accessibleName(), screen.speak.accessibleDescription()) == (
        "Read aloud", "Read what the chart shows aloud")
    qtbot.mouseClick(screen.speak, Qt.MouseButton.LeftButton)
    assert display.voice.speaker.said[-1].startswith("Today. So far: ")


def test_history_and_home_agree_on_today(qtbot, open_history):
    display, screen = open_history()
    click(qtbot, screen, screen.units.buttons["energy"])

    def agreed():
        display.writer.flush()  # the demo's readings reach the history on the writer's thread
        display.choices.set_unit(display.choices.unit)  # the home screen in the same unit, and the chart redrawn
        return screen._view.total == f"So far: {display.home.electricity.today.value_text} kWh"

    qtbot.waitUntil(agreed, timeout=5000)


def window_rect(widget, window):
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()).intersected(window.rect())


def on_screen(widget):
    """Fully visible: not clipped by a parent or scrolled out of a viewport."""
    return widget.isVisible() and widget.visibleRegion().boundingRect() == widget.rect()


@pytest.mark.parametrize("profile", ["standard", "large-print"])
def test_the_chart_takes_at_least_half_the_screen_and_stays_so_after_switches(qtbot, open_history, profile):
    display, screen = open_history()
    display.choices.set_profile(profile)
    window = display.window
    for switch in (None, "large-print", profile, "high-contrast", profile):
        if switch:
            display.choices.set_profile(switch)
            display.window.show_screen("home")
            display.window.show_screen("history")
        qtbot.wait(10)
        if switch in (None, profile):
            seen = window_rect(screen.chart, window)
            assert on_screen(screen.chart)
            assert seen.height() * 2 >= window.height(), f"{seen.height()}px of {window.height()}"
            assert on_screen(screen.kinds)


def test_on_the_standard_screen_every_word_and_action_is_in_view_without_scrolling(qtbot, open_history):
    """800x480, standard print: read aloud, table and the next 24 hours share the choices' second
    row, so the words beside the chart fit; where that row has no room they close the words."""
    display, screen = open_history()
    for language in ("en_GB", "cy", "ur"):
        display.choices.set_language(language)
        qtbot.wait(10)
        assert not screen.words.isAncestorOf(screen.actions), language
        assert not screen.words_area.verticalScrollBar().isVisible(), language
        for part in (screen.speak, screen.as_table, screen.ahead, screen.summary, screen.key, screen.units):
            assert on_screen(part), (language, part.text() if hasattr(part, "text") else part)
        assert screen.actions.geometry().top() == screen.units.geometry().top()  # on a row already there
        assert window_rect(screen.chart, display.window).height() * 2 >= display.window.height()
    display.choices.set_language("en_GB")
    display.choices.set_profile("large-print")  # no room on the choices' rows: beneath the words
    qtbot.wait(10)
    assert screen.words.isAncestorOf(screen.actions)
    click(qtbot, screen, screen.as_table)
    assert screen.views.currentWidget() is screen.table
    display.choices.set_profile("standard")
    qtbot.wait(10)
    assert not screen.words.isAncestorOf(screen.actions)  # and back
    click(qtbot, screen, screen.as_table)
    assert screen.views.currentWidget() is not screen.table


def tabbed_from_the_units(qtbot, screen, steps):
    """What Tab reaches, step by step, from the chosen unit."""
    chosen = next(b for b in screen.units.buttons.values() if b.isChecked())
    chosen.setFocus()
    reached = []
    for _ in range(steps):
        qtbot.keyClick(screen.focusWidget() or chosen, Qt.Key.Key_Tab)
        reached.append(screen.focusWidget())
    return reached


def test_an_action_tab_reaches_below_the_fold_is_brought_into_view(qtbot, open_history):
    """Large print at 800x480: the actions close the words beside the chart, below its fold.
    Tabbing to them from the choices above scrolls the words to them: a focused button out of
    sight is a keyboard user lost."""
    _display, screen = open_history({"display": {"profile": "large-high-contrast"}})
    assert screen.words.isAncestorOf(screen.speak)
    assert screen.speak.visibleRegion().isEmpty()  # below the fold at first
    # not for a tap (the pointer on the button): its press comes as the finger lifts, and must
    # find the button where it was
    QCursor.setPos(screen.speak.mapToGlobal(screen.speak.rect().center()))
    screen.speak.setFocus(Qt.FocusReason.MouseFocusReason)
    assert screen.speak.visibleRegion().isEmpty()
    QCursor.setPos(screen.back_button.mapToGlobal(screen.back_button.rect().center()))
    screen.back_button.setFocus(Qt.FocusReason.MouseFocusReason)
    assert screen.speak in tabbed_from_the_units(qtbot, screen, 2)  # the chart, then Read aloud
    assert screen.focusWidget() is screen.speak
    assert not screen.speak.visibleRegion().isEmpty()
    assert screen.speak.visibleRegion().boundingRect().height() == screen.speak.height()


@pytest.mark.parametrize("profile", ["standard", "large-high-contrast"])
def test_the_chart_shows_when_it_has_the_focus(qtbot, open_history, profile):
    """Tab reaches the chart (a screen reader hears its summary there); a sighted keyboard user
    must see that it has, by the ring the buttons have."""
    display, screen = open_history({"display": {"profile": profile}})
    ring = QColor(display.shared.theme.profile.colours.focus)
    edges = lambda image: {image.pixelColor(x, y).name() for x, y in (  # noqa: E731
        (1, image.height() // 2), (image.width() - 2, image.height() // 2), (image.width() // 2, 1))}
    assert ring.name() not in edges(screen.chart.grab().toImage())
    reached = tabbed_from_the_units(qtbot, screen, 4)
    reached[reached.index(screen.chart)].setFocus(Qt.FocusReason.TabFocusReason)  # (Tab went past it)
    assert edges(screen.chart.grab().toImage()) == {ring.name()}


def test_tab_reaches_the_actions_where_the_eye_does(qtbot, open_history):
    display, screen = open_history()
    assert tabbed_from_the_units(qtbot, screen, 4) == [screen.speak, screen.as_table, screen.ahead, screen.chart]
    display.choices.set_profile("large-print")  # the actions beneath the words, after the chart
    qtbot.wait(10)
    assert tabbed_from_the_units(qtbot, screen, 4) == [screen.chart, screen.speak, screen.as_table, screen.ahead]


@pytest.mark.parametrize(("size", "language"), [((1024, 600), "en_GB"), ((800, 480), "cy"), ((800, 480), "en_GB")])
def test_paging_never_gives_the_actions_a_line_of_their_own(qtbot, open_history, size, language):
    """As the period's name grows and shrinks, the choices take one line or two: the actions move
    down at most once (a longer name leaves them no room), never back up, and never onto a line
    of their own above the chart."""
    display, screen = open_history()
    display.choices.set_language(language)
    display.window.resize(*size)
    qtbot.waitUntil(lambda: screen.width() == size[0], timeout=3000)
    places = []
    for kind in ("day", "week", "month", "year"):
        click(qtbot, screen, screen.kinds.buttons[kind])
        for button in [screen.earlier] * 6 + [screen.later] * 6:
            click(qtbot, screen, button)
            qtbot.wait(10)  # the row laid out again
            up = not screen.words.isAncestorOf(screen.actions)
            if up:
                tops = {w.geometry().top() for w in (screen.back_button, screen.kinds, screen.units, screen.fuels)}
                assert screen.actions.geometry().top() in tops, (kind, screen.title.text())
            if not places or places[-1] != up:
                places.append(up)
    assert places in ([True], [False], [True, False]), places


def laid_out():
    """Every layout posted so far run, and those they post in turn."""
    for _ in range(4):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def arrows_at(screen):
    return [b.mapTo(screen, b.rect().center()) for b in (screen.earlier, screen.later)]


@pytest.mark.parametrize(("size", "language", "profile", "steady"), [
    ((800, 480), "en_GB", "standard", True), ((800, 480), "ur", "standard", True),
    ((720, 1280), "cy", "large-high-contrast", True), ((800, 480), "cy", "standard", False),
    ((1024, 600), "en_GB", "standard", False), ((800, 480), "en_GB", "large-print", False)])
def test_paging_leaves_the_arrows_where_the_finger_is(qtbot, open_history, size, language, profile, steady):
    """Tapping ◀ (or ▶) again and again through days, weeks, months or years: the arrows stay put
    as the period's name grows and shrinks ("Friday 9 January", "Wednesday 7 January"), so the
    next tap lands on the arrow, not on Week or the screen beside it. Room is kept for the longest
    name only where it takes no line from the chart: where the choices need a line more or less
    (a year's "2024" against "Last year"; the actions going down once), they move with it."""
    display, screen = open_history({"display": {"profile": profile}})
    display.choices.set_language(language)
    display.window.resize(*size)
    qtbot.waitUntil(lambda: screen.width() == size[0], timeout=3000)
    for kind in ("day", "week", "month", "year"):
        click(qtbot, screen, screen.kinds.buttons[kind])
        click(qtbot, screen, screen.earlier)  # from "Yesterday" on: "Today" may take a line fewer
        laid_out()
        row = lambda: (screen.chart.height(), screen.words.isAncestorOf(screen.actions))  # noqa: E731
        before, moves = (row(), arrows_at(screen)), 0
        for button in [screen.earlier] * 8 + [screen.later] * 7:
            click(qtbot, screen, button)
            laid_out()  # as before the next frame is drawn
            now = (row(), arrows_at(screen))
            if now[0] == before[0]:
                assert now[1] == before[1], (kind, screen.title.text(), screen.pager.minimumWidth())
            moves += now[1] != before[1]
            before = now
        assert moves == 0 if steady else moves <= 2, kind


def test_a_long_period_name_wraps_in_the_words_never_cut_off(qtbot, open_history):
    """Welsh at 800x480, a day back: "Dydd ... " is longer than the words beside the chart are
    wide. It wraps in the key, and the sentences above it keep to the column, not cut at its edge."""
    display, screen = open_history()
    display.choices.set_language("cy")
    click(qtbot, screen, screen.earlier)
    for _day in range(7):  # every weekday's name
        click(qtbot, screen, screen.earlier)
        qtbot.wait(20)  # laid out
        assert screen.title.text().startswith("Dydd ")
        seen = screen.words_area.viewport().width()
        assert screen.words.width() <= seen, screen.title.text()
        for words in (screen.summary, screen.key.now, screen.key.before):
            right = words.mapTo(screen.words, words.rect().topRight()).x()
            assert right < seen, words.text()
            assert words.heightForWidth(words.width()) <= words.height(), words.text()  # no line cut


def test_the_choices_are_one_row_of_radio_buttons_each(qtbot, open_history):
    display, screen = open_history()
    for profile in ("standard", "large-print", "large-high-contrast"):
        display.choices.set_profile(profile)
        qtbot.wait(10)
        for choice in (screen.kinds, screen.fuels, screen.units):
            tops = {b.geometry().top() for b in choice.buttons.values() if b.isVisible()}
            assert len(tops) == 1, "folded into more than one row"
            assert on_screen(choice)
            for button in choice.buttons.values():
                assert QAccessible.queryAccessibleInterface(button).role() == QAccessible.Role.RadioButton
    screen.kinds.buttons["day"].setFocus()
    qtbot.keyClick(screen.kinds.buttons["day"], Qt.Key.Key_Right)  # as in any radio group
    assert screen.title.text() == "This week"
    assert screen.kinds.buttons["week"].hasFocus()


def test_the_chart_is_one_object_to_a_screen_reader(qtbot, open_history):
    _display, screen = open_history()
    seen = QAccessible.queryAccessibleInterface(screen.chart)
    assert seen.role() == QAccessible.Role.Chart
    assert seen.text(QAccessible.Text.Name) == "Chart of today, by half-hour"
    assert seen.text(QAccessible.Text.Description) == screen._view.summary
    assert seen.childCount() == 0


def test_missing_half_hours_are_gaps_not_zero(qtbot, open_history):
    _display, screen = open_history()
    view = screen._view
    lost = {5, 6, 20}
    bars = tuple(replace(b, value=None, text="no reading") if i in lost else b for i, b in enumerate(view.bars))
    screen.show_view(replace(view, bars=bars), PeriodKind.DAY, True)
    now, _before = screen.chart.drawn()
    recorded = [i for i, b in enumerate(bars) if b.value is not None]
    assert now == recorded
    assert not lost & set(now)
    click(qtbot, screen, screen.as_table)
    assert screen.table.item(5, 1).text() == "no reading"


def test_the_axis_is_in_the_texts_unit(qtbot, open_history):
    display, screen = open_history()
    click(qtbot, screen, screen.units.buttons["money"])
    left = screen.chart._plot.getAxis("left")
    labels = [text for _value, text in left._tickLevels[0]]
    assert labels[0] == "0p"
    assert all(t.endswith("p") for t in labels)
    display.choices.set_language("pl")
    labels = [text for _value, text in left._tickLevels[0]]
    assert all(t.endswith("£") and "," in t for t in labels[1:]), labels


def test_history_stays_whole_after_a_language_switch_there_and_back(qtbot, open_history):
    display, screen = open_history()
    display.choices.set_profile("large-print")
    qtbot.wait(10)
    before = window_rect(screen.chart, display.window)
    for language in ("cy", "pl", "en_GB"):
        display.choices.set_language(language)
        qtbot.wait(10)
        assert on_screen(screen.chart)
        assert len({b.geometry().top() for b in screen.kinds.buttons.values()}) == 1
    assert screen.title.text() == "Today"
    assert window_rect(screen.chart, display.window) == before  # as it was, not folded


def test_a_tap_anywhere_in_a_column_reads_its_half_hour(qtbot, open_history):
    _display, screen = open_history()
    plot = screen.chart._plot
    box = plot.getPlotItem().getViewBox()
    top = box.viewRange()[1][1]
    high_above_the_bar = box.mapViewToScene(QPointF(10, top * 0.95))  # 05:00, a small bar far below
    where = plot.mapFromScene(high_above_the_bar)
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: screen.tapped.isVisible(), timeout=2000)
    assert screen.tapped.text().startswith("05:00 to 05:30: ")


def test_history_is_made_ready_out_of_sight_once_home_is_up(qtbot, make_display, seeded, tmp_path):
    """The chart's libraries come in off the GUI thread, then the screen is built and drawn
    unseen, so the first tap paints at once; the tap then shows that same screen, refreshed."""
    (tmp_path / "data").mkdir(exist_ok=True)
    shutil.copy(seeded, tmp_path / "data" / "demo-credit-history.sqlite3")
    display = make_display(demo=True, clock=ManualClock(EVENING))
    qtbot.waitUntil(display.settled, timeout=5000)
    display.history.warm_up()
    qtbot.waitUntil(lambda: display.window.built("history") is not None, timeout=30_000)
    ready = display.window.built("history")
    assert display.window.current == "home"
    assert not ready.isEnabled()
    assert ready.chart is not None
    assert ready.chart.drawn()[0]
    assert ready.title.text()
    qtbot.mouseClick(display.home.history, Qt.MouseButton.LeftButton)
    assert display.window.current == "history"
    assert display.window.screens["history"] is ready
    assert ready.isEnabled()


@pytest.mark.parametrize("profile", ["standard", "large-print"])
def test_new_words_are_never_drawn_squeezed_into_the_old_height(open_history, qtbot, profile):
    """The words column is as tall as its new words need as soon as they are set, not one posted
    layout later: otherwise the frame drawn (or grabbed) between shows them cut top and bottom."""
    _display, screen = open_history({"display": {"profile": profile}})
    for kind in ("week", "month", "year", "day"):
        qtbot.mouseClick(screen.kinds.buttons[kind], Qt.MouseButton.LeftButton)  # no events processed after
        at_once = screen.words.minimumHeight()
        qtbot.wait(50)  # the layouts Qt posted have run: every remembered height is fresh
        need = screen.words.layout().totalHeightForWidth(screen.words.width())
        assert (at_once, screen.words.minimumHeight()) == (need, need), kind


def test_the_words_column_is_not_laid_out_again_and_again_when_nothing_changes(open_history, qtbot):
    """Fitting the column to its words must not itself ask for another layout: that would be a
    loop without end, a core of the Pi kept busy behind a still screen."""
    _display, screen = open_history({"display": {"profile": "large-print"}})
    qtbot.mouseClick(screen.kinds.buttons["week"], Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    asked = EventCount(QEvent.Type.LayoutRequest)
    screen.words.installEventFilter(asked)
    qtbot.wait(1000)
    assert asked.seen <= 3  # one for a figure that moved on


class EventCount(QObject):
    def __init__(self, kind: QEvent.Type) -> None:
        super().__init__()
        self.kind, self.seen = kind, 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        self.seen += event.type() == self.kind
        return False
