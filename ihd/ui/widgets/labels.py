"""Labels that carry a styling role and, for live values, a name a screen reader reads."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def label(role: str, parent: QWidget | None = None, *, wrap: bool = False) -> QLabel:
    widget = QLabel(parent)
    widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def set_warning(widget: QWidget, warning: bool) -> None:
    """Switch a widget's warning look (the stylesheet keys on the property).

    The state is remembered on the Python side: reading an unset dynamic property back through
    QObject.property() is avoided on this hot path."""
    if getattr(widget, "_ihd_warning", False) == warning:
        return
    widget._ihd_warning = warning  # type: ignore[attr-defined]
    widget.setProperty("warning", warning)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
