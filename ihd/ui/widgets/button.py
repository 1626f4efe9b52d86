"""Buttons as a touch screen and a keyboard both need them.

Enter activates as well as Space, and a button may also take a long press (held for
LONG_PRESS_MS), which then does not count as a tap.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QAbstractButton, QPushButton, QWidget

LONG_PRESS_MS = 800
SAID_MS = 6000
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class Button(QPushButton):
    long_pressed = Signal()

    def __init__(self, parent: QWidget | None = None, *, checkable: bool = False,
                 long_press: bool = False, enter_activates: bool = True) -> None:
        """`enter_activates=False`: Enter goes on to the screen (a keypad's keys, where Enter
        means OK for the whole entry, not one more digit)."""
        super().__init__(parent)
        self._enter_activates = enter_activates
        self.setCheckable(checkable)
        self.setAutoDefault(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._long_fired = False
        self._said: QTimer | None = None
        self._kept = ("", "", "")
        self._timer: QTimer | None = None
        if long_press:
            self._timer = QTimer(self)
            self._timer.setSingleShot(True)
            self._timer.setInterval(LONG_PRESS_MS)
            self._timer.timeout.connect(self._long_press)

    def set_label(self, text: str, accessible_name: str | None = None) -> None:
        """A button always has a name a screen reader can read, and it begins with the words on
        the button, so a voice-control user can say what they see (WCAG 2.5.3); the longer
        explanation goes in the description. A button of symbols alone ("+") is named in words."""
        set_button_label(self, text, accessible_name)

    def say_for_a_while(self, text: str, ms: int = SAID_MS) -> None:
        """Words on the button itself for a while (why pressing it did nothing), then its label again."""
        kept = (self.text(), self.accessibleName(), self.accessibleDescription())
        if self._said is not None:
            self._said.stop()
            kept = self._kept
        self._kept = kept
        self.set_label(text)
        self._said = QTimer(self)
        self._said.setSingleShot(True)
        self._said.timeout.connect(self._unsay)
        self._said.start(ms)

    def _unsay(self) -> None:
        text, name, description = self._kept
        self.setText(text)
        self.setAccessibleName(name)
        self.setAccessibleDescription(description)
        self._said = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER:
            if not self._enter_activates:
                event.ignore()
                return
            if not event.isAutoRepeat():
                self.animateClick()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._long_fired = False
        if self._timer is not None:
            self._timer.start()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self._long_fired:
            self._long_fired = False
            self.setDown(False)  # a long press is not also a tap
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def _long_press(self) -> None:
        self._long_fired = True
        self.long_pressed.emit()


def spoken_words(text: str) -> str:
    """The words of a label without the symbols around them ("✉ 1 message" -> "1 message",
    "Gas ▶" -> "Gas"): what a voice-control user says, and how a screen reader should name it."""
    tokens = text.split()
    while tokens and _decoration(tokens[0]):
        tokens.pop(0)
    while tokens and _decoration(tokens[-1]):
        tokens.pop()
    return " ".join(tokens)


def _decoration(token: str) -> bool:
    """Arrows, envelopes and shapes: symbols with no words in them (a £ is a word here)."""
    return all(unicodedata.category(ch) == "So" for ch in token)


def set_button_label(button: QAbstractButton, text: str, explanation: str | None = None) -> None:
    button.setText(text)
    explanation = explanation or ""
    words = spoken_words(text)
    if any(ch.isalpha() for ch in words) or not explanation:
        button.setAccessibleName(words or text)
        button.setAccessibleDescription(explanation if explanation != words else "")
    else:
        button.setAccessibleName(explanation)
        button.setAccessibleDescription("")
