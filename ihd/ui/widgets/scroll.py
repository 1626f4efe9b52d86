"""A scroll area a finger can drag, for screens that large print makes taller than the display."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QScroller, QWidget


class _FitHeight(QObject):
    """Keeps the content as tall as its wrapped text needs at its current width.

    Qt sizes a scroll area's content from minimum sizes that ignore how word-wrapped labels
    grow when narrow; without this, wrapped figures are cut off instead of scrolled to."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A resize changes the width to fit to; a layout request means the content has changed.
        if event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest) and isinstance(watched, QWidget) \
                and watched.layout():
            layout = watched.layout()
            need = layout.totalHeightForWidth(watched.width()) if layout.hasHeightForWidth() else -1
            if need > 0 and need != watched.minimumHeight():
                watched.setMinimumHeight(need)
        return False


def touch_scroll_area(content: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """Scrolls by finger (drag), by its bar, and by keys once focused (arrows, Page Up/Down).

    It is a Tab stop (with the stylesheet's focus ring) only while there is something to scroll:
    a stop that moves nothing and shows nothing loses a keyboard user."""
    area = QScrollArea(parent)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.verticalScrollBar().rangeChanged.connect(
        lambda _low, high: area.setFocusPolicy(Qt.FocusPolicy.StrongFocus if high > 0 else Qt.FocusPolicy.NoFocus))
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    fit = _FitHeight(area)
    content.installEventFilter(fit)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    return area
