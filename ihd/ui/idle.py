"""How long since anyone touched the screen or pressed a key."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QInputEvent

_INPUT = (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin, QEvent.Type.Wheel)


class IdleWatch(QObject):
    """Installed on the application: every press, key or touch resets the count."""

    def __init__(self) -> None:
        super().__init__()
        self.last = time.monotonic()
        self.asleep = False  # the screen is dark: the touch that wakes it must not also press a button

    def idle_for(self) -> float:
        return time.monotonic() - self.last

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Every event of the application passes here: the cheap type test first, so that paints and
        # layouts never pay for reading the event's kind.
        if isinstance(event, QInputEvent) and event.type() in _INPUT:
            self.last = time.monotonic()
            if self.asleep:
                self.asleep = False
                return True
        return False
