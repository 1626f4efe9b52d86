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


def set_property(widget: QWidget, name: str, value: object, *, children: bool = False) -> None:
    """Set a property the stylesheet keys on, repolishing only when it changes (`children`:
    also the descendants, where their look follows the parent's property).

    The value is remembered on the Python side: reading an unset dynamic property back through
    QObject.property() is avoided on this hot path."""
    known: dict[str, object] = widget.__dict__.setdefault("_ihd_properties", {})
    if name in known and known[name] == value:
        return
    first = name not in known
    known[name] = value
    widget.setProperty(name, value)
    if first and value is False:
        return  # a flag first set off: the stylesheet keys on flags being "true", so its look is as it was
    for each in (widget, *(widget.findChildren(QWidget) if children else ())):
        # One not yet polished (not yet shown) takes the property when it is: nothing to undo.
        # (Nor is Qt's style type then made, on the way to the first frame.)
        if each.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
            each.style().unpolish(each)
            each.style().polish(each)


def set_flag(widget: QWidget, name: str, on: bool) -> None:
    set_property(widget, name, on)


def set_warning(widget: QWidget, warning: bool) -> None:
    set_flag(widget, "warning", warning)
