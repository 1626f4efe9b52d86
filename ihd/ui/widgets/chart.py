"""A bar chart for the history screen, drawn by pyqtgraph (imported here, so only when a chart
is first shown: it costs most of a second). Touch only: no pan, zoom or menus. A tap anywhere in
a bar's column reports its index; a sideways swipe asks for the period before or after.

Half-hours with no reading are left out (a gap), never drawn as zero. The period before is drawn
behind as an outline; the screen names both in a key. The axis is labelled in the text's own
unit and form ("5p", "0,5 kWh"), and room is kept above the top label so it is never cut.

To a screen reader the chart is one object, of the chart role, named for its period with its
summary as the description: pyqtgraph's scene inside is nothing a reader could use.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QAccessibleWidget, QSizePolicy, QVBoxLayout, QWidget

from ihd.core.history_view import Bar, nice_ticks
from ihd.ui.theme import FONT_FAMILIES, Theme, chart_line_px

SWIPE_PX = 80
NOW_WIDTH = 0.7  # of a bar's column
BEFORE_WIDTH = 0.92
MOST_VALUES = 6  # labels up the axis: enough to read a bar against, few enough to take in


class BarChart(QWidget):
    bar_tapped = Signal(int)
    swiped = Signal(int)  # -1: show earlier, +1: show later

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._released = False
        _install_accessible()
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a reader reaches the chart and hears its summary
        self._plot = pg.PlotWidget(background=None, enableMenu=False)  # no context menus to build
        self._plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._plot.setMenuEnabled(False)
        self._plot.setMouseEnabled(x=False, y=False)
        self._plot.hideButtons()
        self._plot.getPlotItem().getViewBox().setDefaultPadding(0)
        self._plot.scene().sigMouseClicked.connect(self._clicked)
        self._plot.viewport().installEventFilter(self)
        self._press: QPointF | None = None
        self._bars: Sequence[Bar] = ()
        self._label: Callable[[float], str] = str
        self._least_step = 0.0
        self._items: list[pg.BarGraphItem] = []
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
        self._font = font
        half_line = QFontMetrics(font).height() // 2 + theme.profile.border_px
        for side in ("bottom", "left"):
            axis = self._plot.getAxis(side)
            axis.setPen(pg.mkPen(c.muted, width=theme.profile.border_px))
            axis.setTextPen(pg.mkPen(c.text))
            axis.setTickFont(font)
            axis.enableAutoSIPrefix(False)  # "£ (x0.001)" means nothing to a household
        # The top label sits centred on the top of the plot: half a line of room above it.
        self._plot.getAxis("left").setStyle(hideOverlappingLabels=half_line, tickTextOffset=half_line // 2)
        # The first bar's label may reach past its bar (a long month name was dropped: Urdu's جنوری,
        # large print's "Jan"): by half a line beside the value axis, where the lowest value's
        # label hangs below the axis line; by a line into the margin kept at the other end, where
        # right to left puts the first bar (see _label_bars).
        line = QFontMetrics(font).height()
        self._overhang = (half_line, line)
        self._plot.getPlotItem().layout.setContentsMargins(0, half_line, line, 0)
        ring = theme.profile.focus_px  # room for the focus ring, kept whether or not it is drawn
        self.layout().setContentsMargins(ring, ring, ring, ring)
        self.updateGeometry()
        self._draw()

    def paintEvent(self, event: QPaintEvent) -> None:
        """A focus ring as the buttons have, round the plot: Tab reaches the chart too."""
        if self.hasFocus():
            ring = self._theme.profile.focus_px
            painter = QPainter(self)
            painter.setPen(QPen(QColor(self._theme.profile.colours.focus), ring))
            painter.drawRect(self.rect().adjusted(ring // 2, ring // 2, -(ring + 1) // 2, -(ring + 1) // 2))

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def show_bars(self, bars: Sequence[Bar], label: Callable[[float], str], least_step: float = 0.0) -> None:
        """`label` writes an axis value as the text does; `least_step` is the smallest step
        worth a label of its own (a penny)."""
        self._bars, self._label, self._least_step = bars, label, least_step
        self._draw()

    def drawn(self) -> tuple[list[int], list[int]]:
        """The indices drawn as bars, now and before (the gaps are the rest)."""
        now, before = ([int(x) for x in item.opts["x"]] for item in self._items)
        return now, before

    def _draw(self) -> None:
        c = self._theme.profile.colours
        for item in self._items:
            self._plot.removeItem(item)
        line = chart_line_px(self._theme.profile)
        now = [(i, b.value) for i, b in enumerate(self._bars) if b.value is not None]
        before = [(i, b.previous) for i, b in enumerate(self._bars) if b.previous is not None]
        self._items = [
            # A zero reading shows as a line on the axis (the pen); a missing one shows nothing.
            pg.BarGraphItem(x=[i for i, _v in now], height=[v for _i, v in now], width=NOW_WIDTH,
                            brush=QColor(c.accent), pen=pg.mkPen(c.accent, width=1)),
            pg.BarGraphItem(x=[i for i, _v in before], height=[v for _i, v in before], width=BEFORE_WIDTH,
                            brush=None, pen=pg.mkPen(c.muted, width=line)),
        ]
        self._plot.addItem(self._items[1])  # behind
        self._plot.addItem(self._items[0])
        self._plot.setXRange(-0.5, max(len(self._bars) - 0.5, 0.5), padding=0)
        self._label_ticks()

    def release(self) -> None:
        """Take the plot down now, while its parents still exist (left to the garbage
        collector, pyqtgraph's scene can outlive the widgets it draws on)."""
        self._released = True
        self._plot.scene().sigMouseClicked.disconnect(self._clicked)
        self._plot.clear()
        self._plot.close()
        self._plot.deleteLater()

    def sizeHint(self) -> QSize:
        return QSize(self._theme.profile.px(20), self._theme.profile.px(12))

    def minimumSizeHint(self) -> QSize:
        # small, so that on a crowded screen the chart gives way rather than push the choices off it
        return QSize(self._theme.profile.px(10), self._theme.profile.px(4))

    def resizeEvent(self, event: QEvent) -> None:  # type: ignore[override]
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._label_ticks()

    def _label_ticks(self) -> None:
        if self._released:
            return  # taken down; the window may still be laid out once more as it closes
        fm = QFontMetrics(self._font)
        self._label_values(fm)
        self._label_bars(fm)

    def _label_values(self, fm: QFontMetrics) -> None:
        """As many values as fit two lines each (up to MOST_VALUES), the top one at the top."""
        values = [v for b in self._bars for v in (b.value, b.previous) if v is not None]
        most = min(MOST_VALUES, max(2, self._plot.getPlotItem().getViewBox().height() // (fm.height() * 2)))
        ticks = nice_ticks(max(values, default=0.0), int(most), self._least_step)
        labels = [(v, self._label(v)) for v in ticks]
        left = self._plot.getAxis("left")
        left.setTicks([labels, []])
        left.setWidth(max(fm.horizontalAdvance(t) for _v, t in labels) + fm.height())
        self._plot.setYRange(0, ticks[-1], padding=0)

    def _label_bars(self, fm: QFontMetrics) -> None:
        """Label every bar that has room, so labels never run into each other."""
        if not self._bars:
            self._plot.getAxis("bottom").setTicks([[]])
            return
        widest = max(fm.horizontalAdvance(b.label) for b in self._bars) + fm.height()
        room = max(self._plot.getPlotItem().getViewBox().width(), 1)
        step = max(1, math.ceil(widest * len(self._bars) / room))
        nice = next((n for n in (1, 2, 3, 4, 6, 8, 12, 16, 24) if n >= step), step)
        bottom = self._plot.getAxis("bottom")
        beside_values, beside_margin = self._overhang
        bottom.setStyle(hideOverlappingLabels=beside_margin if self.isRightToLeft() else beside_values)
        shown = [(i, b.label) for i, b in enumerate(self._bars) if i % nice == 0]
        bottom.setTicks([shown])
        # The labels' whole height, descenders and Arabic script's taller lines too: the height
        # pyqtgraph gives the axis was a fifth short in large print ("May" lost its y's tail).
        # (measured as pyqtgraph lays them out: each in a box, a whole line of each font it uses)
        box = QRect(0, 0, 10_000, 10_000)
        tallest = max(fm.boundingRect(box, Qt.AlignmentFlag.AlignCenter, text).height() for _i, text in shown)
        bottom.setHeight(tallest + bottom.style["tickTextOffset"][1])

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


class _ChartAccessible(QAccessibleWidget):
    """The chart as one object: the chart role, no children."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget, QAccessible.Role.Chart)

    def childCount(self) -> int:
        return 0

    def child(self, _index: int) -> None:
        return None


_installed = False


def _install_accessible() -> None:
    global _installed
    if not _installed:
        QAccessible.installFactory(lambda _key, obj: _ChartAccessible(obj) if isinstance(obj, BarChart) else None)
        _installed = True
