"""The one way work from another thread reaches the GUI thread: a queued signal."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal


class GuiPost(QObject):
    """`post(fn)` may be called from any thread; `fn` then runs on the GUI thread."""

    _posted = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._closed = False
        self._posted.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def post(self, fn: Callable[[], None]) -> None:
        self._posted.emit(fn)

    def close(self) -> None:
        """Drop whatever arrives from now on: the screens it would update are going away."""
        self._closed = True

    def _run(self, fn: Callable[[], None]) -> None:
        if not self._closed:
            fn()
