"""The home screen: electricity now and today, gas today, the link, and the unit switch.

Landscape puts the fuels side by side; portrait stacks them. If large print does not fit, the
fuel panels scroll (by finger or keyboard) while the top line and the unit switch stay put.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QVBoxLayout, QWidget

from ihd.core.formatting import Formatter
from ihd.core.live import Freshness
from ihd.core.units import DisplayUnit
from ihd.core.viewmodels import HomeView, PanelView
from ihd.ui.theme import Theme
from ihd.ui.widgets.button import Button
from ihd.ui.widgets.choices import Choices
from ihd.ui.widgets.figure import FigureView
from ihd.ui.widgets.labels import label, set_flag, set_warning
from ihd.ui.widgets.scroll import touch_scroll_area

OK_MARK, WARN_MARK = "●", "▲"  # a shape as well as a colour


class FuelPanel(QFrame):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        self.title = label("title", self)
        self.main = FigureView("big", theme, parent=self)
        self.today = FigureView("medium", theme, inline_caption=True, parent=self)
        self.standing = label("note", self, wrap=True)
        layout = QVBoxLayout(self)
        gap = self.fontMetrics().height() // 2
        layout.setContentsMargins(gap, gap // 2, gap, gap // 2)
        layout.setSpacing(gap // 2)
        layout.addWidget(self.title)
        layout.addStretch(1)
        for widget in (self.main, self.today, self.standing):
            layout.addWidget(widget)
        layout.addStretch(2)

    def set_theme(self, theme: Theme) -> None:
        self.main.set_theme(theme)
        self.today.set_theme(theme)

    def show_panel(self, view: PanelView) -> None:
        self.setVisible(view.visible)
        self.title.setText(view.title)
        stale = view.freshness is Freshness.STALE
        self.main.show_figure(view.main_label, view.main, view.main_note, view.main_accessible, stale)
        self.today.setVisible(bool(view.today_label))
        self.today.show_figure(view.today_label, view.today, view.today_note, view.today_accessible, stale)
        self.standing.setText(view.standing)
        self.standing.setVisible(bool(view.standing))


class HomeScreen(QWidget):
    unit_chosen = Signal(str)
    read_aloud = Signal()
    speech_toggled = Signal()  # a long press on "Read aloud"
    settings_opened = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.link = label("link", self, wrap=True)
        self.speak = Button(self, long_press=True)
        self.speak.clicked.connect(self.read_aloud)
        self.speak.long_pressed.connect(self.speech_toggled)
        self.settings = Button(self)
        self.settings.clicked.connect(self.settings_opened)
        self.electricity = FuelPanel(theme, self)
        self.gas = FuelPanel(theme, self)
        self.units = Choices([u.value for u in DisplayUnit], columns=3, parent=self)
        self.units.chosen.connect(self.unit_chosen)

        gap = self.fontMetrics().height() // 2
        top = QHBoxLayout()
        top.setSpacing(gap)
        top.addWidget(self.link, 1)
        top.addWidget(self.speak)
        top.addWidget(self.settings)
        panels = QWidget()
        self._panels = QBoxLayout(QBoxLayout.Direction.LeftToRight, panels)
        self._panels.setContentsMargins(0, 0, 0, 0)
        self._panels.setSpacing(gap)
        self._panels.addWidget(self.electricity, 1)
        self._panels.addWidget(self.gas, 1)
        self.scroll = touch_scroll_area(panels, self)
        column = QVBoxLayout(self)
        column.setContentsMargins(gap, gap, gap, gap)
        column.setSpacing(gap)
        column.addLayout(top)
        column.addWidget(self.scroll, 1)
        column.addWidget(self.units)

    def set_theme(self, theme: Theme) -> None:
        self.electricity.set_theme(theme)
        self.gas.set_theme(theme)

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
        self.speak.set_label(_("Read aloud"))
        self.speak.setAccessibleDescription(_("Reads the figures on this screen. Hold to turn speaking "
                                              "changes on or off."))
        self.settings.set_label(_("Settings"))

    def show_view(self, view: HomeView) -> None:
        mark = OK_MARK if view.link_ok else WARN_MARK
        self.link.setText(f"{mark} {view.link_text}")
        self.link.setAccessibleName(view.link_text)
        set_warning(self.link, not view.link_ok)
        set_flag(self.link, "demo", view.demo)
        self.electricity.show_panel(view.electricity)
        self.gas.show_panel(view.gas)
        self.units.set_chosen(view.unit.value)

    def resizeEvent(self, event: QResizeEvent) -> None:
        portrait = event.size().height() > event.size().width()
        self._panels.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                                  else QBoxLayout.Direction.LeftToRight)
        super().resizeEvent(event)
