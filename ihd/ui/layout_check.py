"""Finds what a person would see as broken on a rendered screen: a widget outside its parent,
siblings on top of each other, text cut off. Used by the layout tests and the gallery.

The layout contract: each screen declares its essentials (`essentials()`: what the screen is for,
such as the home screen's figures or a question's two answers), and `missing_essentials` reports
any that is not fully on the window as first shown: hidden, cut by an edge or a scroll area's
viewport, covered by another widget, or reachable only by scrolling.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QScrollArea, QStackedWidget, QWidget

TOLERANCE_PX = 1
_DIRECT = Qt.FindChildOption.FindDirectChildrenOnly


def problems(root: QWidget) -> list[str]:
    found: list[str] = []
    _walk(root, found)
    return found


def _name(widget: QWidget) -> str:
    text = widget.accessibleName() or getattr(widget, "text", lambda: "")() or widget.objectName()
    return f"{type(widget).__name__}({text[:40]!r})"


def _visible_children(widget: QWidget) -> list[QWidget]:
    return [c for c in widget.findChildren(QWidget, options=_DIRECT) if c.isVisible() and not c.isWindow()]


def _walk(widget: QWidget, found: list[str]) -> None:
    children = _visible_children(widget)
    area = widget.parentWidget()
    scroll_content = area.widget() if isinstance(area, QScrollArea) else None
    inner = widget.rect().adjusted(-TOLERANCE_PX, -TOLERANCE_PX, TOLERANCE_PX, TOLERANCE_PX)
    for child in children:
        # A scroll area's content may be taller than its viewport: that is what scrolling is for.
        if child is not scroll_content and not inner.contains(child.geometry()):
            found.append(f"{_name(child)} sticks out of {_name(widget)}: {_rect(child.geometry())} "
                         f"in {_rect(widget.rect())}")
        _check_text(child, found)
    if not isinstance(widget, QStackedWidget):
        _check_overlaps(widget, children, found)
    for child in children:
        _walk(child, found)


def _check_overlaps(parent: QWidget, children: list[QWidget], found: list[str]) -> None:
    if isinstance(parent, QScrollArea):
        return  # its viewport and bars are laid out by Qt itself
    for i, first in enumerate(children):
        for second in children[i + 1 :]:
            shared = first.geometry().intersected(second.geometry())
            if shared.width() > TOLERANCE_PX and shared.height() > TOLERANCE_PX:
                found.append(f"{_name(first)} overlaps {_name(second)} in {_name(parent)}")


def _check_text(widget: QWidget, found: list[str]) -> None:
    if isinstance(widget, QLabel) and widget.text():
        room = widget.contentsRect()
        if widget.wordWrap():
            need = widget.heightForWidth(widget.width())  # (for the whole label, margins and all)
            if need > widget.height() + TOLERANCE_PX or widget.minimumSizeHint().width() > widget.width():
                found.append(f"{_name(widget)} is cut off: needs {need}px height, has {widget.height()}px")
        elif widget.textFormat() is Qt.TextFormat.RichText:  # measure the text, not its markup
            if widget.minimumSizeHint().width() > widget.width() + TOLERANCE_PX:
                found.append(f"{_name(widget)} is wider than its label ({room.width()}px)")
        elif widget.fontMetrics().horizontalAdvance(widget.text()) > room.width() + TOLERANCE_PX:
            found.append(f"{_name(widget)} is wider than its label ({room.width()}px)")
    elif (isinstance(widget, QAbstractButton) and widget.text()
          and widget.sizeHint().width() > widget.width() + TOLERANCE_PX):
        found.append(f"{_name(widget)} text does not fit its button ({widget.width()}px)")


def _rect(r: QRect) -> str:
    return f"{r.x()},{r.y()} {r.width()}x{r.height()}"


def missing_essentials(window: QWidget, screen: QWidget) -> list[str]:
    """What the shown `screen` declares essential but a person could not see on `window` now."""
    declared = getattr(screen, "essentials", None)
    if declared is None:
        return [f"{type(screen).__name__} declares no essentials"]
    found: list[str] = []
    for name, widget in declared().items():
        why = _not_in_sight(window, widget)
        if why:
            found.append(f"{type(screen).__name__}: the essential {name} {why}")
    return found


def _not_in_sight(window: QWidget, widget: QWidget) -> str:
    if not widget.isVisible():
        return "is not shown"
    if widget.width() <= 0 or widget.height() <= 0:
        return "has no room"
    on_window = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    if not window.rect().contains(on_window):
        return f"is outside the window: {_rect(on_window)} in {_rect(window.rect())}"
    seen = widget.visibleRegion().boundingRect()
    if seen != widget.rect():
        return f"is cut off: {_rect(seen)} of {_rect(widget.rect())} can be seen"
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QScrollArea) and parent.verticalScrollBar().value() != 0:
            return "is in sight only after scrolling"
        parent = parent.parentWidget()
    inset = max(TOLERANCE_PX + 1, min(widget.width(), widget.height()) // 8)
    inner = widget.rect().adjusted(inset, inset, -inset, -inset)
    for point in (inner.center(), inner.topLeft(), inner.topRight(), inner.bottomLeft(), inner.bottomRight()):
        hit = window.childAt(widget.mapTo(window, point))
        # the widget itself or a part of it (a label in a figure), or a parent where the widget
        # lets touches through; anything else is lying on top of it
        if hit is not None and hit is not widget and not widget.isAncestorOf(hit) and not hit.isAncestorOf(widget):
            return f"is covered by {_name(hit)}"
    return ""
