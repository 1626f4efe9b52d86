"""A live figure: a caption, the number with its unit, and a note (stale, since when...)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ihd.core.viewmodels import Figure
from ihd.ui.widgets.labels import label, set_warning


class FigureView(QWidget):
    def __init__(self, size_role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = label("caption", self)
        self.value = label(size_role, self)
        self.unit = label("unit", self)
        self.note = label("note", self, wrap=True)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

        row = QHBoxLayout()
        row.setSpacing(self.fontMetrics().averageCharWidth())
        row.addWidget(self.value, 0, Qt.AlignmentFlag.AlignBaseline)
        row.addWidget(self.unit, 1, Qt.AlignmentFlag.AlignBaseline)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.caption)
        column.addLayout(row)
        column.addWidget(self.note)

    def show_figure(self, caption: str, figure: Figure, note: str, accessible: str, warning: bool) -> None:
        self.caption.setText(caption)
        self.caption.setVisible(bool(caption))
        self.value.setText(figure.value)
        self.unit.setText(figure.unit)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        set_warning(self.note, warning)
        # The number alone means little to a screen reader: name it with everything it needs.
        self.value.setAccessibleName(accessible)
        self.value.setAccessibleDescription(figure.unit)
