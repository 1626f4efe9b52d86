"""One fuel on the home screen: its figure now (or the balance, on pay as you go), today's, the
standing charge, an alert, and the prepayment actions; in one column, or two when it is wide."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QVBoxLayout, QWidget

from ihd.core.account_view import Action
from ihd.core.formatting import Formatter
from ihd.core.live import Freshness
from ihd.core.viewmodels import PanelView
from ihd.ui.theme import Theme
from ihd.ui.widgets.button import Button
from ihd.ui.widgets.figure import FigureView
from ihd.ui.widgets.flow import FlowLayout
from ihd.ui.widgets.labels import label, set_warning


class FuelPanel(QFrame):
    action = Signal(str)  # a prepayment button: top up, emergency credit, turn on
    details = Signal()  # to the account screen

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        self.title = label("title", self)
        self.when = label("note", self)  # "Now" or "Today", beside the title to save a line
        self.main = FigureView("big", theme, parent=self)
        self.alert = label("note", self, wrap=True)
        self.alert.hide()
        self.actions = QWidget(self)
        self.actions.setProperty("role", "row")
        self.buttons = {action: Button(self.actions) for action in Action}
        for action, button in self.buttons.items():
            button.clicked.connect(lambda _c=False, a=action: self.action.emit(a.value))
            button.hide()
        self.more = Button(self.actions)
        self.more.clicked.connect(self.details)
        FlowLayout(self.actions, spacing=self.fontMetrics().height() // 2).add(*self.buttons.values(), self.more)
        self.actions.hide()
        self._more_words = ("", "")
        self.offered = True
        self._wide = False
        self._brief = False
        self._total_only = False
        self._standing_lines: list[str] = []  # the standing charge, and the day's total with it
        self._stale = False
        self.today = FigureView("medium", theme, inline_caption=True, parent=self)
        self.standing = label("note", self, wrap=True)
        layout = QVBoxLayout(self)
        gap = self.fontMetrics().height() // 2
        layout.setContentsMargins(gap, gap // 2, gap, gap // 2)
        layout.setSpacing(gap // 2)
        self.heading = QHBoxLayout()  # the one panel of large print takes the lamp and the turn here
        self.heading.setSpacing(gap)
        self.heading.addWidget(self.title)
        self.heading.addWidget(self.when, 1)
        layout.addLayout(self.heading)
        # Two columns side by side when the panel is wide (see set_wide), one above the other else.
        self._columns = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._columns.setSpacing(gap // 2)
        first, second = QVBoxLayout(), QVBoxLayout()
        for column, widgets in ((first, (self.main, self.alert)), (second, (self.today, self.actions))):
            column.setSpacing(gap // 2)
            for widget in widgets:
                column.addWidget(widget)
        first.addStretch(1)
        self._columns.addLayout(first, 1)
        self._columns.addLayout(second, 1)
        layout.addLayout(self._columns)
        layout.addWidget(self.standing)
        layout.addStretch(1)

    def set_wide(self, wide: bool) -> None:
        """Wide: the one panel on a large-print landscape screen, the figure on one side and
        today on the other."""
        self._wide = wide
        self._columns.setDirection(QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom)
        # wide, the figure takes the width it needs on one line and today the rest
        self.main.set_wrap(not wide)
        self._columns.setStretch(0, 0 if wide else 1)

    def set_brief(self, brief: bool, *, total_only: bool = False) -> None:
        """Brief where the screen has no room for every line: the secondary lines (standing
        charge, the day's total with it) are left to the detail views (History in money, the
        account's Details), so that the figures never need scrolling to. `total_only`, where a
        line less is room enough: the standing charge's own line goes, and the day's total,
        which counts it, stays."""
        self._brief = brief
        self._total_only = total_only and not brief
        self._show_standing()
        self._show_note()

    def _show_standing(self) -> None:
        lines = self._standing_lines
        text = lines[-1] if self._total_only and len(lines) > 1 else "\n".join(lines)
        if text != self.standing.text():
            self.standing.setText(text)
        self.standing.setVisible(bool(text) and not self._brief)

    def hold(self, *widgets: QWidget) -> None:
        """Put the widgets at the end of the heading line (taking them from where they were)."""
        for widget in widgets:
            if self.heading.indexOf(widget) < 0:
                self.heading.addWidget(widget)

    def _show_note(self) -> None:
        """The headline's note (days of credit left, when the meter last read) goes to the detail
        views too when brief, unless it warns that the figure is stale."""
        self.main.note.setVisible(bool(self.main.note.text()) and (not self._brief or self._stale))

    def retranslate(self, fmt: Formatter) -> None:
        _ = fmt._
        self.buttons[Action.TOP_UP].set_label(_("Top up"))
        self.buttons[Action.EMERGENCY_CREDIT].set_label(_("Use emergency credit"))
        self.buttons[Action.ENABLE_SUPPLY].set_label(_("Turn electricity on"))
        self._more_words = (_("Details"), _("Credit details, messages and top-ups"))
        self.more.set_label(*self._more_words)

    def set_theme(self, theme: Theme) -> None:
        self.main.set_theme(theme)
        self.today.set_theme(theme)
        gap = theme.profile.px(0.5)
        self.layout().setContentsMargins(gap, gap // 2, gap, gap // 2)
        for layout in (self.layout(), self._columns, *(self._columns.itemAt(i).layout() for i in range(2))):
            layout.setSpacing(gap // 2)
        self.heading.setSpacing(gap)
        self.actions.layout().setSpacing(gap)

    def show_panel(self, view: PanelView) -> None:
        self.offered = view.visible  # shown by the screen, which may show one fuel at a time
        self.title.setText(view.title)
        self.setAccessibleName(view.title)
        self.when.setText(view.main_label)
        stale = view.freshness is Freshness.STALE
        self.main.show_figure("", view.main, view.main_note, view.main_accessible, stale)
        self._stale = stale
        self._show_note()
        self.today.setVisible(bool(view.today_label))
        self.today.show_figure(view.today_label, view.today, view.today_note, view.today_accessible, stale)
        self._standing_lines = view.standing.split("\n") if view.standing else []
        self._show_standing()
        self.alert.setText(view.alert)
        self.alert.setVisible(bool(view.alert))
        set_warning(self.alert, bool(view.alert))
        for action, button in self.buttons.items():
            button.setVisible(action in view.actions)
        self.actions.setVisible(view.account)

    def show_news(self, short: str, news: str) -> None:
        """The way to the account screen, saying when a message or proposal waits there."""
        text, name = self._more_words
        self.more.set_label(f"✉ {short}" if short else text, news or name)
