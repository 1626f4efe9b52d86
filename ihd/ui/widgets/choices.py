"""A row (or grid) of buttons of which one is chosen: units, profiles, languages.

The arrow keys move between the choices in reading order (mirrored right to left); Enter or
Space chooses. Choosing is never done by moving alone, so a keyboard user can look along the
choices without switching the language under their feet.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QWidget

from ihd.ui.widgets.button import Button

_NEXT = (Qt.Key.Key_Right, Qt.Key.Key_Down)
_PREVIOUS = (Qt.Key.Key_Left, Qt.Key.Key_Up)


class Choices(QWidget):
    chosen = Signal(str)

    def __init__(self, keys: Sequence[str], columns: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons: dict[str, Button] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, key in enumerate(keys):
            button = Button(self, checkable=True)
            button.installEventFilter(self)
            self._group.addButton(button)
            grid.addWidget(button, index // columns, index % columns)
            button.clicked.connect(lambda _checked=False, k=key: self.chosen.emit(k))
            self.buttons[key] = button

    def set_labels(self, labels: dict[str, tuple[str, str]]) -> None:
        """(text, accessible name) for each key."""
        for key, (text, name) in labels.items():
            self.buttons[key].set_label(text, name)

    def set_chosen(self, key: str) -> None:
        if key in self.buttons:
            self.buttons[key].setChecked(True)

    def eventFilter(self, watched: object, event: object) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            step = 1 if event.key() in _NEXT else -1 if event.key() in _PREVIOUS else 0
            if step and self.isRightToLeft() and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                step = -step
            if step:
                order = list(self.buttons.values())
                index = order.index(watched) if watched in order else 0
                order[(index + step) % len(order)].setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return False
