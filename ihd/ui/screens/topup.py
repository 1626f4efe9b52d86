"""Topping up: a 20-digit code typed on a large keypad (or a keyboard), shown in groups of four,
checked on the display before anything is sent, its amount confirmed, then the meter's answer.

The screen keeps only the digits being typed; everything else (whether the code is well formed,
the lock after wrong codes, what the meter said) comes in a `TopUpView`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLayout, QVBoxLayout, QWidget

from ihd.core.account_view import Stage, TopUpView
from ihd.core.formatting import Formatter
from ihd.core.units import Fuel
from ihd.core.utrn import LENGTH, digits_of, grouped
from ihd.ui.widgets.button import Button
from ihd.ui.widgets.choices import Choices
from ihd.ui.widgets.flow import FlowLayout
from ihd.ui.widgets.keypad import CLEAR, ERASE, Keypad, place_keypad
from ihd.ui.widgets.labels import label, set_flag, set_warning
from ihd.ui.widgets.scroll import touch_scroll_area

PLACEHOLDER = "_"


class TopUpScreen(QWidget):
    back = Signal()
    checked = Signal(str)  # the whole code, to be checked and its amount shown
    sent = Signal()
    changed = Signal()  # back from confirming to the code, to change it
    stopped = Signal()  # stop waiting for the meter
    fuel_chosen = Signal(str)
    typing = Signal()  # a key was pressed: the screen is in use

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.digits = ""
        self._view = TopUpView()
        self._fmt: Formatter | None = None
        self.back_button = Button(self)
        self.back_button.clicked.connect(self.back)
        self.title = label("title", self, wrap=True)  # a long word for "top up" yields to Back
        self.fuels = Choices([f.value for f in Fuel], columns=2, parent=self)
        self.fuels.chosen.connect(self.fuel_chosen)
        self.code = label("code", self, wrap=True)  # in groups of four, which wrap where the side is narrow
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # digits read left to right
        self.code.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a screen reader can land on it
        self.message = label("note", None, wrap=True)
        self.check = Button()
        self.check.clicked.connect(lambda: self.checked.emit(self.digits))
        self.send = Button()
        self.send.clicked.connect(self.sent)
        self.change = Button()
        self.change.clicked.connect(self.changed)
        self.stop = Button()
        self.stop.clicked.connect(self.stopped)
        self.hint = label("note", None, wrap=True)
        self.keypad = Keypad(self)
        self.keypad.pressed.connect(self._key)

        gap = self.fontMetrics().height() // 2
        top = QHBoxLayout()
        top.setSpacing(gap)
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        # The next step stays in sight; the message under it scrolls, should large print need it.
        self.buttons = QWidget(self)
        self.buttons.setProperty("role", "row")
        FlowLayout(self.buttons, spacing=gap).add(self.check, self.send, self.change, self.stop)
        side = QWidget()
        left = QVBoxLayout(side)
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(gap)
        left.addWidget(self.message)
        left.addWidget(self.hint)
        left.addStretch(1)
        self.side = touch_scroll_area(side, self)
        # Landscape: the keypad takes the right side's full height; portrait: it goes below.
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(gap, gap, gap, gap)
        self._grid.setSpacing(gap)
        self._grid.addLayout(top, 0, 0)
        self._grid.addWidget(self.fuels, 1, 0)
        self._grid.addWidget(self.code, 2, 0)
        self._grid.addWidget(self.buttons, 3, 0)
        self._grid.addWidget(self.side, 4, 0)
        # The arrangement follows the window's shape; the portrait one must not stop the window
        # turning landscape (a stack is as tall as its tallest page's minimum), so none is imposed.
        self._grid.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumSize(1, 1)
        self._portrait: bool | None = None
        self._place_keypad(portrait=False)
        self._show_code()

    def essentials(self) -> dict[str, QWidget]:
        """The code as typed and the keypad to type it (see ihd.ui.layout_check)."""
        return {"code": self.code, "keypad": self.keypad, "back": self.back_button}

    def focus_after(self, _came_from: str) -> QWidget:
        return self.keypad.keys["1"] if self.keypad.isEnabled() else self.back_button

    def retranslate(self, fmt: Formatter) -> None:
        _ = fmt._
        self._fmt = fmt
        self.back_button.set_label(_("Back"), _("Back to the home screen"))
        self.title.setText(_("Top up"))
        self.fuels.set_labels({Fuel.ELECTRICITY.value: (_("Electricity"), _("Top up electricity")),
                               Fuel.GAS.value: (_("Gas"), _("Top up gas"))})
        self.keypad.retranslate((_("Delete"), _("Delete the last digit")), (_("Clear"), _("Clear the whole code")))
        self.check.set_label(_("Check code"))
        self.send.set_label(_("Send"), _("Send the code to the meter"))
        self.change.set_label(_("Change code"))
        self.stop.set_label(_("Stop waiting"))
        self.show_view(self._view)

    def start(self) -> None:
        """A fresh code."""
        self.digits = ""
        self._show_code()

    def show_view(self, view: TopUpView) -> None:
        asking = view.stage is Stage.CONFIRM and self._view.stage is not Stage.CONFIRM  # (shown again each second)
        self._view = view
        entering = view.stage is Stage.ENTER or view.stage is Stage.DONE
        self.fuels.setVisible(len(view.fuels) > 1)
        self.fuels.set_chosen(view.fuel.value)
        self.fuels.setEnabled(entering)
        self.keypad.set_enabled(entering and not view.locked)
        self.check.setVisible(entering)
        self.send.setVisible(view.stage is Stage.CONFIRM)
        self.change.setVisible(view.stage is Stage.CONFIRM)
        self.stop.setVisible(view.stage is Stage.WAITING and view.can_stop)
        self.message.setText(view.message)
        self.message.setVisible(bool(view.message))
        self.message.setAccessibleName(view.message)
        set_warning(self.message, view.problem)
        set_flag(self.message, "question", view.stage is Stage.CONFIRM)
        if view.stage is Stage.CONFIRM:
            # what Send will do, heard as focus comes to it: "Send: Add £12.34 to your electricity?"
            self.send.setAccessibleDescription(view.message)
            if asking and self.isVisible():
                self.send.setFocus(Qt.FocusReason.OtherFocusReason)  # Enter sends; Tab reaches Change code
        if view.stage is Stage.DONE and not view.problem and self.digits:
            self.start()  # a used code is gone from the box: it cannot be sent twice by mistake
            if self.isVisible():
                self.back_button.setFocus(Qt.FocusReason.OtherFocusReason)  # a named place, not the hidden Send
        if self._fmt is not None and view.demo_codes:
            self.hint.setText(self._fmt._("Demo: try the code {code}").format(code=grouped(view.demo_codes[0])))
        self.hint.setVisible(bool(view.demo_codes))
        self._show_code()

    # -- typing

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self._paste()
        elif event.text().isdigit() and event.text().isascii():
            self._key(event.text())
        elif event.key() == Qt.Key.Key_Backspace:
            self._key(ERASE)
        elif event.key() == Qt.Key.Key_Delete:
            self._key(CLEAR)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.check.isVisible():
            self.check.click()
        else:
            super().keyPressEvent(event)

    def _paste(self) -> None:
        pasted = digits_of(QGuiApplication.clipboard().text())
        if pasted.isdigit() and self.keypad.isEnabled():
            self.digits = (self.digits + pasted)[:LENGTH]
            self._typed()

    def _key(self, key: str) -> None:
        if not self.keypad.keys["0"].isEnabled():
            return
        if key == ERASE:
            self.digits = self.digits[:-1]
        elif key == CLEAR:
            self.digits = ""
        elif len(self.digits) < LENGTH:
            self.digits += key
        self._typed()

    def _typed(self) -> None:
        self._show_code()
        self.typing.emit()
        if len(self.digits) == LENGTH:
            self.check.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_code(self) -> None:
        shown = grouped(self.digits + PLACEHOLDER * (LENGTH - len(self.digits)))
        self.code.setText(shown)
        self.check.setEnabled(len(self.digits) == LENGTH)
        if self._fmt is not None:
            spoken = ", ".join(" ".join(group) for group in grouped(self.digits).split())
            self.code.setAccessibleName(self._fmt._("Top-up code, {n} of 20 digits: {digits}").format(
                n=len(self.digits), digits=spoken))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place_keypad(portrait=event.size().height() > event.size().width())
        super().resizeEvent(event)

    def _place_keypad(self, *, portrait: bool) -> None:
        if portrait == self._portrait:
            return
        self._portrait = portrait
        place_keypad(self._grid, self.keypad, 5, portrait=portrait)
