"""A large number pad: ten digits, delete and clear, each a full-size touch target.

The digits keep telephone order (1 2 3 on top) in every language; in a right-to-left layout the
pad is not mirrored, because people know it by its shape.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QWidget

from ihd.ui.widgets.button import Button

ERASE, CLEAR = "erase", "clear"
_LAYOUT = (("1", "2", "3"), ("4", "5", "6"), ("7", "8", "9"), (ERASE, "0", CLEAR))


class Keypad(QWidget):
    pressed = Signal(str)  # a digit, ERASE or CLEAR

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.keys: dict[str, Button] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        gap = self.fontMetrics().height() // 3
        grid.setSpacing(gap)
        for row, keys in enumerate(_LAYOUT):
            for column, key in enumerate(keys):
                button = Button(self, enter_activates=False)  # Enter is the screen's OK
                button.setProperty("role", "key" if key.isdigit() else "key-word")
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
                button.setText(key if key.isdigit() else "")
                button.setAccessibleName(key)
                button.clicked.connect(lambda _checked=False, k=key: self.pressed.emit(k))
                self.keys[key] = button
                grid.addWidget(button, row, column)

    def retranslate(self, erase: tuple[str, str], clear: tuple[str, str]) -> None:
        """(text, accessible name) of the delete and clear keys."""
        self.keys[ERASE].set_label(*erase)
        self.keys[CLEAR].set_label(*clear)

    def set_enabled(self, on: bool) -> None:
        for button in self.keys.values():
            button.setEnabled(on)


def place_keypad(grid: QGridLayout, keypad: Keypad, rows: int, *, portrait: bool) -> None:
    """A keypad page's arrangement: landscape puts the keypad at the right, the full height of the
    `rows` rows beside it (the last of which stretches); portrait puts it below them."""
    grid.removeWidget(keypad)
    if portrait:
        grid.addWidget(keypad, rows, 0)
        grid.setColumnStretch(1, 0)
        grid.setRowStretch(rows, 1)
        grid.setRowStretch(rows - 1, 0)
    else:
        grid.addWidget(keypad, 0, 1, rows, 1)
        grid.setColumnStretch(0, 4)
        grid.setColumnStretch(1, 5)
        grid.setRowStretch(rows - 1, 1)
        grid.setRowStretch(rows, 0)
