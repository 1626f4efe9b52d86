"""A live figure: a caption, the number with its unit, and a note (stale, since when...).

Caption, number and unit are one rich-text label, so a screen reader meets the figure once,
named with everything it needs ("Electricity, Now, 1.2 kilowatts"), not as three fragments.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ihd.core.viewmodels import Figure
from ihd.ui.theme import Theme
from ihd.ui.widgets.labels import label, set_warning


class FigureView(QWidget):
    def __init__(self, size: str, theme: Theme, *, inline_caption: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._size = size  # "big" or "medium": a size name from the theme
        self._inline = inline_caption
        self._theme = theme
        self._shown: tuple[str, Figure] = ("", Figure("", "", ""))
        self.figure = QLabel(self)
        self.figure.setTextFormat(Qt.TextFormat.RichText)
        self.figure.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.figure.setWordWrap(True)
        self.note = label("note", self, wrap=True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.figure)
        column.addWidget(self.note)

    def set_wrap(self, wrap: bool) -> None:
        """Off where the figure has a line of its own to fill: it then asks for its whole width."""
        self.figure.setWordWrap(wrap)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._render()

    def show_figure(self, caption: str, figure: Figure, note: str, accessible: str, warning: bool) -> None:
        self._shown = (caption, figure)
        self._render()
        self.note.setText(note)
        self.note.setVisible(bool(note))
        set_warning(self.note, warning)
        self.figure.setAccessibleName(accessible)  # with its unit in words: nothing more to describe

    @property
    def value_text(self) -> str:
        return self._shown[1].value

    @property
    def unit_text(self) -> str:
        return self._shown[1].unit

    def _render(self) -> None:
        caption, figure = self._shown
        c, s = self._theme.colours, self._theme.sizes()
        head = f'<span style="color:{c["muted"]}">{escape(caption)}</span>' if caption else ""
        value = (f'<span style="font-size:{s[self._size]}px; font-weight:bold; color:{c["text"]}">'
                 f"{escape(figure.value)}</span>")
        unit_style = f'font-size:{s["unit"]}px; color:{c["muted"]}'
        unit = f'&nbsp;<span style="{unit_style}">{escape(figure.unit)}</span>' if figure.unit else ""
        if self._inline and head:
            html = f"{head}&nbsp;&nbsp;{value}{unit}"
        else:
            html = f"{head}<br>{value}{unit}" if head else f"{value}{unit}"
        # A figure alone has no letters to tell its direction: give it the screen's.
        direction = "rtl" if self.isRightToLeft() else "ltr"
        self.figure.setText(f'<div dir="{direction}">{html}</div>')
