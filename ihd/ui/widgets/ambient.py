"""The ambient level on screen: a band of colour with its shape and word, and the glance view,
where the whole screen becomes the lamp. Colour is never the only cue."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from ihd.core.ambient_view import NO_LEVEL, AmbientView
from ihd.ui.widgets.button import Button
from ihd.ui.widgets.labels import label, set_property


class AmbientBand(Button):
    """Tap (or Enter or Space) to see the level full screen. A button, so a screen reader says
    what it does; its words are labels inside it."""

    opened = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "ambient")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.word = label("level", self)
        self.reason = label("reason", self, wrap=True)
        set_property(self, "level", NO_LEVEL, children=True)  # as first shown: nothing to restyle then
        for text in (self.word, self.reason):
            text.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)  # the tap is the band's
        row = QHBoxLayout(self)
        gap = self.fontMetrics().height() // 2
        row.setContentsMargins(gap, gap // 2, gap, gap // 2)
        row.setSpacing(gap)
        row.addWidget(self.word)
        row.addWidget(self.reason, 1)
        self.clicked.connect(self.opened)

    def sizeHint(self) -> QSize:
        return self.layout().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.layout().minimumSize()

    def show_level(self, view: AmbientView, tap_hint: str) -> None:
        set_property(self, "level", view.key, children=True)
        self.word.setText(f"{view.shape} {view.word}".strip())
        self.reason.setText(view.reason)
        self.setAccessibleName(view.accessible)
        self.setAccessibleDescription(tap_hint)


class GlanceScreen(QWidget):
    """The whole screen in the level's colour, the word large: readable across a room.
    Any tap or key goes back."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "glance")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.shape = label("glance-shape", self)
        self.word = label("glance-word", self, wrap=True)
        self.figure = label("glance-figure", self, wrap=True)
        self.reason = label("reason", self, wrap=True)
        self.hint = label("reason", self, wrap=True)
        column = QVBoxLayout(self)
        column.addStretch(1)
        for widget in (self.shape, self.word, self.figure, self.reason):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            column.addWidget(widget)
        column.addStretch(1)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.hint)

    def essentials(self) -> dict[str, QWidget]:
        return {"level": self.word}

    def focus_after(self, _came_from: str) -> QWidget:
        return self

    def show_level(self, view: AmbientView, figure: str, hint: str) -> None:
        set_property(self, "level", view.key, children=True)
        self.shape.setText(view.shape)
        self.word.setText(view.word)
        self.figure.setText(figure)
        self.reason.setText(view.reason)
        self.hint.setText(hint)
        self.reason.setVisible(True)
        self._fit(self.height())
        self.setAccessibleName(view.accessible)
        self.setAccessibleDescription(hint)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit(event.size().height())

    def _fit(self, height: int) -> None:
        """The word and the colour come first: the reason gives way where the screen is short
        (it stays the screen's accessible description, and on the home screen)."""
        margins = self.layout().contentsMargins()
        need = sum(w.sizeHint().height() for w in (self.shape, self.word, self.figure, self.hint, self.reason))
        need += margins.top() + margins.bottom() + self.layout().spacing() * 4
        self.reason.setVisible(need <= height)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.dismissed.emit()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.dismissed.emit()
        event.accept()


class NightShade(QWidget):
    """Darkens everything beneath it at night; touches go straight through."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setProperty("role", "night")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.hide()

    def cover(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
