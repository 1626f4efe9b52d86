"""The main window: a stack of screens, each built the first time it is wanted.

Escape goes back to the home screen from anywhere; a screen, once shown, takes the focus so
the keyboard starts where the eye does. Screens not on show are disabled as well as hidden: their
controls stay in the accessibility tree, and must do nothing there.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from ihd.ui.widgets.ambient import NightShade


class MainWindow(QMainWindow):
    resized = Signal(QSize)
    screen_shown = Signal(str)
    first_painted = Signal()  # once, just after the first frame is drawn


    def __init__(self) -> None:
        super().__init__()
        self.stack = QStackedWidget(self)
        self.screens: dict[str, QWidget] = {}  # those built so far
        self._builders: dict[str, Callable[[], QWidget]] = {}
        self._scroll_name = ""
        self._painted = False
        self.setCentralWidget(self.stack)
        self.shade = NightShade(self)
        self.first_painted.connect(self._escape_goes_home)  # no key reaches a window not yet drawn

    def _escape_goes_home(self) -> None:
        from PySide6.QtGui import QKeySequence, QShortcut

        home = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        home.activated.connect(lambda: self.show_screen("home"))

    @property
    def current(self) -> str:
        return next((name for name, screen in self.screens.items() if screen is self.stack.currentWidget()), "")

    def add_screen(self, name: str, build: Callable[[], QWidget]) -> None:
        """A screen the window builds (with `build`) the first time it is shown or asked for."""
        self._builders[name] = build

    def screen(self, name: str) -> QWidget:
        """The screen called `name`, built now if it has not been yet."""
        if name not in self.screens:
            self._add(name, self._builders[name]())
        return self.screens[name]

    def built(self, name: str) -> QWidget | None:
        return self.screens.get(name)

    def drop_built(self) -> None:
        """Every screen built but home and the one on show goes, to be built again when next
        wanted: out of sight, a screen still holds what it last showed, and a screen reader can
        reach it (after the new-occupier wipe, or once a guest has the display)."""
        keep = ("home", self.current)
        for name in [n for n in self.screens if n not in keep]:
            screen = self.screens.pop(name)
            self.stack.removeWidget(screen)
            getattr(screen, "release", lambda: None)()  # a chart, taken down while its parents exist
            screen.deleteLater()

    def _add(self, name: str, screen: QWidget) -> None:
        self.screens[name] = screen
        self.stack.addWidget(screen)
        screen.setEnabled(screen is self.stack.currentWidget())
        self._name_scroll_bars(screen)

    def show_screen(self, name: str) -> None:
        came_from = self.current
        screen = self.screen(name)
        screen.setEnabled(True)
        self.stack.setCurrentWidget(screen)
        for other in self.screens.values():
            if other is not screen:
                other.setEnabled(False)
        focus = getattr(screen, "focus_after", lambda _came_from: None)(came_from)
        (focus or screen).setFocus(Qt.FocusReason.OtherFocusReason)
        self.screen_shown.emit(name)

    def name_scroll_bars(self, name: str) -> None:
        """Every screen's scroll bar, named for a screen reader (in the language shown)."""
        self._scroll_name = name
        for screen in self.screens.values():
            self._name_scroll_bars(screen)

    def _name_scroll_bars(self, screen: QWidget) -> None:
        from PySide6.QtWidgets import QScrollArea

        for area in screen.findChildren(QScrollArea):
            area.verticalScrollBar().setAccessibleName(self._scroll_name)

    def set_night(self, on: bool) -> None:
        """Darken the screen for the night (touches still go through)."""
        self.shade.setVisible(on)
        if on:
            self.shade.cover()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self.first_painted.emit)  # once the whole frame is out

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.shade.isVisible():
            self.shade.cover()
        self.resized.emit(event.size())
