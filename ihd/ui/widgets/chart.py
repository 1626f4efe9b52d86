"""A bar chart for the history screen, drawn by pyqtgraph (imported here, so only when a chart
is first shown: it costs most of a second). Touch only: no pan, zoom or menus. A tap on a bar
reports its index; a sideways swipe asks for the period before or after."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, QSize, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from ihd.core.history_view import Bar
from ihd.ui.theme import FONT_FAMILIES, Theme

SWIPE_PX = 80


class BarChart(QWidget):
    bar_tapped = Signal(int)
    swiped = Signal(int)  # -1: show earlier, +1: show later

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plot = pg.PlotWidget(background=None)
        self._plot.setMenuEnabled(False)
        self._plot.setMouseEnabled(x=False, y=False)
        self._plot.hideButtons()
        self._plot.getPlotItem().getViewBox().setDefaultPadding(0.02)
        self._plot.scene().sigMouseClicked.connect(self._clicked)
        self._plot.viewport().installEventFilter(self)
        self._press: QPointF | None = None
        self._bars: Sequence[Bar] = ()
        self._now: pg.BarGraphItem | None = None
        self._before: pg.BarGraphItem | None = None
        # The plot takes what room the screen has, not pyqtgraph's own large preferred size.
        self._plot.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._plot)
        self._theme = theme
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        c = theme.profile.colours
        font = QFont()
        font.setFamilies(list(FONT_FAMILIES))
        font.setPixelSize(theme.profile.body_px)
        for side in ("bottom", "left"):
            axis = self._plot.getAxis(side)
            axis.setPen(pg.mkPen(c.muted, width=theme.profile.border_px))
            axis.setTextPen(pg.mkPen(c.text))
            axis.setTickFont(font)
            axis.enableAutoSIPrefix(False)  # "£ (x0.001)" means nothing to a household
        self._plot.getAxis("left").setWidth(theme.profile.px(3.2))
        self.updateGeometry()
        self.show_bars(self._bars)

    def show_bars(self, bars: Sequence[Bar]) -> None:
        self._bars = bars
        c = self._theme.profile.colours
        for item in (self._now, self._before):
            if item is not None:
                self._plot.removeItem(item)
        xs = list(range(len(bars)))
        before = [b.previous or 0 for b in bars]
        now = [b.value or 0 for b in bars]
        # The period before is drawn as an outline behind each bar: comparison without a second colour.
        self._before = pg.BarGraphItem(x=xs, height=before, width=0.86, brush=None,
                                       pen=pg.mkPen(c.muted, width=max(2, self._theme.profile.border_px)))
        self._now = pg.BarGraphItem(x=xs, height=now, width=0.6, brush=QColor(c.accent), pen=None)
        self._plot.addItem(self._before)
        self._plot.addItem(self._now)
        self._plot.setXRange(-0.6, max(len(bars) - 0.4, 0.4), padding=0)
        top = max([*now, *before, 0.0])
        self._plot.setYRange(0, top * 1.08 if top > 0 else 1, padding=0)
        self._label_ticks()

    def release(self) -> None:
        """Take the plot down now, while its parents still exist (left to the garbage
        collector, pyqtgraph's scene can outlive the widgets it draws on)."""
        self._plot.scene().sigMouseClicked.disconnect(self._clicked)
        self._plot.clear()
        self._plot.close()
        self._plot.deleteLater()

    def sizeHint(self) -> QSize:
        return QSize(self._theme.profile.px(20), self._theme.profile.px(6))

    def minimumSizeHint(self) -> QSize:
        return QSize(self._theme.profile.px(10), self._theme.profile.px(6))

    def resizeEvent(self, event: QEvent) -> None:  # type: ignore[override]
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._label_ticks()

    def _label_ticks(self) -> None:
        """Label every bar that has room, so labels never run into each other."""
        if not self._bars:
            self._plot.getAxis("bottom").setTicks([[]])
            return
        widest = max(self.fontMetrics().horizontalAdvance(b.label) for b in self._bars) * 1.4 + 8
        room = max(self.width() - self._plot.getAxis("left").width(), 1)
        step = max(1, math.ceil(widest * len(self._bars) / room))
        nice = next((n for n in (1, 2, 3, 4, 6, 8, 12, 16, 24) if n >= step), step)
        self._plot.getAxis("bottom").setTicks([[(i, b.label) for i, b in enumerate(self._bars) if i % nice == 0]])

    def _clicked(self, event: object) -> None:
        pos = event.scenePos()  # type: ignore[attr-defined]
        x = self._plot.getPlotItem().getViewBox().mapSceneToView(pos).x()
        index = round(x)
        if 0 <= index < len(self._bars):
            self.bar_tapped.emit(index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QMouseEvent):
            if event.type() == QEvent.Type.MouseButtonPress:
                self._press = event.position()
            elif event.type() == QEvent.Type.MouseButtonRelease and self._press is not None:
                moved = event.position() - self._press
                self._press = None
                if abs(moved.x()) > SWIPE_PX and abs(moved.x()) > 2 * abs(moved.y()):
                    # a finger moving left pulls the later period in, as a page does
                    self.swiped.emit(1 if moved.x() < 0 else -1)
                    return True
        return False
