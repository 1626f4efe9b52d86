"""About this display: what whoever supports the household needs to see, in plain text that a
screen reader reads and that scrolls when long."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ihd.core.about_view import AboutView
from ihd.ui.widgets.button import Button
from ihd.ui.widgets.labels import label
from ihd.ui.widgets.scroll import touch_scroll_area

RLM = "\u200f"


class AboutScreen(QWidget):
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.back_button = Button(self)
        self.back_button.clicked.connect(self.back)
        self.title = label("title", self, wrap=True)
        self._body = QWidget()
        self._column = QVBoxLayout(self._body)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.addStretch(1)
        self.sections: list[tuple[QLabel, QLabel]] = []
        self.scroll = touch_scroll_area(self._body, self)
        gap = self.fontMetrics().height() // 2
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(gap, gap, gap, gap)
        outer.addLayout(top)
        outer.addWidget(self.scroll, 1)

    def essentials(self) -> dict[str, QWidget]:
        return {"back": self.back_button, "title": self.title}

    def focus_after(self, _came_from: str) -> QWidget:
        return self.back_button

    def retranslate(self, title: str, back: tuple[str, str]) -> None:
        self.title.setText(title)
        self.scroll.setAccessibleName(title)
        self.back_button.set_label(*back)

    def show_view(self, view: AboutView) -> None:
        while len(self.sections) < len(view.sections):
            heading, text = label("heading", self._body), label("", self._body, wrap=True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            text.setTextFormat(Qt.TextFormat.PlainText)  # log lines are shown as they are
            at = self._column.count() - 1  # before the stretch
            self._column.insertWidget(at, heading)
            self._column.insertWidget(at + 1, text)
            self.sections.append((heading, text))
        if self.layoutDirection() is Qt.LayoutDirection.RightToLeft:
            # lines of Latin text (versions, addresses, the log) still start on the right
            view = AboutView(tuple((words, "\n".join(RLM + line for line in body.split("\n")))
                                   for words, body in view.sections))
        for (heading, text), (words, body) in zip(self.sections, view.sections, strict=False):
            if heading.text() != words:
                heading.setText(words)
            if text.text() != body:
                text.setText(body)
