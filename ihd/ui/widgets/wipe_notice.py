"""The home screen's notice of a wipe asked for without the PIN: anyone who lives here must see
it, and may stop it (with the PIN)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget

from ihd.ui.widgets.button import Button
from ihd.ui.widgets.labels import label, set_warning


class WipeNotice(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notice = label("note", self, wrap=True)
        set_warning(self.notice, True)
        self.stop = Button(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.notice, 1)
        row.addWidget(self.stop)
        self.hide()

    def show_text(self, text: str) -> None:
        """The sentence saying when the display will be cleared; "" hides the notice."""
        self.notice.setText(text)
        self.notice.setAccessibleName(text)
        self.setVisible(bool(text))
