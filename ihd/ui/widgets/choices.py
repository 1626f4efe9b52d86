"""A row (or grid) of buttons of which one is chosen: units, profiles, languages.

A radio group, as a screen reader and a keyboard user expect one: the buttons are radio buttons
to the accessibility tree, the group is one Tab stop that lands on the chosen one, and the arrow
keys move between them in reading order (mirrored right to left). Enter or Space chooses.
Choosing is never done by moving alone, so a keyboard user can look along the choices without
switching the language under their feet.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QWidget

from ihd.ui.widgets.button import Button

_NEXT = (Qt.Key.Key_Right, Qt.Key.Key_Down)
_PREVIOUS = (Qt.Key.Key_Left, Qt.Key.Key_Up)


class Choices(QWidget):
    chosen = Signal(str)

    def __init__(self, keys: Sequence[str], columns: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[str, Button] = {}
        self._columns = columns
        self._laid_out = 0
        self._current: str | None = None
        self._quiet = False  # set while the buttons are changed from the model, not by a person
        self._offered = list(keys)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        for key in keys:
            button = Button(self, checkable=True)
            button.setAutoExclusive(True)  # so a screen reader hears radio buttons, one of many
            button.installEventFilter(self)
            # toggled, not clicked: a screen reader's "toggle" action must choose too
            button.toggled.connect(lambda on, k=key: self._toggled(k, on))
            self.buttons[key] = button
        self._lay_out(columns)

    def set_labels(self, labels: dict[str, tuple[str, str]]) -> None:
        """(text, accessible name) for each key."""
        for key, (text, name) in labels.items():
            self.buttons[key].set_label(text, name)
        self._fit(self.width())

    def minimumSizeHint(self) -> QSize:
        """One button wide: the choices fold into fewer columns rather than run off screen
        (and then grow taller: see _lay_out)."""
        return QSize(self._widest(), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit(event.size().width())

    def _widest(self) -> int:
        return max((b.sizeHint().width() for b in self.buttons.values()), default=1)

    def _columns_for(self, width: int) -> int:
        gap = self._grid.horizontalSpacing() or 0
        return max(1, min(self._columns, len(self._offered), (width + gap) // (self._widest() + gap)))

    def _fit(self, width: int) -> None:
        self._lay_out(self._columns_for(width) if width > 0 else self._columns)

    def set_offered(self, keys: Sequence[str]) -> None:
        """Show only these choices (the guest view leaves out the money one)."""
        offered = [k for k in self.buttons if k in keys]
        if offered != self._offered:
            self._offered = offered
            self._laid_out = 0
            self._fit(self.width())

    def _lay_out(self, columns: int) -> None:
        if columns == self._laid_out:
            return
        self._laid_out = columns
        for button in self.buttons.values():
            self._grid.removeWidget(button)
        shown = [self.buttons[k] for k in self._offered]
        for index, button in enumerate(shown):
            self._grid.addWidget(button, index // columns, index % columns)
        for key, button in self.buttons.items():
            button.setVisible(key in self._offered)

    @property
    def current(self) -> str | None:
        """The chosen key."""
        return self._current

    def set_chosen(self, key: str) -> None:
        self._current = key
        self._quiet = True
        try:
            for name, button in self.buttons.items():
                button.setChecked(name == key)
        finally:
            self._quiet = False

    def _toggled(self, key: str, on: bool) -> None:
        if self._quiet:
            return
        if on:
            self.set_chosen(key)
            self.chosen.emit(key)
        elif self._current is not None:
            self.set_chosen(self._current)  # tapping the chosen one again leaves it chosen

    def eventFilter(self, watched: object, event: object) -> bool:
        if isinstance(event, QFocusEvent) and event.type() == QFocusEvent.Type.FocusIn \
                and event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            chosen = self.buttons.get(self._current or "")
            if chosen is not None and chosen is not watched and chosen.isVisible():
                chosen.setFocus(event.reason())  # Tab enters the group on the chosen one
                return False
        if isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            step = 1 if event.key() in _NEXT else -1 if event.key() in _PREVIOUS else 0
            if step and self.isRightToLeft() and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                step = -step
            if step:
                order = list(self.buttons.values())
                index = order.index(watched) if watched in order else 0
                order[(index + step) % len(order)].setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False
