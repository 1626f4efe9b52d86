"""The main window: a stack of screens. It only wires screens together."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget


class MainWindow(QMainWindow):
    resized = Signal(QSize)

    def __init__(self, screens: dict[str, QWidget], title: str) -> None:
        super().__init__()
        self.setWindowTitle(title)
        self.stack = QStackedWidget(self)
        self.screens = screens
        for screen in screens.values():
            self.stack.addWidget(screen)
        self.setCentralWidget(self.stack)

    def show_screen(self, name: str) -> None:
        self.stack.setCurrentWidget(self.screens[name])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit(event.size())
