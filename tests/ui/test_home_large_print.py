"""Large print on the landscape panel: one fuel at a time, its figures in sight, the other a tap away."""

from PySide6.QtCore import Qt

from ihd.core.clock import ManualClock
from ihd.gallery import EVENING
from ihd.ui.layout_check import missing_essentials


def test_one_fuel_at_a_time_with_a_button_naming_the_other(qtbot, make_display):
    display = make_display(demo=True, clock=ManualClock(EVENING))
    qtbot.waitUntil(display.settled, timeout=5000)
    home = display.home
    assert home.electricity.isVisible()
    assert home.gas.isVisible()
    assert not home.other_fuel.isVisible()
    display.choices.set_profile("large-print")
    qtbot.wait(10)
    assert home.electricity.isVisible()
    assert not home.gas.isVisible()
    assert home.other_fuel.accessibleName() == "Gas"  # its words, without the arrow
    assert home.other_fuel.accessibleDescription() == "Show gas"
    qtbot.waitUntil(lambda: missing_essentials(display.window, home) == [], timeout=3000)  # once re-fitted
    qtbot.mouseClick(home.other_fuel, Qt.MouseButton.LeftButton)
    qtbot.wait(10)
    assert home.gas.isVisible()
    assert not home.electricity.isVisible()
    assert home.other_fuel.accessibleName() == "Electricity"
    assert home.other_fuel.accessibleDescription() == "Show electricity"
    qtbot.waitUntil(lambda: missing_essentials(display.window, home) == [], timeout=3000)  # once re-fitted
    display.choices.set_profile("standard")  # and back: both again
    qtbot.wait(10)
    assert home.electricity.isVisible()
    assert home.gas.isVisible()
    assert not home.other_fuel.isVisible()


def test_one_fuel_at_a_time_keeps_its_secondary_lines_where_they_fit(qtbot, make_display):
    """Pay as you go in large print: the days of credit left stay under the balance while the
    panel has room for them (they were always sent to the account screen), and go, with no
    scrolling, where a longer language leaves none; the band's reason never joins the heading."""
    display = make_display(demo="prepayment", clock=ManualClock(EVENING))
    qtbot.waitUntil(display.settled, timeout=5000)
    display.seed_demo_history()  # the usual use, which the days left are reckoned from
    display.writer.flush()
    home = display.home
    display.choices.set_profile("large-print")
    display.figures.refresh()
    note = home.electricity.main.note

    def shown() -> bool:
        return note.isVisibleTo(home) and note.text().startswith("About") and not home.band.reason.isVisibleTo(home)

    qtbot.waitUntil(shown, timeout=3000)
    assert missing_essentials(display.window, home) == []
    assert not home.scroll.verticalScrollBar().isVisible()
    bottom = note.mapTo(home.electricity, note.rect().bottomLeft()).y()
    assert bottom <= home.electricity.height()

    display.choices.set_language("pseudo")  # a third longer: no room for it now
    display.figures.refresh()
    qtbot.waitUntil(lambda: not note.isVisibleTo(home), timeout=3000)
    qtbot.waitUntil(lambda: missing_essentials(display.window, home) == [], timeout=3000)
    # (a bar can show for a moment while the new words are laid out: what stays is none)
    qtbot.waitUntil(lambda: not home.scroll.verticalScrollBar().isVisible(), timeout=3000)
    assert not home.band.reason.isVisibleTo(home)


def test_lines_shed_for_a_passing_note_come_back_when_it_goes(qtbot, make_display, monkeypatch):
    """A note that comes and goes (the meter has not yet sent its demand) takes the room of the
    secondary lines while it is there; once it has gone, they are back, not left out until
    something else makes home fit itself again."""
    from dataclasses import replace

    display = make_display(demo=True, clock=ManualClock(EVENING))
    qtbot.waitUntil(display.settled, timeout=5000)
    display.seed_demo_history()
    display.writer.flush()
    display.choices.set_profile("large-print")
    display.figures.refresh()
    home = display.home
    standing = home.electricity.standing
    qtbot.waitUntil(lambda: standing.isVisibleTo(home) and standing.text().count("\n") == 1, timeout=3000)
    view = display.figures.view()
    monkeypatch.setattr(display.figures, "refresh", lambda: None)  # home shows only the views given below
    monkeypatch.setattr(display.figures, "refresh_soon", lambda: None)
    qtbot.wait(300)  # (a refresh already on its way comes and goes)
    waiting = " ".join(["The meter has not sent a demand figure."] * 3)  # over lines, as a longer language has it
    home.show_view(replace(view, electricity=replace(view.electricity, main_note=waiting)))
    qtbot.waitUntil(lambda: not standing.isVisibleTo(home), timeout=3000)  # no room for all: brief
    assert not home.scroll.verticalScrollBar().isVisible()
    home.show_view(view)  # the demand has come
    qtbot.waitUntil(lambda: standing.isVisibleTo(home), timeout=3000)
    assert missing_essentials(display.window, home) == []
    assert not home.scroll.verticalScrollBar().isVisible()


def test_each_step_of_fitting_is_measured_with_the_lines_it_leaves(qtbot, make_display):
    """Welsh in large print: once the panel's secondary lines have gone, the demo's status line
    fits beside the buttons and nothing scrolls. Measured with the heights the panel had before
    that step, home judged it too tall, took a scroll bar's width from the top line and put the
    status line above the buttons."""
    display = make_display(demo=True, clock=ManualClock(EVENING))
    qtbot.waitUntil(display.settled, timeout=5000)
    display.choices.set_profile("large-high-contrast")
    display.choices.set_language("cy")
    home = display.home
    qtbot.waitUntil(lambda: home.fitted and home.link.text().startswith("● DEMO: cartref"), timeout=3000)
    qtbot.wait(50)
    column = home.scroll.widget().layout()
    assert column.totalHeightForWidth(home._unscrolled_width()) <= home.scroll.viewport().height()
    assert home.scroll.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert home.link.y() == home.actions.y()  # beside the buttons, not above them
    assert missing_essentials(display.window, home) == []


def test_a_line_short_the_standing_charge_goes_and_the_days_total_stays(qtbot, make_display):
    """Welsh in large print is a line short of the panel's every line: the standing charge's own
    line goes, and the day's total, which counts it, stays in sight. Back in English, both lines
    are back (home measured the status line at the width the Welsh buttons had left it, and kept
    the lines shed)."""
    display = make_display(demo=True, clock=ManualClock(EVENING))
    qtbot.waitUntil(display.settled, timeout=5000)
    display.choices.set_profile("large-high-contrast")
    display.choices.set_language("cy")
    home = display.home
    standing = home.electricity.standing
    qtbot.waitUntil(lambda: home.fitted and standing.text().startswith("Cyfanswm heddiw"), timeout=3000)
    qtbot.wait(50)
    assert standing.isVisibleTo(home)
    assert "\n" not in standing.text()
    assert not home.scroll.verticalScrollBar().isVisible()
    assert missing_essentials(display.window, home) == []
    display.choices.set_language("en_GB")  # room for every line again
    qtbot.waitUntil(lambda: home.fitted and standing.text().count("\n") == 1, timeout=3000)
    assert standing.text().startswith("Standing charge")
    assert standing.isVisibleTo(home)
