"""A question that needs a clear yes or no before something happens to the household's supply or
money: emergency credit, turning the supply on, a change to how they pay. Full screen and large,
never a small pop-up; "no" is always there and changes nothing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ihd.ui.widgets.button import Button
from ihd.ui.widgets.flow import FlowLayout
from ihd.ui.widgets.labels import label
from ihd.ui.widgets.scroll import touch_scroll_area


class ConfirmScreen(QWidget):
    answered = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_yes: Callable[[], None] | None = None
        body = QWidget()
        self.title = label("title", body, wrap=True)
        self.text = label("", body, wrap=True)
        self.note = label("note", body, wrap=True)
        self.yes, self.no = Button(body), Button(body)
        self.yes.clicked.connect(lambda: self._answer(True))
        self.no.clicked.connect(lambda: self._answer(False))
        gap = self.fontMetrics().height() // 2
        row = QWidget(body)
        row.setProperty("role", "row")
        buttons = FlowLayout(row, spacing=gap)
        buttons.add(self.no, self.yes)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(gap)
        for widget in (self.title, self.text, self.note, row):
            column.addWidget(widget)
        column.addStretch(1)
        self.scroll = touch_scroll_area(body, self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(gap, gap, gap, gap)
        outer.addWidget(self.scroll)

    def ask(self, title: str, text: str, yes: str, no: str, on_yes: Callable[[], None], note: str = "") -> None:
        self.title.setText(title)
        self.text.setText(text)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.yes.set_label(yes)
        self.no.set_label(no)
        self.scroll.setAccessibleName(title)
        self._on_yes = on_yes

    def essentials(self) -> dict[str, QWidget]:
        """Both answers (see ihd.ui.layout_check)."""
        return {"yes": self.yes, "no": self.no}

    def focus_after(self, _came_from: str) -> QWidget:
        return self.no  # the safe answer is where the keyboard starts

    def _answer(self, yes: bool) -> None:
        act, self._on_yes = self._on_yes, None
        self.answered.emit(yes)
        if yes and act is not None:
            act()
