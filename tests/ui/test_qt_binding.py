"""Guards against a Qt binding that would crash the display after hours of running."""

import sys

import pytest
from PySide6.QtWidgets import QLabel


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_qt_calls_keep_none_alive(qtbot):
    # PySide6 6.12.0 on Python 3.11 drops a reference to None on every void call; a display
    # refreshing every second would abort within hours ("none_dealloc: deallocating None").
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("1.23 kW")
    assert sys.getrefcount(None) - before > -100
