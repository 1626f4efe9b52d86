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
        visible = [i for i in self._items if not (i.widget() and i.widget().isHidden())]
        sizes = [_fitted(i, rect.width()) for i in visible]
        places, height = _lines(sizes, rect.width(), self.spacing())
        if move:
            for item, place, size in zip(visible, places, sizes, strict=True):
                item.setGeometry(_mirrored(rect, QRect(rect.topLeft() + place, size), self.parentWidget()))
        return height


def _fitted(item: QLayoutItem, width: int) -> QSize:
    """The item's size; one wider than the line whose words can wrap (a long name beside a key's
    swatch, say) takes the line's width and the height its wrapped words need."""
    size = item.sizeHint()
    if size.width() <= width or width <= 0 or not item.hasHeightForWidth():
        return size
    return QSize(width, max(size.height(), item.heightForWidth(width)))


def line_count(sizes: list[QSize], width: int, gap: int) -> int:
    """On how many lines a FlowLayout `width` wide lays items of these sizes."""
    return len({place.y() for place in _lines(sizes, width, gap)[0]})


def _lines(sizes: list[QSize], width: int, gap: int) -> tuple[list[QPoint], int]:
    """Where each item goes, from the top left, and the height of them all: an item that does not
    fit on the line (and is not alone on it) starts the next."""
    x = y = line = 0
    places = []
    for size in sizes:
        if x > 0 and x + size.width() > width:
            x, y, line = 0, y + line + gap, 0
        places.append(QPoint(x, y))
        x += size.width() + gap
        line = max(line, size.height())
    return places, y + line


def _mirrored(outer: QRect, inner: QRect, widget: QWidget | None) -> QRect:
    """Mirror a rectangle within `outer` for right-to-left layouts."""
    if widget is not None and widget.isRightToLeft():
        return QRect(outer.right() - (inner.x() - outer.x()) - inner.width() + 1, inner.y(), inner.width(),
                     inner.height())
    return inner
