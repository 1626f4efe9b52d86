"""The home screen: electricity now and today, gas today, the link, and the unit switch.

Landscape puts the fuels side by side; portrait stacks them. If large print does not fit, the
fuel panels scroll while the link line and the unit switch stay in place.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from ihd.core.formatting import Formatter
from ihd.core.live import Freshness
from ihd.core.viewmodels import HomeView, PanelView
from ihd.ui.widgets.figure import FigureView
from ihd.ui.widgets.labels import label, set_warning
from ihd.ui.widgets.unit_switch import UnitSwitch

OK_MARK, WARN_MARK = "●", "▲"  # a shape as well as a colour


class FuelPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        self.title = label("title", self)
        self.main = FigureView("big", self)
        self.today = FigureView("medium", self)
        self.standing = label("note", self, wrap=True)
        layout = QVBoxLayout(self)
        gap = self.fontMetrics().height() // 2
        layout.setContentsMargins(gap, gap, gap, gap)
        layout.setSpacing(gap // 2)
        layout.addWidget(self.title)
        layout.addStretch(1)
        for widget in (self.main, self.today, self.standing):
            layout.addWidget(widget)
        layout.addStretch(2)

    def show_panel(self, view: PanelView) -> None:
        self.setVisible(view.visible)
        self.title.setText(view.title)
        stale = view.freshness is Freshness.STALE
        self.main.show_figure(view.main_label, view.main, view.main_note, view.main_accessible, stale)
        self.today.setVisible(bool(view.today_label))
        self.today.show_figure(view.today_label, view.today, view.today_note, view.today_accessible, stale)
        self.standing.setText(view.standing)
        self.standing.setVisible(bool(view.standing))
        self.standing.setAccessibleName(view.standing)


class HomeScreen(QWidget):
    unit_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.link = label("link", self, wrap=True)
        self.demo = label("demo", self)
        self.electricity = FuelPanel(self)
        self.gas = FuelPanel(self)
        self.units = UnitSwitch(self)
        self.units.unit_chosen.connect(self.unit_chosen)

        top = QHBoxLayout()
        top.addWidget(self.link, 1)
        top.addWidget(self.demo)
        gap = self.fontMetrics().height() // 2
        panels = QWidget()
        self._panels = QBoxLayout(QBoxLayout.Direction.LeftToRight, panels)
        self._panels.setContentsMargins(0, 0, 0, 0)
        self._panels.setSpacing(gap)
        self._panels.addWidget(self.electricity, 1)
        self._panels.addWidget(self.gas, 1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(panels)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        column = QVBoxLayout(self)
        column.setContentsMargins(gap, gap, gap, gap)
        column.setSpacing(gap)
        column.addLayout(top)
        column.addWidget(self.scroll, 1)
        column.addWidget(self.units)

    def retranslate(self, fmt: Formatter) -> None:
        self.units.retranslate(fmt)
        self.demo.setText(fmt._("DEMO"))
        self.demo.setAccessibleName(fmt._("Demo mode"))

    def show_view(self, view: HomeView) -> None:
        mark = OK_MARK if view.link_ok else WARN_MARK
        self.link.setText(f"{mark} {view.link_text}")
        self.link.setAccessibleName(view.link_text)
        set_warning(self.link, not view.link_ok)
        self.demo.setVisible(view.demo)
        self.electricity.show_panel(view.electricity)
        self.gas.show_panel(view.gas)
        self.units.set_unit(view.unit)

    def resizeEvent(self, event: QResizeEvent) -> None:
        portrait = event.size().height() > event.size().width()
        self._panels.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                                  else QBoxLayout.Direction.LeftToRight)
        super().resizeEvent(event)
