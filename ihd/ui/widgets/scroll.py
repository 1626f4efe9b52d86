"""A scroll area a finger can drag, for screens that large print makes taller than the display."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QFrame, QLayout, QScrollArea, QScroller, QWidget


class _FitHeight(QObject):
    """Keeps the content as tall as its wrapped text needs at its current width.

    Qt sizes a scroll area's content from minimum sizes that ignore how word-wrapped labels
    grow when narrow; without this, wrapped figures are cut off instead of scrolled to."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A resize changes the width to fit to; a layout request means the content has changed.
        if event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest) and isinstance(watched, QWidget) \
                and watched.layout():
            _fit(watched)  # Qt has just laid it out (before filters see the event): its sizes are fresh
        return False


def fit_height(content: QWidget) -> None:
    """For words just changed: now, not at the layout request Qt has posted, so a screen is never
    drawn (nor grabbed) with them squeezed into the height of the words before."""
    _forget_sizes(content.layout())
    _fit(content)


def _fit(content: QWidget) -> None:
    layout = content.layout()
    need = layout.totalHeightForWidth(content.width()) if layout.hasHeightForWidth() else -1
    if need > 0 and need != content.minimumHeight():
        content.setMinimumHeight(need)


def _forget_sizes(layout: QLayout) -> None:
    """Qt forgets a layout's remembered heights when a label in it changes, but not those of the
    rows and widgets nested in it (until their next posted layouts): they would still give the old
    words' height.
    Not at each layout: forgetting asks for another, and that for another, without end."""
    layout.invalidate()
    for i in range(layout.count()):
        item = layout.itemAt(i)
        item.invalidate()  # a widget's remembered sizes (a key whose names wrap, a row of actions)
        widget = item.widget()
        nested = item.layout() or (widget.layout() if widget is not None else None)
        if nested is not None:
            _forget_sizes(nested)


class _FollowFocus(QObject):
    """Brings a control the focus is given into view: the area does so itself only for Tab
    between its own controls, so a Tab from the choices above left the focused button below the
    fold. Not for a tap (the pointer is on the control): the area holds a tap's press back until
    the finger lifts, to see if it is a drag, and scrolling then would move the button from under
    the release. One for the application; on focus changes only, not on its every event."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        app.focusChanged.connect(self._focused)

    def _focused(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or new.rect().contains(new.mapFromGlobal(QCursor.pos())):
            return
        area = new.parentWidget()
        while area is not None:
            if isinstance(area, QScrollArea) and area.widget() is not None and area.widget().isAncestorOf(new):
                area.ensureWidgetVisible(new)
            area = area.parentWidget()


def _follow_focus() -> None:
    """One for the application, made with its first scroll area."""
    app = QApplication.instance()
    # Kept on the application itself: looking for it among the application's children would bring
    # each of them into Python, Qt's style object too, whose type PySide then makes (nearly 600 enum members).
    if isinstance(app, QApplication) and getattr(app, "_ihd_follow_focus", None) is None:
        app._ihd_follow_focus = _FollowFocus(app)  # type: ignore[attr-defined]


def touch_scroll_area(content: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """Scrolls by finger (drag) and by its bar. It is not a Tab stop: the keyboard reaches what is
    below the fold through the controls in it (the area follows the focus), and a stop that moves
    nothing and shows no ring loses a keyboard user. A focus ring drawn round it would also take
    room from the screen's essentials."""
    area = QScrollArea(parent)
    # A viewport of our own: the one Qt makes would reach Python as an object of no known class, and
    # PySide then makes every widget class in Qt (hundreds of enums) to find its type, at start-up.
    viewport = QWidget()
    area.setViewport(viewport)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    fit = _FitHeight(area)
    content.installEventFilter(fit)
    _follow_focus()
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    return area
