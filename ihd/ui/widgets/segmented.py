"""A one-of-many choice drawn as a single row of joined segments (Day | Week | Month | Year).

Each segment is a QRadioButton in an exclusive group, so a screen reader hears "radio button,
checked" and the arrow keys move the choice, as in any radio group. The row never folds into
columns: a screen that lacks the width moves the whole row onto a line of its own instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QApplication, QButtonGroup, QHBoxLayout, QRadioButton, QSizePolicy, QWidget

from ihd.ui.widgets.button import set_button_label


class Segment(QRadioButton):
    """A radio button that looks like a touch target: the stylesheet draws its box (role
    "segment"), and the text is centred in it rather than set beside a round indicator."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "segment")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_label(self, text: str, accessible_name: str | None = None) -> None:
        set_button_label(self, text, accessible_name)  # the name begins with the words shown
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        # the text with half a line of room in all, never under the stylesheet's target size
        fm = self.fontMetrics()
        wanted = QSize(fm.horizontalAdvance(self.text()) + fm.height(), fm.height())
        return wanted.expandedTo(self.minimumSize())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Tab lands on the chosen one, as in any radio group, not on the first of the row
        chosen = self.group().checkedButton() if self.group() is not None else None
        tabbed = event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
        if tabbed and chosen is not None and chosen is not self and chosen.isVisible():
            chosen.setFocus(event.reason())
            return
        super().focusInEvent(event)

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)  # the whole segment, not only the text, takes a tap

    def paintEvent(self, event: QPaintEvent) -> None:
        # The radio button draws the stylesheet's box for its state (its own words, beside where the
        # round indicator would be, in the stylesheet's transparent ink); the words go in the middle.
        # (Qt's style object is never asked for here: reaching it from Python makes its type, with
        # nearly 600 enum members, on the way to the first frame.)
        super().paintEvent(event)
        role = QPalette.ColorRole.HighlightedText if self.isChecked() else QPalette.ColorRole.ButtonText
        painter = QPainter(self)
        painter.setPen(QApplication.palette().color(role))  # the theme's ink (its own palette's is transparent)
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.text())


class Segmented(QWidget):
    chosen = Signal(str)

    def __init__(self, keys: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[str, Segment] = {}
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._quiet = False  # set while the model, not a person, changes the choice
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        for key in keys:
            button = Segment(self)
            button.toggled.connect(lambda on, k=key: self._toggled(k, on))
            self._group.addButton(button)
            row.addWidget(button)
            self.buttons[key] = button
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_labels(self, labels: dict[str, tuple[str, str]]) -> None:
        """(text, accessible name) for each key."""
        for key, (text, name) in labels.items():
            self.buttons[key].set_label(text, name)
        self.updateGeometry()

    def set_offered(self, keys: Sequence[str]) -> None:
        """Show only these choices (the guest view leaves out the money one)."""
        for key, button in self.buttons.items():
            button.setVisible(key in keys)
        self.updateGeometry()

    def set_chosen(self, key: str) -> None:
        self._quiet = True
        try:
            self.buttons[key].setChecked(True)
        finally:
            self._quiet = False

    def current(self) -> str | None:
        return next((k for k, b in self.buttons.items() if b.isChecked()), None)

    def _toggled(self, key: str, on: bool) -> None:
        if on and not self._quiet:
            self.chosen.emit(key)
