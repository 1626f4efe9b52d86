"""Your data: one large switch for each way the household's data may be kept or shared, with the
statement of what, to whom, how often, why and how to withdraw; then the household's own tools
(PIN, guest view, export, the record of choices, and the new-occupier wipe).

Cards are made once and updated, so focus and a screen reader's place survive a change.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from ihd.core.consent import Category
from ihd.core.consent_view import CategoryView, ConsentView
from ihd.core.formatting import Formatter
from ihd.ui.widgets.button import Button
from ihd.ui.widgets.flow import FlowLayout
from ihd.ui.widgets.labels import label, set_warning
from ihd.ui.widgets.scroll import touch_scroll_area

TOOLS = ("pin", "guest", "export", "log", "wipe")


def _gap(widget: QWidget) -> int:
    return widget.fontMetrics().height() // 2


class CategoryCard(QFrame):
    switched = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.title = label("heading", self, wrap=True)
        self.lines = label("", self, wrap=True)
        self.state = label("note", self, wrap=True)
        self.switch = Button(self, checkable=True)
        self.switch.setProperty("role", "switch")
        self.switch.toggled.connect(self.switched)  # toggled: a screen reader's toggle action too
        column = QVBoxLayout(self)
        gap = _gap(self)
        column.setContentsMargins(gap, gap, gap, gap)
        column.setSpacing(gap // 2)
        heading = QHBoxLayout()
        heading.setSpacing(gap)
        heading.addWidget(self.title, 1)
        heading.addWidget(self.switch)
        column.addLayout(heading)
        column.addWidget(self.lines)
        column.addWidget(self.state)

    def show_category(self, view: CategoryView, on_word: str, off_word: str) -> None:
        s = view.statement
        self.title.setText(s.title)
        self.lines.setText("\n".join((s.what, s.who, s.how_often, s.why, s.withdraw)))
        self.state.setText(view.state if view.available else f"{view.state}. {view.unavailable_reason}")
        with QSignalBlocker(self.switch):
            self.switch.setChecked(view.on)
        self.switch.setEnabled(view.available)
        word = on_word if view.on else off_word
        self.switch.set_label(word)
        # A reader moving switch to switch hears which one it is on, not a row of "On" and "Off":
        # the name begins with the word on the switch (what a voice-control user says) and names
        # the card.
        self.switch.setAccessibleName(f"{word}: {s.title}")
        self.switch.setAccessibleDescription(view.unavailable_reason or s.what)

    def show_choice(self, on: bool) -> None:
        """Back to what is in force (a switching-on not confirmed)."""
        with QSignalBlocker(self.switch):
            self.switch.setChecked(on)


class ConsentScreen(QWidget):
    back = Signal()
    switched = Signal(str, bool)  # category, on
    tool = Signal(str)  # one of TOOLS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fmt: Formatter | None = None
        self._view: ConsentView | None = None
        self.back_button = Button(self)
        self.back_button.clicked.connect(self.back)
        self.title = label("title", self, wrap=True)
        self.status = label("note", self, wrap=True)
        self.status.hide()
        body = QWidget()
        self.intro = label("", body, wrap=True)
        self.cards: dict[Category, CategoryCard] = {}
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        gap = _gap(self)
        column.setSpacing(gap)
        column.addWidget(self.intro)
        for category in Category:
            card = self.cards[category] = CategoryCard(body)
            card.switched.connect(lambda on, c=category: self.switched.emit(c.value, on))
            column.addWidget(card)
        self.household = label("heading", body, wrap=True)
        column.addWidget(self.household)
        row = QWidget(body)
        row.setProperty("role", "row")
        self.tools = {name: Button(row) for name in TOOLS}
        for name, button in self.tools.items():
            button.clicked.connect(lambda _c=False, n=name: self.tool.emit(n))
        FlowLayout(row, spacing=gap).add(*self.tools.values())
        column.addWidget(row)
        self.log = label("note", body, wrap=True)
        self.log.hide()
        column.addWidget(self.log)
        column.addStretch(1)
        self.scroll = touch_scroll_area(body, self)
        top = QHBoxLayout()
        top.setSpacing(gap)
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(gap, gap, gap, gap)
        outer.setSpacing(gap)
        outer.addLayout(top)
        outer.addWidget(self.status)
        outer.addWidget(self.scroll, 1)

    def essentials(self) -> dict[str, QWidget]:
        return {"back": self.back_button, "title": self.title}

    def focus_after(self, _came_from: str) -> QWidget:
        return self.back_button

    def retranslate(self, fmt: Formatter) -> None:
        _ = fmt._
        self._fmt = fmt
        self.back_button.set_label(_("Back"), _("Back to the settings"))
        self.title.setText(_("Your data"))
        self.scroll.setAccessibleName(_("Your data: what is kept and who it is shared with"))
        self.intro.setText(_("Your energy use every half-hour can show when your home is empty, when you sleep "
                             "and when you cook. You decide who may have it. Nothing leaves your home unless "
                             "you switch it on here."))
        self.household.setText(_("Your household"))
        if self._view is not None:
            self.show_view(self._view)

    def show_tools(self, labels: dict[str, tuple[str, str]]) -> None:
        for name, (text, accessible) in labels.items():
            self.tools[name].set_label(text, accessible)

    def show_view(self, view: ConsentView) -> None:
        self._view = view
        if self._fmt is None:
            return
        _ = self._fmt._
        for category_view in view.categories:
            self.cards[category_view.category].show_category(category_view, _("On"), _("Off"))

    def show_log(self, lines: tuple[str, ...], empty: str) -> None:
        self.log.setText("\n".join(lines) if lines else empty)
        self.log.setVisible(not self.log.isVisible())
        if self.log.isVisible():
            self.scroll.ensureWidgetVisible(self.log)

    def show_status(self, text: str, problem: bool = False) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
        set_warning(self.status, problem)
