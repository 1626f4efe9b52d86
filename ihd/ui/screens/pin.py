"""Entering the household PIN (or choosing one): the large keypad, the digits shown as dots, and
what went wrong in words. What the PIN opens, and the lock after wrong ones, are decided outside."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLayout, QVBoxLayout, QWidget

from ihd.core.household import PIN_DIGITS
from ihd.ui.widgets.button import Button
from ihd.ui.widgets.keypad import CLEAR, ERASE, Keypad, place_keypad
from ihd.ui.widgets.labels import label, set_warning
from ihd.ui.widgets.scroll import touch_scroll_area


class PinScreen(QWidget):
    back = Signal()
    entered = Signal(str)
    forgotten = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.digits = ""
        self.back_button = Button(self)
        self.back_button.clicked.connect(self.back)
        self.title = label("title", self, wrap=True)
        self.dots = label("code", self)
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.ok = Button(self)
        self.ok.clicked.connect(lambda: self.entered.emit(self.digits))
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        self.prompt = label("", side, wrap=True)
        self.message = label("note", side, wrap=True)
        self.forgot = Button(side)
        self.forgot.clicked.connect(self.forgotten)
        column.addWidget(self.prompt)
        column.addWidget(self.message)
        column.addWidget(self.forgot)
        column.addStretch(1)
        self.side = touch_scroll_area(side, self)
        self.keypad = Keypad(self)
        self.keypad.pressed.connect(self._key)
        gap = self.fontMetrics().height() // 2
        top = QHBoxLayout()
        top.setSpacing(gap)
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(gap, gap, gap, gap)
        self._grid.setSpacing(gap)
        self._grid.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # as the top-up screen
        self.setMinimumSize(1, 1)
        self._grid.addLayout(top, 0, 0)
        self._grid.addWidget(self.dots, 1, 0)
        self._grid.addWidget(self.ok, 2, 0)
        self._grid.addWidget(self.side, 3, 0)
        self._portrait: bool | None = None
        self._place(portrait=False)
        self._show()

    def essentials(self) -> dict[str, QWidget]:
        return {"digits": self.dots, "keypad": self.keypad, "back": self.back_button}

    def focus_after(self, _came_from: str) -> QWidget:
        return self.keypad.keys["1"] if self.keypad.keys["1"].isEnabled() else self.back_button

    def retranslate(self, back: tuple[str, str], ok: str, spoken: str, forgot: tuple[str, str]) -> None:
        self.back_button.set_label(*back)
        self.ok.set_label(ok)
        self.forgot.set_label(*forgot)
        self._spoken = spoken
        self._show()

    def ask(self, title: str, prompt: str, *, forgettable: bool = False) -> None:
        """`forgettable`: checking a PIN (not choosing one), so offer the way past a forgotten one."""
        self.digits = ""
        self.title.setText(title)
        self.prompt.setText(prompt)
        self.forgot.setVisible(forgettable)
        self.show_message("")
        self._show()

    def show_message(self, text: str, *, locked: bool = False) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setAccessibleName(text)
        set_warning(self.message, bool(text))
        self.keypad.set_enabled(not locked)
        if text:
            self.digits = ""
            self._show()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.text().isdigit() and event.text().isascii():
            self._key(event.text())
        elif event.key() == Qt.Key.Key_Backspace:
            self._key(ERASE)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.ok.isEnabled():
            self.ok.click()
        else:
            super().keyPressEvent(event)

    def _key(self, key: str) -> None:
        if not self.keypad.keys["0"].isEnabled():
            return
        if key == ERASE:
            self.digits = self.digits[:-1]
        elif key == CLEAR:
            self.digits = ""
        elif len(self.digits) < PIN_DIGITS[1]:
            self.digits += key
        self._show()

    def _show(self) -> None:
        self.dots.setText("●" * len(self.digits) or " ")
        self.dots.setAccessibleName(getattr(self, "_spoken", "{n}").format(n=len(self.digits)))
        self.ok.setEnabled(len(self.digits) >= PIN_DIGITS[0])

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place(portrait=event.size().height() > event.size().width())
        super().resizeEvent(event)

    def _place(self, *, portrait: bool) -> None:
        if portrait == self._portrait:
            return
        self._portrait = portrait
        place_keypad(self._grid, self.keypad, 4, portrait=portrait)
