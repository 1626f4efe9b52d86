"""A row of controls that wraps onto more lines when large print or long words need the room."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._height_for: tuple[int, int] | None = None  # (width, height): Qt asks again and again
        self.setContentsMargins(QMargins(0, 0, 0, 0))
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def add(self, *widgets: QWidget) -> None:
        for widget in widgets:
            self.addChildWidget(widget)
            self.addItem(QWidgetItem(widget))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if self._height_for is None or self._height_for[0] != width:
            self._height_for = (width, self._place(QRect(0, 0, width, 0), move=False))
        return self._height_for[1]

    def invalidate(self) -> None:
        """An item changed (its words, its size, shown or hidden): measure again."""
        self._height_for = None
        super().invalidate()

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        """All on one line, if there is room for it."""
        items = [i for i in self._items if not (i.widget() and i.widget().isHidden())]
        if not items:
            return QSize(0, 0)
        width = sum(i.sizeHint().width() for i in items) + self.spacing() * (len(items) - 1)
        return QSize(width, max(i.sizeHint().height() for i in items))

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, move: bool) -> int:
        """Lay the items left to right (right to left when mirrored), wrapping; returns the height."""
        x, y, line = rect.x(), rect.y(), 0
        gap = self.spacing()
        visible = [i for i in self._items if not (i.widget() and i.widget().isHidden())]
        for item in visible:
            size = item.sizeHint()
            if x > rect.x() and x + size.width() > rect.right() + 1:
                x, y, line = rect.x(), y + line + gap, 0
            if move:
                where = QRect(QPoint(x, y), size)
                item.setGeometry(_mirrored(rect, where, self.parentWidget()))
            x += size.width() + gap
            line = max(line, size.height())
        return y + line - rect.y()


def _mirrored(outer: QRect, inner: QRect, widget: QWidget | None) -> QRect:
    """Mirror a rectangle within `outer` for right-to-left layouts."""
    if widget is not None and widget.isRightToLeft():
        return QRect(outer.right() - (inner.x() - outer.x()) - inner.width() + 1, inner.y(), inner.width(),
                     inner.height())
    return inner
