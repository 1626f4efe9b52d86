"""`--screenshot`: wait until the figures have settled (or a bounded time), save a PNG, quit."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

POLL_MS = 20


class Screenshot:
    def __init__(self, window: QWidget, path: Path, settled: Callable[[], bool], max_wait_s: float = 8.0):
        self._window = window
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
            QTimer.singleShot(0, self._shoot)  # after the pending layout and paint events

    def _shoot(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        if self._window.grab().save(str(self._path), "PNG"):
            QApplication.exit(0)
        else:
            print(f"ihd: cannot save a screenshot to {self._path}", file=sys.stderr)
            QApplication.exit(1)
