"""Two amounts as a pair of bars, for a comparison a glance can take in: today so far above,
yesterday by this time beneath, each bar as long as its share of the larger, with its words."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QWidget

from ihd.ui.widgets.labels import label


class _Bar(QFrame):
    """A bar the stylesheet colours by its role, as the history chart's key does."""

    def __init__(self, role: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setProperty("role", role)
        self.share = 0.0
        self.length = 0  # asked for, never insisted on: the pair's width must stay free to shrink

    def sizeHint(self) -> QSize:
        return QSize(self.length, self.fontMetrics().height() // 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(1, self.fontMetrics().height() // 2)


class PairBars(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars = (_Bar("swatch-now", self), _Bar("swatch-before", self))
        self.words = (label("note", self, wrap=True), label("note", self, wrap=True))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for row, (words, bar) in enumerate(zip(self.words, self.bars, strict=True)):
            grid.addWidget(words, 2 * row, 0)
            grid.addWidget(bar, 2 * row + 1, 0, Qt.AlignmentFlag.AlignLeft)  # (the leading edge, mirrored)

    def show_pair(self, pair: tuple[tuple[str, float], tuple[str, float]]) -> None:
        largest = max(pair[0][1], pair[1][1]) or 1.0
        for (text, amount), words, bar in zip(pair, self.words, self.bars, strict=True):
            words.setText(text)
            bar.share = amount / largest
        self.setAccessibleName(", ".join(text for text, _amount in pair))
        self._size_bars()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._size_bars()

    def _size_bars(self) -> None:
        for bar in self.bars:
            length = max(1, round(self.width() * bar.share))
            if length != bar.length:
                bar.length = length
                bar.updateGeometry()
