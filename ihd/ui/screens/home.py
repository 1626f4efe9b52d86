"""The home screen: electricity now and today, gas today, the link, and the unit switch.

Landscape puts the fuels side by side; portrait stacks them. Large print on a landscape screen
has no room for both: one fuel is shown at a time, its panel laid out across the width (the
figure on one side, today and the way to top up on the other), its heading line holding the
lamp's word and a large button naming the other fuel, to turn to it; the panel's secondary lines
and the band's reason are left to the detail views there. The status line and Read aloud are on
top; the unit switch, History and Settings along the bottom, on one line: what does not fit there
goes up beside Read aloud.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QVBoxLayout, QWidget

from ihd.core.account_view import Action
from ihd.core.formatting import Formatter
from ihd.core.units import DisplayUnit
from ihd.core.viewmodels import HomeView
from ihd.ui.screens.fuel_panel import FuelPanel
from ihd.ui.screens.home_fit import SHED_NONE, HomeFitting
from ihd.ui.theme import STANDARD_BODY_PX, Theme
from ihd.ui.widgets.ambient import AmbientBand
from ihd.ui.widgets.button import Button
from ihd.ui.widgets.flow import FlowLayout
from ihd.ui.widgets.labels import label, set_flag, set_warning
from ihd.ui.widgets.pair import PairBars
from ihd.ui.widgets.scroll import touch_scroll_area
from ihd.ui.widgets.segmented import Segmented
from ihd.ui.widgets.trend import TrendLine
from ihd.ui.widgets.wipe_notice import WipeNotice

OK_MARK, WARN_MARK = "●", "▲"  # a shape as well as a colour


class HomeScreen(HomeFitting, QWidget):
    unit_chosen = Signal(str)
    read_aloud = Signal()
    speech_toggled = Signal()  # a long press on "Read aloud"
    settings_opened = Signal()
    history_opened = Signal()
    glance_opened = Signal()
    ahead_opened = Signal()
    kettle_pressed = Signal()  # the demo's kettle
    account_action = Signal(str, str)  # fuel, prepayment action
    account_opened = Signal()
    guest_left = Signal()
    wipe_stopped = Signal()  # the notice of a wipe asked for without the PIN was tapped

    def __init__(self, theme: Theme, parent: QWidget | None = None, *, demo: bool = False) -> None:
        super().__init__(parent)
        self._refit_due = False
        self.link = label("link", self, wrap=True)
        # Its look as it starts (the demo's badge, or "Connecting" as a warning) before anything is
        # polished: set once polished, it would restyle the line, and make Qt's style type (566
        # enum members, 5 ms) on the way to the first frame.
        set_warning(self.link, not demo)
        set_flag(self.link, "demo", demo)
        self.notice = label("note", self, wrap=True)
        self.notice.hide()
        # The time, today against yesterday, the unit rate, the next cheap period: one line.
        self.at_a_glance = label("", self, wrap=True)
        self.at_a_glance.hide()
        # The time, the rate and when it is next cheap: a tap on it opens the next 24 hours.
        self.at_a_glance.setCursor(Qt.CursorShape.PointingHandCursor)
        # Portrait has the height: today against yesterday as a pair of bars too.
        self.pair = PairBars(self)
        self.pair.hide()
        self._pair_wanted = False
        # The last hour's use as a line, where there is room for it (see home_fit).
        self.trend = TrendLine(self)
        self.trend.hide()
        self._trend_wanted = False
        self._trend_caption = ""
        self.news = Button(self)  # a message or proposal from the supplier: one tap opens it
        self.news.setProperty("role", "sentence")
        self.news.clicked.connect(self.account_opened)
        self.news.hide()
        # A wipe is due: anyone who lives here must see it, and may stop it with the PIN.
        self.wipe_box = WipeNotice(self)
        self.wipe_notice, self.wipe_stop = self.wipe_box.notice, self.wipe_box.stop
        self.wipe_stop.clicked.connect(self.wipe_stopped)
        self.band = AmbientBand(self)
        self.band.opened.connect(self.glance_opened)
        self._tap_hint = ""
        self.speak = Button(self, long_press=True)
        self.speak.clicked.connect(self.read_aloud)
        self.speak.long_pressed.connect(self.speech_toggled)
        self.kettle = Button(self)
        self.kettle.clicked.connect(self.kettle_pressed)
        self.kettle.hide()
        self.history = Button(self)
        self.history.clicked.connect(self.history_opened)
        self.settings = Button(self)
        self.settings.clicked.connect(self.settings_opened)
        self.leave_guest = Button(self)  # the guest view's way back (it asks for the household PIN)
        self.leave_guest.clicked.connect(self.guest_left)
        self.leave_guest.hide()
        self.electricity = FuelPanel(theme, self)
        self.gas = FuelPanel(theme, self)
        for panel, fuel in ((self.electricity, "electricity"), (self.gas, "gas")):
            panel.action.connect(lambda action, f=fuel: self.account_action.emit(f, action))
            panel.details.connect(self.account_opened)
        self.units = Segmented([u.value for u in DisplayUnit], self)
        self.units.chosen.connect(self.unit_chosen)
        # One fuel at a time (large print, landscape): this, in the panel's heading, shows the other.
        self.other_fuel = Button(self)
        self.other_fuel.clicked.connect(self._turn_fuel)
        self.other_fuel.hide()
        self.electricity.hold(self.other_fuel)
        self._single = False
        self._shed = SHED_NONE  # the lines left to other views where the screen is short (see home_fit)
        self._fuel_words = ("", "", "", "")
        self._showing_gas = False

        gap = self.fontMetrics().height() // 2
        self._top = QGridLayout()
        self._top.setSpacing(gap)
        self._top.setColumnStretch(0, 1)
        # The buttons share a line of their own that wraps, should long words need it.
        self.actions = QWidget(self)
        actions = FlowLayout(self.actions, spacing=gap)
        actions.add(self.kettle, self.speak, self.leave_guest)
        self._stacked_top: bool | None = None
        self._fitted_for = ""  # the button words the top line was last fitted around
        self._fitted_lines: tuple[object, ...] = ()  # the lines the panels had when last fitted (see _lines)
        self._arrange_top(stacked=False)
        self._panels = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._panels.setSpacing(gap)
        self._panels.addWidget(self.electricity, 1)
        self._panels.addWidget(self.gas, 1)
        # Everything but the unit switch scrolls, should large print and long words not fit.
        content = QWidget()
        inside = QVBoxLayout(content)
        inside.setContentsMargins(0, 0, 0, 0)
        inside.setSpacing(gap)
        inside.addLayout(self._top)
        inside.addWidget(self.wipe_box)
        inside.addWidget(self.band)
        inside.addWidget(self.at_a_glance)
        inside.addWidget(self.pair)
        inside.addWidget(self.trend)
        inside.addWidget(self.notice)
        inside.addWidget(self.news)
        inside.addLayout(self._panels, 1)
        self._inside = inside
        self.scroll = touch_scroll_area(content, self)
        # the bar coming or going changes the width the status line has: fit it again
        self.scroll.verticalScrollBar().installEventFilter(self)
        content.installEventFilter(self)  # laid out taller than measured: measure again (see below)
        self.at_a_glance.installEventFilter(self)
        column = QVBoxLayout(self)
        column.setContentsMargins(gap, gap, gap, gap)
        column.setSpacing(gap)
        column.addWidget(self.scroll, 1)
        bottom = FlowLayout(spacing=gap)
        bottom.add(self.units, self.history, self.settings)
        self._bottom = bottom
        column.addLayout(bottom)
        self._gapped = (self._top, actions, self._panels, inside, column, bottom)
        # Keys follow reading order: the buttons above, the figures, the bar along the bottom.
        QWidget.setTabOrder(self.scroll, self.kettle)
        QWidget.setTabOrder(self.kettle, self.speak)
        QWidget.setTabOrder(self.speak, self.leave_guest)
        QWidget.setTabOrder(self.leave_guest, self.wipe_stop)
        # then the band, the other fuel, each panel's buttons (pay as you go), the bar along the bottom
        chain = [self.wipe_stop, self.band, self.other_fuel]
        for panel in (self.electricity, self.gas):
            chain += [*panel.buttons.values(), panel.more]
        chain += [next(iter(self.units.buttons.values()))]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        QWidget.setTabOrder(next(reversed(self.units.buttons.values())), self.history)
        QWidget.setTabOrder(self.history, self.settings)
        self._theme = theme
        self.trend.set_colours(theme.colours["accent"], theme.colours["muted"], theme.sizes()["chart_line"])

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.electricity.set_theme(theme)
        self.gas.set_theme(theme)
        self.trend.set_colours(theme.colours["accent"], theme.colours["muted"], theme.sizes()["chart_line"])
        gap = theme.profile.px(0.5)  # the gaps follow the text size, switched live too
        for layout in self._gapped:
            layout.setSpacing(gap)
        self.layout().setContentsMargins(gap, gap, gap, gap)
        self._arrange_fuels(self.width(), self.height())
        self._refit_soon()

    def _arrange_fuels(self, width: int, height: int) -> None:
        """Large text on a landscape screen: one fuel at a time, across the width."""
        landscape = width > height
        self._panels.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)
        self._single = landscape and self._theme.profile.body_px > STANDARD_BODY_PX
        # One fuel on a short screen: every line counts, so the lines sit closer (the text keeps its size).
        rows = self._theme.profile.px(0.25 if self._single else 0.5)
        for layout in (self._top, self._inside, self.layout()):
            layout.setSpacing(rows)
        self._show_fuels()

    def _show_fuels(self) -> None:
        both = self.electricity.offered and self.gas.offered
        single = self._single and both
        showing_gas = single and self._showing_gas
        self.electricity.setVisible(self.electricity.offered and not showing_gas)
        self.gas.setVisible(self.gas.offered and (showing_gas or not single))
        self.other_fuel.setVisible(single)
        for panel in (self.electricity, self.gas):
            panel.set_wide(self._single)
        # The band keeps its word and shape; why (the figures behind the level) is on the glance
        # view it opens, and in its accessible name, where the screen is short of room.
        self._place_band(self._shed)
        to_gas, gas_name, to_electricity, electricity_name = self._fuel_words
        # the button names the fuel it shows, and points the way the panel turns
        forward, backward = ("◀", "▶") if self.isRightToLeft() else ("▶", "◀")
        if self._showing_gas:
            self.other_fuel.set_label(f"{backward} {to_electricity}", electricity_name)
        else:
            self.other_fuel.set_label(f"{to_gas} {forward}", gas_name)
        self._show_glance()

    def _turn_fuel(self) -> None:
        self._showing_gas = not self._showing_gas
        self._show_fuels()

    def essentials(self) -> dict[str, QWidget]:
        """What the screen is for: each fuel's headline figure and today's, and on pay as you go
        the way to top up (the layout contract: see ihd.ui.layout_check)."""
        found: dict[str, QWidget] = {}
        for fuel, panel in (("electricity", self.electricity), ("gas", self.gas)):
            if not panel.isVisibleTo(self):
                continue
            found[f"{fuel} figure"] = panel.main
            for name, widget in (("today", panel.today), ("top up", panel.buttons[Action.TOP_UP])):
                if widget.isVisibleTo(self):
                    found[f"{fuel} {name}"] = widget
        return found

    def focus_after(self, came_from: str) -> QWidget:
        """Coming back from settings, the keyboard is where it left: on Settings."""
        return self.settings if came_from == "settings" else self.speak

    def retranslate(self, fmt: Formatter) -> None:
        _ = fmt._
        self.units.set_labels({
            DisplayUnit.ENERGY.value: (_("kWh"), _("Show energy in kilowatt hours")),
            DisplayUnit.MONEY.value: (_("£ and p"), _("Show cost in pounds and pence")),
            DisplayUnit.CARBON.value: (_("CO2e"), _("Show carbon in kilograms of CO2 equivalent")),
        })
        self.speak.set_label(_("Read aloud"))  # (the fit of the top line is redone in show_view)
        self.speak.setAccessibleDescription(_("Reads the figures on this screen. Hold to turn speaking "
                                              "changes on or off."))
        self.history.set_label(_("History"), _("History: days, weeks, months and years"))
        self._fuel_words = (_("Gas"), _("Show gas"), _("Electricity"), _("Show electricity"))
        self._show_fuels()
        self.kettle.set_label(_("Kettle on"), _("Demo: put the kettle on"))
        self.settings.set_label(_("Settings"))
        self.wipe_stop.set_label(_("Stop it"), _("Stop it: enter the PIN to keep this display as it is"))
        self.leave_guest.set_label(_("Leave guest view"), _("Leave the guest view (asks for the household PIN)"))
        self.scroll.setAccessibleName(_("The home screen"))
        self.electricity.retranslate(fmt)
        self.gas.retranslate(fmt)
        self._tap_hint = _("Tap to show the level across the whole screen")
        self._trend_caption = _("Use over the last hour")

    def show_view(self, view: HomeView) -> None:
        mark = OK_MARK if view.link_ok else WARN_MARK
        text = f"{mark} {view.link_text}"
        self.link.setAccessibleName(view.link_text)
        set_warning(self.link, not view.link_ok)  # its look before it is measured (and polished)
        set_flag(self.link, "demo", view.demo)
        refit = False
        if text != self.link.text() or self.speak.text() != self._fitted_for:
            self.link.setText(text)
            self._fitted_for = self.speak.text()
            refit = True
        if self.kettle.isHidden() == view.demo:
            self.kettle.setVisible(view.demo)
            self._stacked_top = None  # one more button on the top line: fit it again
            refit = True
        if view.ambient is not None:
            self.band.show_level(view.ambient, self._tap_hint)
        if self.at_a_glance.text() != view.glance:
            self.at_a_glance.setText(view.glance)
        self._pair_wanted = view.pair is not None
        if view.pair is not None:
            self.pair.show_pair(view.pair)
        self._trend_wanted = bool(view.trend)
        self.trend.show_trend(view.trend, self._trend_caption, view.trend_words)
        self._show_glance()
        self.notice.setText(view.notice)
        self.notice.setVisible(bool(view.notice))
        set_warning(self.notice, bool(view.notice))
        # News from the supplier goes on a prepayment panel's way to the account screen, else a line.
        host = next((p for p, v in ((self.electricity, view.electricity), (self.gas, view.gas)) if v.account), None)
        if host is not None:
            host.show_news(view.news_short, view.news)
        self.news.set_label(f"✉ {view.news}" if view.news else "", view.news)
        self.news.setVisible(bool(view.news) and host is None)
        self.electricity.show_panel(view.electricity)
        self.gas.show_panel(view.gas)
        self._show_fuels()
        self.units.set_chosen(view.unit.value)
        lines, self._fitted_lines = self._fitted_lines, _lines(view)
        # New words on top (a new language, too): fitted now, with every line as it is now. Not
        # before the screen has its first size: the resize that gives it fits it.
        if refit and not self.testAttribute(Qt.WidgetAttribute.WA_PendingResizeEvent):
            self._fit(self.width())
        elif lines != self._fitted_lines:
            # A note came or went ("The meter has not sent a demand figure", a day's standing
            # charge): what fits is to be worked out again, or home keeps the shape of a moment ago.
            self._refit_soon()

    def show_guest(self, guest: bool) -> None:
        if self.leave_guest.isHidden() == guest:
            self.leave_guest.setVisible(guest)
            self._stacked_top = None  # one more (or one less) button on the top line: fit it again
            self._fit(self.width())

    def show_wipe_notice(self, text: str) -> None:
        self.wipe_box.show_text(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange_fuels(event.size().width(), event.size().height())
        self._fit(event.size().width())
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        # New words or a new text size: the buttons may no longer leave the status line room.
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.LanguageChange, QEvent.Type.FontChange):
            self._refit_soon()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        # A hidden screen is restyled only when shown again, so fit the top line then too.
        self._refit_soon()
        super().showEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.at_a_glance and event.type() == QEvent.Type.MouseButtonRelease:
            self.ahead_opened.emit()
            return True
        if watched is self.scroll.verticalScrollBar() and event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self._refit_soon()
        # Fitted as needing no scroll bar, yet laid out taller than the view: a measurement
        # was taken before every part had its new size. Taken again now, it is right.
        if watched is self.scroll.widget() and event.type() == QEvent.Type.Resize \
                and self.scroll.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff \
                and watched.height() > self.scroll.viewport().height():
            self._refit_soon()
        return False

    @property
    def fitted(self) -> bool:
        """No fitting waits to run (a picture taken now is the screen as it stays)."""
        return not self._refit_due

    def _refit_soon(self) -> None:
        """Once the new style has reached every button (it is applied child by child). Asked for
        again before then, it is still one fitting, with everything's latest size."""
        if not self._refit_due:
            self._refit_due = True
            QTimer.singleShot(0, self, self._refit)

    def _refit(self) -> None:
        self._refit_due = False
        self._fit(self.width())


def _lines(view: HomeView) -> tuple[object, ...]:
    """Which lines the panels and the notices have (not the figures in them): what home's fitting
    measures, so a change of it is a reason to fit again, and a new figure is not."""
    reason = view.ambient.reason if view.ambient is not None else ""
    return (view.notice != "", view.news != "", reason != "",
            *((p.visible, p.main_note != "", p.today_label != "", p.today_note != "",
               p.standing.count("\n") + (p.standing != ""), p.alert != "", p.actions, p.account)
              for p in (view.electricity, view.gas)))
