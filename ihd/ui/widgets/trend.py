"""The last hour's electricity use as a small line, drawn here rather than by the chart library:
the home screen is built at start-up, and pyqtgraph costs most of a second to load.

A minute with no reading leaves a gap in the line. The line's top is the hour's highest use (or
1.5 kW, if the hour was quieter), so its shape shows when the household used most; the caption
says what it is, and a screen reader hears the figures (the lowest, the highest, the latest) as
its description.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ihd.ui.widgets.labels import label

QUIET_TOP_KW = 1.5  # the line's top at least this: a quiet hour draws low, not as tall as a kettle


class _Line(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.points: tuple[float | None, ...] = ()
        self.colours = (QColor("#0B4F8A"), QColor("#4D4D4D"))  # the line, the baseline
        self.pen_px = 2

    def sizeHint(self) -> QSize:
        return QSize(0, self.fontMetrics().height() * 3)  # tall enough that a kettle's rise reads as one

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def runs(self) -> list[list[QPointF]]:
        """The line's pieces in this widget's coordinates, split where a minute has no reading."""
        known = [p for p in self.points if p is not None]
        if len(self.points) < 2 or not known:
            return []
        top = max(max(known), QUIET_TOP_KW)
        inset = self.pen_px
        width, height = self.width() - 2 * inset, self.height() - 2 * inset
        step = width / (len(self.points) - 1)
        found: list[list[QPointF]] = [[]]
        for i, kw in enumerate(self.points):
            if kw is None:
                if found[-1]:
                    found.append([])
                continue
            x = i * step if not self.isRightToLeft() else width - i * step  # time runs with the reading
            found[-1].append(QPointF(inset + x, inset + height * (1 - max(kw, 0.0) / top)))
        return [run for run in found if run]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        line, base = self.colours
        painter.setPen(QPen(base, 1))
        painter.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        painter.setPen(QPen(line, self.pen_px, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        for run in self.runs():
            if len(run) == 1:
                painter.drawPoint(run[0])
            else:
                painter.drawPolyline(run)
        painter.end()


class TrendLine(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = label("note", self, wrap=True)
        self.line = _Line(self)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.caption)
        column.addWidget(self.line)

    def set_colours(self, line: str, base: str, pen_px: int) -> None:
        self.line.colours = (QColor(line), QColor(base))
        self.line.pen_px = pen_px
        self.line.update()

    def show_trend(self, points: tuple[float | None, ...], caption: str, words: str) -> None:
        self.caption.setText(caption)
        self.setAccessibleName(caption)
        self.setAccessibleDescription(words)
        if points != self.line.points:
            self.line.points = points
            self.line.update()
