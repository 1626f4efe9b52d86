"""`--screenshot`: wait until the figures have settled (or a bounded time), save a PNG, quit."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QWidget

POLL_MS = 20
LAYOUT_PASSES = 4


class Screenshot:
    def __init__(self, window: QWidget, path: Path, settled: Callable[[], bool], max_wait_s: float = 8.0,
                 done: Callable[[int], None] = QApplication.exit):
        """`done(status)` once the picture is saved (0) or cannot be (1): the display quits."""
        self._window = window
        self._done = done
        self._path = path
        self._settled = settled
        self._deadline = time.monotonic() + max_wait_s
        self._timer = QTimer(window)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._check)
        self._timer.start()

    def _check(self) -> None:
        if self._settled() or time.monotonic() > self._deadline:
            self._timer.stop()
            QTimer.singleShot(0, self._shoot)

    def _shoot(self) -> None:
        if not self._settled() and time.monotonic() <= self._deadline:
            self._timer.start()  # something came in the meantime (the history's comparison): wait for it
            return
        # Words set a moment ago are laid out at a posted request, and a nested row's change asks
        # once more after the first: the picture is the frame once they have all run.
        for _ in range(LAYOUT_PASSES):
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self._path.parent.mkdir(parents=True, exist_ok=True)
        if self._window.grab().save(str(self._path), "PNG"):
            self._done(0)
        else:
            print(f"ihd: cannot save a screenshot to {self._path}", file=sys.stderr)
            self._done(1)
