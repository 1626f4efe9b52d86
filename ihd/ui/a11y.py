"""Telling screen readers about changes they cannot see."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget


def announce(widget: QWidget, text: str) -> None:
    """A polite announcement (AT-SPI: an 'announcement' event) from `widget`."""
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))
