"""Tab in reading order: through a screen's controls in the order its layouts place them.

Qt's default Tab order is the order widgets were made in; a screen that adds cards or buttons
later (a prepayment card once the meter speaks, a message when one arrives) would otherwise send
the keyboard back up the screen."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QScrollArea, QWidget


def in_layout_order(layout: QLayout) -> list[QWidget]:
    """The widgets that take Tab focus, in the order `layout` (and the layouts inside it) place them."""
    found: list[QWidget] = []
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None:
            continue
        if (inner := item.layout()) is not None:
            found += in_layout_order(inner)
        elif (widget := item.widget()) is not None:
            found += _of_widget(widget)
    return found


def _of_widget(widget: QWidget) -> list[QWidget]:
    found = [widget] if widget.focusPolicy() & Qt.FocusPolicy.TabFocus else []
    if isinstance(widget, QScrollArea) and widget.widget() is not None and widget.widget().layout() is not None:
        return found + in_layout_order(widget.widget().layout())
    if widget.layout() is not None:
        found += in_layout_order(widget.layout())
    return found


def follow_layout(screen: QWidget) -> None:
    """Sets the screen's Tab order to its layout's reading order."""
    chain = in_layout_order(screen.layout())
    for before, after in itertools.pairwise(chain):
        QWidget.setTabOrder(before, after)
