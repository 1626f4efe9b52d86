"""A keyboard user Tabs through every screen: each stop shows where focus is (its pixels change),
and the stops go down the screen in reading order."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QStyle, QStyleOptionButton, QWidget

SCREENS = ["home", "settings", "consent", "pin", "confirm", "prepayment", "glance"]


def stops(qtbot, display, screen_name, limit=40):
    """The widgets Tab visits from the screen's first focus, once round."""
    display.window.show_screen(screen_name)
    qtbot.wait(50)
    first = QApplication.focusWidget()
    found = [first]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is None or now in found:
            break
        found.append(now)
    return [w for w in found if w is not None]


def region(window, widget):
    """The widget and a few pixels round it (a focus ring may sit on its border), as pixels."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    margin = 4
    rect = widget.rect().translated(top_left).adjusted(-margin, -margin, margin, margin)
    return window.grab(rect).toImage()


def into_view(widget: QWidget) -> None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget)
        parent = parent.parentWidget()


def next_column(before: QWidget, after: QWidget) -> bool:
    """`after` starts a column further along the reading direction than `before`."""
    x0 = before.mapTo(before.window(), QPoint(0, 0)).x()
    x1 = after.mapTo(after.window(), QPoint(0, 0)).x()
    if before.isRightToLeft():
        return x1 + after.width() <= x0 + before.width() // 2
    return x1 >= x0 + before.width() // 2


def content_y(widget: QWidget) -> int:
    """How far down the screen the widget sits (scrolled into view first)."""
    into_view(widget)
    return widget.mapTo(widget.window(), QPoint(0, 0)).y()


@pytest.mark.parametrize("demo", ["credit", "prepayment"])
def test_every_tab_stop_shows_focus_and_goes_down_the_screen(qtbot, make_display, demo):
    display = make_display(demo=demo)
    qtbot.waitUntil(display.settled, timeout=5000)
    display.figures.refresh()
    problems = []
    for name in SCREENS:
        if name == "pin":
            display.household.guard(lambda: None)  # no PIN set: it asks for none; show it as choosing
            display.household.choose_pin()
        visited = stops(qtbot, display, name)
        if name == "glance":
            continue  # the whole screen is one stop: any key goes back
        for widget in visited:
            into_view(widget)
            widget.clearFocus()
            qtbot.wait(20)
            unfocused = region(display.window, widget)
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            qtbot.wait(20)
            if region(display.window, widget) == unfocused:
                problems.append(f"{name}: {type(widget).__name__} {widget.accessibleName()!r} shows no focus")
        # Round the whole cycle, Tab goes back up the screen once (from the last stop to the
        # first), besides going up to the top of the next column along the reading direction.
        tops = [(content_y(w), w) for w in visited]
        ups = [f"{w0.accessibleName()!r} to {w1.accessibleName()!r}"
               for (y0, w0), (y1, w1) in zip(tops, tops[1:] + tops[:1], strict=True)
               if y1 + w1.height() // 2 < y0 and not next_column(w0, w1)]
        if len(ups) > 1:
            problems.append(f"{name}: Tab goes back up from " + ", from ".join(ups))
    assert not problems, "\n".join(problems)


ALL_SCREENS = ["home", "settings", "history", "ahead", "consent", "pin", "confirm", "prepayment", "topup", "about"]


@pytest.mark.parametrize("language", ["en_GB", "ur"])
def test_names_begin_with_the_words_shown_and_one_of_many_is_a_radio_button(qtbot, make_display, language):
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QAbstractButton

    from ihd.ui.widgets.button import spoken_words
    from ihd.ui.widgets.choices import Choices
    from ihd.ui.widgets.segmented import Segmented

    display = make_display(demo="prepayment")
    qtbot.waitUntil(display.settled, timeout=5000)
    display.choices.set_language(language)
    problems = []
    for name in ALL_SCREENS:
        display.window.show_screen(name)
        screen = display.window.screens[name]
        for button in screen.findChildren(QAbstractButton):
            text = spoken_words(button.text().replace("&", ""))
            if any(ch.isalpha() for ch in text) and not button.accessibleName().startswith(text):
                problems.append(f"{name}: {text!r} is named {button.accessibleName()!r}")
        for group in screen.findChildren(Choices) + screen.findChildren(Segmented):
            for button in group.findChildren(QAbstractButton):
                role = QAccessible.queryAccessibleInterface(button).role()
                if role != QAccessible.Role.RadioButton:
                    problems.append(f"{name}: the choice {button.text()!r} is a {role.name}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("profile", ["standard", "large-print", "high-contrast", "large-high-contrast"])
def test_a_focused_control_keeps_the_room_its_words_had(qtbot, profile):
    """The ring is thicker than a control's border; the padding gives the difference back, so a
    focused button's words are not squeezed against the ring ("24 awr nesaf" lost its "f")."""
    from ihd.core.profiles import PROFILES
    from ihd.ui.theme import Theme, apply_theme
    from ihd.ui.widgets.button import Button
    from ihd.ui.widgets.segmented import Segmented

    app = QApplication.instance()
    apply_theme(app, Theme(PROFILES[profile], roomy=False))
    try:
        window = QWidget()
        qtbot.addWidget(window)
        buttons = [Button(window), Button(window)]
        for b in buttons:
            b.set_label("24 awr nesaf")
        days = Segmented(["day", "week"], window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)

        def room(widget, part=QStyle.SubElement.SE_PushButtonContents):
            option = QStyleOptionButton()
            option.initFrom(widget)  # focused or not, as the widget is
            return widget.style().subElementRect(part, option, widget).width()

        buttons[0].setFocus(Qt.FocusReason.TabFocusReason)
        assert buttons[0].hasFocus()
        assert not buttons[1].hasFocus()
        assert room(buttons[0]) == room(buttons[1]) > 0
        day, week = days.buttons["day"], days.buttons["week"]
        week.setText(day.text())
        day.setFocus(Qt.FocusReason.TabFocusReason)
        segment = QStyle.SubElement.SE_RadioButtonContents
        assert room(day, segment) == room(week, segment) > 0
    finally:
        apply_theme(app, Theme(PROFILES["standard"], roomy=False))


