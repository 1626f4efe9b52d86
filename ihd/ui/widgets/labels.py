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


def set_flag(widget: QWidget, name: str, on: bool) -> None:
    """Switch a look the stylesheet keys on (a dynamic property such as `warning`).

    The state is remembered on the Python side: reading an unset dynamic property back through
    QObject.property() is avoided on this hot path."""
    flags: dict[str, bool] = widget.__dict__.setdefault("_ihd_flags", {})
    if flags.get(name, False) == on:
        return
    flags[name] = on
    widget.setProperty(name, on)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_warning(widget: QWidget, warning: bool) -> None:
    set_flag(widget, "warning", warning)
