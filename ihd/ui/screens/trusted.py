"""Who to tell: before "Tell someone you trust" is switched on, the household names the person
(typed on large letter keys, or a keyboard) and says what kind of helper they are, and whether
the balance may go with each message. One question a page; the consent question comes after.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from ihd.core.formatting import Formatter
from ihd.core.trusted import NAME_LONGEST, Helper, clean_name
from ihd.ui.widgets.button import Button
from ihd.ui.widgets.choices import Choices
from ihd.ui.widgets.flow import FlowLayout
from ihd.ui.widgets.labels import label, set_warning
from ihd.ui.widgets.letters import ERASE, OTHER, SPACE, LetterPad, typed
from ihd.ui.widgets.scroll import touch_scroll_area

PLACEHOLDER = "_"


class TrustedScreen(QWidget):
    back = Signal()
    chosen = Signal(str, str, bool)  # name, helper, balance too

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = ""
        self._fmt: Formatter | None = None
        gap = self.fontMetrics().height() // 2
        self.back_button = Button(self)
        self.back_button.clicked.connect(self._back)
        self.title = label("title", self, wrap=True)
        top = QHBoxLayout()
        top.setSpacing(gap)
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        self.pages = QStackedWidget(self)

        # page 1: the name
        first = QWidget()
        self.name_shown = label("code", first, wrap=True)
        self.name_shown.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.letters = LetterPad(first)
        self.letters.pressed.connect(self._key)
        self.next = Button(first)
        self.next.clicked.connect(self._next)
        row = QHBoxLayout()
        row.setSpacing(gap)
        row.addWidget(self.name_shown, 1)
        row.addWidget(self.next)
        column = QVBoxLayout(first)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(gap // 2)
        column.addLayout(row)
        column.addWidget(self.letters, 1)
        column.addStretch(0)  # below the keys, on a screen taller than they need
        self.pages.addWidget(first)

        # page 2: who they are, and whether the balance goes too
        second = QWidget()
        self.helper_question = label("heading", second, wrap=True)
        self.helpers = Choices([h.value for h in Helper], columns=2, parent=second)
        self.helpers.set_chosen(Helper.FAMILY.value)
        self.balance = Button(second, checkable=True)
        self.balance.setProperty("role", "switch")
        self.balance.toggled.connect(lambda _on: self._show_balance())
        self.balance_words = label("", second, wrap=True)
        self.done = Button(second)
        self.done.clicked.connect(self._done)
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(gap // 2)
        inner.addWidget(self.helper_question)
        inner.addWidget(self.helpers)
        money = QHBoxLayout()
        money.setSpacing(gap)
        money.addWidget(self.balance_words, 1)
        money.addWidget(self.balance)
        inner.addLayout(money)
        inner.addStretch(1)
        buttons = QWidget(second)
        buttons.setProperty("role", "row")
        FlowLayout(buttons, spacing=gap).add(self.done)
        column = QVBoxLayout(second)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(gap // 2)
        column.addWidget(touch_scroll_area(body, second), 1)
        column.addWidget(buttons)
        self.pages.addWidget(second)

        self.status = label("note", self, wrap=True)
        self.status.hide()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(gap, gap, gap, gap)
        outer.setSpacing(gap // 2)
        outer.addLayout(top)
        outer.addWidget(self.status)
        outer.addWidget(self.pages, 1)
        self._show_name()

    def essentials(self) -> dict[str, QWidget]:
        """The name and the keys to type it, then the helper choice and Continue (see
        ihd.ui.layout_check)."""
        if self.pages.currentIndex() == 0:
            return {"back": self.back_button, "name": self.name_shown, "next": self.next,
                    "letters": self.letters}
        return {"back": self.back_button, "helper": self.helpers, "continue": self.done}

    def focus_after(self, _came_from: str) -> QWidget:
        return self.name_shown

    def start(self, name: str = "") -> None:
        self.name = name
        self.pages.setCurrentIndex(0)
        self.status.hide()
        self._show_name()

    def retranslate(self, fmt: Formatter, language: str) -> None:
        _ = fmt._
        self._fmt = fmt
        self.back_button.set_label(_("Back"), _("Back to Your data"))
        self.title.setText(_("Someone you trust"))
        self.letters.set_language(language, {SPACE: (_("Space"), _("Space")),
                                             ERASE: (_("Delete"), _("Delete the last letter")),
                                             OTHER: (_("ABC"), _("Other letters"))})
        self.next.set_label(_("Next"), _("Next: who they are"))
        self.helper_question.setText(_("Who are they to you?"))
        self.helpers.set_labels({Helper.FAMILY.value: (_("Family"), _("Family")),
                                 Helper.FRIEND.value: (_("Friend or neighbour"), _("Friend or neighbour")),
                                 Helper.CARER.value: (_("Carer"), _("Carer")),
                                 Helper.SUPPORT.value: (_("Support service"), _("Support service"))})
        self.balance_words.setText(_("Also send your balance with each message?"))
        self.done.set_label(_("Continue"), _("Continue: read what will be sent, then agree or not"))
        self._show_name()
        self._show_balance()

    # -- typing

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Backspace:
            self._key(ERASE)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._next() if self.pages.currentIndex() == 0 else self._done()
        elif event.text() and event.text().isprintable() and self.pages.currentIndex() == 0:
            for character in event.text():
                if character == " ":
                    self._key(SPACE)
                elif clean_name(character) and len(self.name) < NAME_LONGEST:
                    self.name += character  # as typed: a keyboard has its own capitals
            self._show_name()
        else:
            super().keyPressEvent(event)

    def _key(self, key: str) -> None:
        if key == ERASE:
            self.name = self.name[:-1]
        elif key == SPACE:
            self.name = self.name + " " if self.name and not self.name.endswith(" ") else self.name
        elif len(self.name) < NAME_LONGEST:
            self.name = typed(self.name, key)
        self.status.hide()
        self._show_name()

    def _show_name(self) -> None:
        self.name_shown.setText(self.name + PLACEHOLDER if len(self.name) < NAME_LONGEST else self.name)
        self.next.setEnabled(bool(self.name.strip()))
        if self._fmt is not None:
            self.name_shown.setAccessibleName(self._fmt._("Their name: {name}").format(name=self.name))
            if not self.name:  # the box asks until something is typed in it
                self.name_shown.setText(self._fmt._("What is their name?"))

    def _show_balance(self) -> None:
        if self._fmt is not None:
            word = self._fmt._("Yes") if self.balance.isChecked() else self._fmt._("No")
            self.balance.set_label(word, f"{self.balance_words.text()} {word}")

    # -- the steps

    def _next(self) -> None:
        if not clean_name(self.name):
            self.say(self._fmt._("Type their name first.") if self._fmt else "", True)
            return
        self.pages.setCurrentIndex(1)
        chosen = self.helpers.buttons[self.helpers.current or Helper.FAMILY.value]
        chosen.setFocus(Qt.FocusReason.OtherFocusReason)  # the choice itself, ringed, not its group

    def _back(self) -> None:
        if self.pages.currentIndex() == 1:
            self.pages.setCurrentIndex(0)
            return
        self.back.emit()

    def _done(self) -> None:
        self.chosen.emit(clean_name(self.name), self.helpers.current or Helper.FAMILY.value,
                         self.balance.isChecked())

    def say(self, text: str, problem: bool = False) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
        set_warning(self.status, problem)