def _luminance(rgb: int) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: int, b: int) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("profile", ["standard", "large-print", "high-contrast", "large-high-contrast"])
def test_the_focus_ring_stands_out_on_a_chosen_control_too(qtbot, profile):
    """Focus changes at least a ring's worth of pixels by a contrast of 3:1 or more (the contrast
    WCAG's focus appearance asks of them), on a chosen segment or button as on the others. On a
    chosen one the ring was the text colour on the accent: near-black on navy (2.1:1), white on
    yellow (1.2:1)."""
    from ihd.core.profiles import PROFILES
    from ihd.ui.theme import Theme, apply_theme
    from ihd.ui.widgets.button import Button
    from ihd.ui.widgets.segmented import Segmented

    app = QApplication.instance()
    apply_theme(app, Theme(PROFILES[profile], roomy=False))
    try:
        window = QWidget()
        qtbot.addWidget(window)
        days = Segmented(["day", "week"], window)
        days.set_labels({"day": ("Day", None), "week": ("Week", None)})
        days.set_chosen("day")
        chosen, plain = Button(window), Button(window)
        for b in (chosen, plain):
            b.set_label("Table")
            b.setCheckable(True)
        chosen.setChecked(True)
        chosen.move(0, 100)
        plain.move(200, 100)
        window.resize(400, 200)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        weak = []
        for widget in (days.buttons["day"], chosen, plain):  # (the other segments are reached by arrows, which choose)
            widget.clearFocus()
            qtbot.wait(20)
            before = region(window, widget)
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            qtbot.wait(20)
            after = region(window, widget)
            assert widget.hasFocus()
            strong = sum(1 for y in range(before.height()) for x in range(before.width())
                         if _contrast(before.pixel(x, y), after.pixel(x, y)) >= 3)
            ring = 2 * widget.width() + 2 * widget.height()
            if strong < ring:
                weak.append(f"{widget.text()!r} (chosen: {widget.isChecked()}): {strong} of {ring} pixels")
        assert not weak, weak
    finally:
        apply_theme(app, Theme(PROFILES["standard"], roomy=False))
