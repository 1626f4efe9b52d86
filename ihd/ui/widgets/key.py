"""The key to a chart: a swatch drawn as the bars are, and the name of what they show."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from ihd.ui.widgets.flow import FlowLayout
from ihd.ui.widgets.labels import label


class _Swatch(QFrame):
    """A square a little smaller than a line of text; the stylesheet colours it by its role."""

    def sizeHint(self) -> QSize:
        side = self.fontMetrics().height() * 3 // 4
        return QSize(side, side)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class ChartKey(QWidget):
    """ "■ Today  ▭ Yesterday": the filled bars and the outlines behind them, named."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = FlowLayout(self, spacing=self.fontMetrics().height() // 2)
        self.now, self.before = self._entry(row, "swatch-now"), self._entry(row, "swatch-before")

    def _entry(self, row: FlowLayout, role: str):  # type: ignore[no-untyped-def]
        entry = QWidget(self)
        entry.setProperty("role", "row")
        swatch = _Swatch(entry)
        swatch.setProperty("role", role)
        words = label("note", entry, wrap=True)  # a long name ("Dydd Mawrth 1 Rhagfyr") wraps in a narrow column
        line = QHBoxLayout(entry)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(self.fontMetrics().height() // 4)
        line.addWidget(swatch)
        line.addWidget(words)
        row.add(entry)
        return words

    def set_names(self, now: str, before: str) -> None:
        self.now.setText(now)
        self.before.setText(before)
        self.now.parentWidget().updateGeometry()
        self.before.parentWidget().updateGeometry()
        self.setAccessibleName(f"{now}, {before}")
