"""Large letter keys, for a name typed on a touch screen with no keyboard.

The letters follow the display's language (Welsh and Polish add their own; Urdu has its alphabet
first, with a key to the Latin letters for a name written that way), then a space and delete.
Keys are drawn in capitals; what is typed takes a capital only at the start of a word. As many
keys go to a row as leave each a finger's width, and the rows share the height they are given.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QWidget

from ihd.ui.widgets.button import Button

SPACE, ERASE, OTHER = "space", "erase", "other"
# rows of keys ("|"), kept as rows where they fit: the keyboard's own for Latin letters
LATIN = "QWERTYUIOP|ASDFGHJKL|ZXCVBNM-'"
ALPHABETS: dict[str, tuple[str, ...]] = {
    "cy": (LATIN + "|ÂÊÎÔÛŴŶ",),
    "pl": (LATIN + "|ĄĆĘŁŃÓŚŹŻ",),
    "ur": ("ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھءیے", LATIN),
}
FEWEST, MOST = 7, 12  # keys to a row
FINGER_PX = 60  # the narrowest a key is let to be (the profiles' touch targets are 64 with the gap)
TALLEST_PX = 96  # a key no taller than this: on a tall screen the pad keeps a keyboard's shape


def typed(name: str, key: str) -> str:
    """The name after one letter key."""
    letter = key.upper() if not name or name.endswith(" ") else key.lower()
    return name + letter


class LetterPad(QWidget):
    pressed = Signal(str)  # a letter, SPACE or ERASE

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._alphabets: tuple[str, ...] = ()
        self._page = 0
        self._words: dict[str, tuple[str, str]] = {}
        self._columns = 10
        self._order: list[str] = []
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(max(2, self.fontMetrics().height() // 5))
        self.keys: dict[str, Button] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_language(self, code: str, words: dict[str, tuple[str, str]]) -> None:
        """`words`: (text, accessible name) of the space, delete and other-letters keys."""
        alphabets = ALPHABETS.get(code, (LATIN,))
        self._words = words
        if alphabets != self._alphabets:
            self._alphabets, self._page = alphabets, 0
            self._build()
        for key in (SPACE, ERASE, OTHER):
            if key in self.keys:
                self.keys[key].set_label(*words.get(key, (key, key)))

    def _build(self) -> None:
        for button in self.keys.values():
            self._grid.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.keys = {}
        alphabet = self._alphabets[self._page]
        right_to_left = not alphabet[0].isascii()  # Urdu's letters run right to left
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight)
        words = ["|", SPACE, ERASE] + ([OTHER] if len(self._alphabets) > 1 else [])
        self._order = [*alphabet, *words]
        for key in dict.fromkeys(k for k in self._order if k != "|"):
            button = Button(self, enter_activates=False)  # Enter is the screen's Next
            button.setProperty("role", "letter" if len(key) == 1 else "letter-word")
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            button.set_label(*(self._words.get(key, (key, key)) if len(key) > 1 else (key,)))
            button.clicked.connect(lambda _checked=False, k=key: self._press(k))
            self.keys[key] = button
        self._place()

    def _place(self) -> None:
        """Letters in rows of at most `_columns`, a new row at each "|"; the word keys last, two
        columns each."""
        position = 0
        for key in self._order:
            if key == "|":
                position = -(-position // self._columns) * self._columns  # the next row's start
                continue
            wide = 1 if len(key) == 1 else 2
            row, column = divmod(position, self._columns)
            if column + wide > self._columns:
                row, column = row + 1, 0
            self._grid.removeWidget(self.keys[key])
            self._grid.addWidget(self.keys[key], row, column, 1, wide)
            position = row * self._columns + column + wide
        rows = -(-position // self._columns)
        self.setMaximumHeight(rows * TALLEST_PX + (rows - 1) * self._grid.spacing())
        for row in range(self._grid.rowCount()):
            self._grid.setRowStretch(row, 1 if row < rows else 0)
        for column in range(self._grid.columnCount()):
            self._grid.setColumnStretch(column, 1 if column < self._columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        spacing = self._grid.spacing()
        widest = max(map(len, self._alphabets[self._page].split("|"))) if self._alphabets else MOST
        fit = (event.size().width() + spacing) // (FINGER_PX + spacing)
        columns = max(FEWEST, min(MOST, widest, fit))
        if columns != self._columns:
            self._columns = columns
            self._place()
        super().resizeEvent(event)

    def _press(self, key: str) -> None:
        if key == OTHER:
            self._page = (self._page + 1) % len(self._alphabets)
            self._build()
            return
        self.pressed.emit(key)
