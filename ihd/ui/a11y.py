"""Telling screen readers about changes they cannot see."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def announce(widget: QWidget, text: str) -> None:
    """A polite announcement (AT-SPI: an 'announcement' event) from `widget`."""
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent  # at the first: not before the first frame

    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))
