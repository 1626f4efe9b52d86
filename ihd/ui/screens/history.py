"""History: a day by half-hour, a week or month by day, a year by month, beside the period before.

The chart takes most of the screen. Above it, one flowing row: back, the pager (earlier, the
period's name, later) and the one-of-many choices (period, fuel, unit), each a single segmented
row that moves whole onto the next line when the width runs out, never folding into a column.
The words (key, totals, comparison) sit beside the chart on a landscape screen and beneath it on
a portrait one, and scroll there if large print makes them longer than the chart is tall: the
chart and the choices never scroll away. The actions (read aloud, table, the next 24 hours) join
the choices' row where they fit on a line it already takes (the standard 800x480 screen), so the
words need no scrolling; else they close the words.

The chart (pyqtgraph) is made the first time the screen is shown. Everything it shows is also
a table a screen-reader user can step through, and its summary is the chart's description.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHBoxLayout,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ihd.core.formatting import Formatter
from ihd.core.history_view import HistoryView
from ihd.core.periods import PeriodKind
from ihd.core.units import DisplayUnit, Fuel
from ihd.ui.theme import Theme
from ihd.ui.widgets.button import Button
from ihd.ui.widgets.flow import FlowLayout, line_count
from ihd.ui.widgets.key import ChartKey
from ihd.ui.widgets.labels import label
from ihd.ui.widgets.scroll import fit_height, touch_scroll_area
from ihd.ui.widgets.segmented import Segmented

if TYPE_CHECKING:
    from ihd.ui.widgets.chart import BarChart

KINDS = (PeriodKind.DAY, PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.YEAR)
WORDS_SHARE = 0.3  # of a landscape screen's width, beside the chart
PENNY = 1.0  # the smallest step on a money axis: the text counts whole pence
ANY_SIZE = 16777215  # Qt's QWIDGETSIZE_MAX: no limit


class HistoryScreen(QWidget):
    back = Signal()
    read_aloud = Signal()
    kind_chosen = Signal(str)
    fuel_chosen = Signal(str)
    unit_chosen = Signal(str)
    moved = Signal(int)  # -1 earlier, +1 later
    bar_chosen = Signal(int)
    ahead_opened = Signal()  # to the next 24 hours

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._view: HistoryView | None = None
        self.chart: BarChart | None = None
        # In reading (and Tab) order: back, the pager, the choices, the chart, then its words.
        self.back_button = Button(self)
        self.back_button.clicked.connect(self.back)
        self.earlier = Button(self)
        self.earlier.setProperty("role", "arrow")
        self.earlier.clicked.connect(lambda: self.moved.emit(-1))
        self.title = label("title", self)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.later = Button(self)
        self.later.setProperty("role", "arrow")
        self.later.clicked.connect(lambda: self.moved.emit(1))
        self.kinds = Segmented([k.value for k in KINDS], self)
        self.kinds.chosen.connect(self.kind_chosen)
        self.fuels = Segmented([f.value for f in Fuel], self)
        self.fuels.chosen.connect(self.fuel_chosen)
        self.units = Segmented([u.value for u in DisplayUnit], self)
        self.units.chosen.connect(self.unit_chosen)

        self.views = QStackedWidget(self)
        self.chart_space = QWidget()
        QVBoxLayout(self.chart_space).setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 3)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # arrows move between cells; Tab leaves, as from any control
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.views.addWidget(self.chart_space)
        self.views.addWidget(self.table)
        self.views.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        words = QWidget()
        self.actions = QWidget(words)
        self.speak = Button(words)
        self.speak.clicked.connect(self.read_aloud)
        self.as_table = Button(words, checkable=True)
        self.as_table.toggled.connect(self._as_table)
        self.ahead = Button(words)  # from what was to what is coming
        self.ahead.clicked.connect(self.ahead_opened)
        self.axis = label("note", words, wrap=True)  # what the bars count, e.g. "£ each half-hour"
        self.key = ChartKey(words)
        self.tapped = label("note", words, wrap=True)
        self.summary = label("note", words, wrap=True)
        # What an everyday equivalent rests on shows beneath it on request.
        self.how = Button(words, checkable=True)
        self.how.toggled.connect(lambda on: self.basis.setVisible(on and bool(self.basis.text())))
        self.basis = label("note", words, wrap=True)
        self.basis.hide()
        self.words = words
        self._placed_for: tuple[int, bool] | None = None  # what the actions' place was decided for
        self._actions_up = False
        self._lay_out(words)

    def _lay_out(self, words: QWidget) -> None:
        gap = self._theme.profile.px(0.5)
        # Earlier, the period's name and later stay together, as one pager.
        pager = QWidget(self)
        pager.setProperty("role", "row")
        turn = QHBoxLayout(pager)
        turn.setContentsMargins(0, 0, 0, 0)
        turn.setSpacing(gap)
        turn.addWidget(self.earlier)
        turn.addWidget(self.title, 1)  # the room kept for a longer name is the name's, centred
        turn.addWidget(self.later)
        self.pager = pager
        # One flowing row: on a narrow screen or in large print, whole controls move to the next line.
        choose = FlowLayout(spacing=gap)
        choose.add(self.back_button, pager, self.kinds, self.fuels, self.units)
        self.choose = choose
        actions = FlowLayout(self.actions, spacing=gap)
        actions.add(self.speak, self.as_table, self.ahead)
        self._actions = actions

        said = QHBoxLayout()
        said.setSpacing(gap)
        said.addWidget(self.summary, 1)
        said.addWidget(self.how, 0, Qt.AlignmentFlag.AlignTop)
        self._said = said
        column = QVBoxLayout(words)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(gap)
        # The figures first: in large print the rest may need scrolling to.
        column.addLayout(said)
        column.addWidget(self.basis)
        column.addWidget(self.tapped)
        column.addWidget(self.key)
        column.addWidget(self.axis)
        column.addWidget(self.actions)
        column.addStretch(1)
        self.words_area = touch_scroll_area(words, self)
        self.words_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(gap)
        self.body.addWidget(self.views, 1)
        self.body.addWidget(self.words_area)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(gap, gap, gap, gap)
        outer.setSpacing(gap)
        outer.addLayout(choose)
        outer.addLayout(self.body, 1)

    def essentials(self) -> dict[str, QWidget]:
        """The chart with its axis, and the choice of period (see ihd.ui.layout_check)."""
        return {"chart": self.chart or self.chart_space, "period choice": self.kinds, "back": self.back_button}

    def focus_after(self, _came_from: str) -> QWidget:
        return self.back_button

    def make_chart(self) -> None:
        """The chart (pyqtgraph: only once a chart is wanted), drawn with the view it was given."""
        if self.chart is not None:
            return
        from ihd.ui.widgets.chart import BarChart

        self.chart = BarChart(self._theme, self.chart_space)
        self.chart.bar_tapped.connect(self.bar_chosen)
        self.chart.swiped.connect(self.moved)
        self.chart_space.layout().addWidget(self.chart)
        self.chart.show()  # now, not at the next turn of the loop: no frame shows an empty chart
        self._order_tabs()
        if self._view is not None:
            self._draw(self._view)

    def showEvent(self, event: QShowEvent) -> None:
        self.make_chart()
        super().showEvent(event)
        self._arrange()  # (the table's rows come with the view History shows on coming up)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.table.setRowCount(0)  # see _fill_table

    def _as_table(self, on: bool) -> None:
        self.views.setCurrentIndex(1 if on else 0)
        if self._view is not None:
            self._fill_table(self._view)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """Words beside the chart on a landscape screen, beneath it (as tall as they need, up to a
        third of the screen, scrolling beyond) on a portrait one."""
        self._place_actions()
        self._reserve_title()
        landscape = self.width() > self.height()
        self.body.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)
        if landscape:
            # a share of the width, or more where a long word makes a button wider (and its bar)
            below = self.words.isAncestorOf(self.actions)
            widest = max(b.sizeHint().width() for b in (self.ahead, self.speak, self.as_table)) if below else 0
            bar = self.words_area.verticalScrollBar().sizeHint().width()
            self.words_area.setFixedWidth(max(round(self.width() * WORDS_SHARE), widest + bar))
            # a line will do: the words scroll, and must not hold the choices' rows off the screen
            self.words_area.setMinimumHeight(self.fontMetrics().height())
            self.words_area.setMaximumHeight(ANY_SIZE)
        else:
            self.words_area.setMinimumWidth(0)
            self.words_area.setMaximumWidth(ANY_SIZE)
            inner = self.width() - 2 * self._theme.profile.px(0.5)
            need = self.words.layout().totalHeightForWidth(inner)
            self.words_area.setFixedHeight(max(0, min(need, self.height() // 3)))

    def _place_actions(self) -> None:
        """The actions on the choices' row if they fit on a line it already takes; else beneath
        the words. Paging (the period's name grows and shrinks) may only take them down, once,
        when a longer name leaves them no room; they come up again only for a new width, print,
        language or fuel choice. So they never take a line from the chart, nor move to and fro."""
        placed_for = (self.width(), self.fuels.isHidden())
        fresh = placed_for != self._placed_for
        if not fresh and not self._actions_up:
            return
        self._placed_for = placed_for
        if fresh:
            self.pager.setMinimumWidth(0)  # the actions' place first; the room kept for names after
        choices = [w.sizeHint().expandedTo(w.minimumSize()) for w in self._on_row() if w is not self.actions]
        # lines, not heights: a focused button's thicker ring must not move the row
        up = self._lines([*choices, self.actions.sizeHint()]) <= self._lines(choices)
        if up == self._actions_up:
            return
        self._actions_up = up
        column = self.words.layout()
        if up:
            column.removeWidget(self.actions)
            self.choose.add(self.actions)
        else:
            self.choose.removeWidget(self.actions)
            column.insertWidget(column.count() - 1, self.actions)  # before the stretch
        self.actions.show()
        self._order_tabs()

    def _reserve_title(self) -> None:
        """Room for the widest name paging may give this kind of period, or as much of it as takes
        no line from the chart: the arrows and the choices after the name then stay where they were."""
        natural = self.pager.sizeHint().width()  # the arrows and this name
        titles = self._view.titles if self._view is not None else ()
        wide = lambda text: self.title.fontMetrics().size(0, text).width()  # noqa: E731 - as QLabel measures
        widest = natural - wide(self.title.text()) + max(map(wide, titles), default=0)
        row = self._on_row()
        sizes = [w.sizeHint().expandedTo(w.minimumSize()) for w in row]  # measured once, not at each try
        at, height = row.index(self.pager), self.pager.sizeHint().height()
        lines = lambda width: self._lines([*sizes[:at], QSize(width, height), *sizes[at + 1:]])  # noqa: E731
        most, low, high = lines(natural), natural, max(natural, widest)
        while low < high:  # the widest that keeps the row to the lines it takes now
            middle = (low + high + 1) // 2
            low, high = (middle, high) if lines(middle) <= most else (low, middle - 1)
        self.pager.setMinimumWidth(low if low > natural else 0)

    def _on_row(self) -> list[QWidget]:
        """What is on the choices' row now, in its order."""
        items = (self.choose.itemAt(i).widget() for i in range(self.choose.count()))
        return [w for w in items if not w.isHidden()]

    def _lines(self, sizes: list[QSize]) -> int:
        gap = self._theme.profile.px(0.5)
        return line_count(sizes, self.width() - 2 * gap, gap)

    def _order_tabs(self) -> None:
        """Tab in reading order: the choices, then the actions before the chart when they share the
        choices' row, after it (with the words) when they do not."""
        actions = [self.speak, self.as_table, self.ahead]
        chart = [self.chart] if self.chart is not None else []
        chain = [self.units, *(actions + chart if self._actions_up else chart + actions)]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._placed_for = None
        if self.chart is not None:
            self.chart.set_theme(theme)
        gap = theme.profile.px(0.5)
        for layout in (self.layout(), self.body, self.words.layout(), self.choose, self.pager.layout(),
                       self._actions, self._said):
            layout.setSpacing(gap)
        self.layout().setContentsMargins(gap, gap, gap, gap)
        self._arrange()

    def retranslate(self, fmt: Formatter) -> None:
        self._placed_for = None
        _ = fmt._
        rtl = bool(getattr(fmt, "rtl", False))
        self.back_button.set_label(_("Back"), _("Back to the home screen"))
        self.speak.set_label(_("Read aloud"), _("Read what the chart shows aloud"))
        self.kinds.set_labels({
            PeriodKind.DAY.value: (_("Day"), _("Show a day, by half hour")),
            PeriodKind.WEEK.value: (_("Week"), _("Show a week, by day")),
            PeriodKind.MONTH.value: (_("Month"), _("Show a month, by day")),
            PeriodKind.YEAR.value: (_("Year"), _("Show a year, by month")),
        })
        self.fuels.set_labels({Fuel.ELECTRICITY.value: (_("Electricity"), _("Show electricity")),
                               Fuel.GAS.value: (_("Gas"), _("Show gas"))})
        self.units.set_labels({
            DisplayUnit.ENERGY.value: (_("kWh"), _("Show energy in kilowatt hours")),
            DisplayUnit.MONEY.value: (_("£ and p"), _("Show cost in pounds and pence")),
            DisplayUnit.CARBON.value: (_("CO2e"), _("Show carbon in kilograms of CO2 equivalent")),
        })
        self.how.set_label("?", _("How is this worked out?"))
        # Arrows point the way the pages turn: earlier is on the right in a right-to-left language.
        self.earlier.set_label("▶" if rtl else "◀", _("Show the period before"))
        self.later.set_label("◀" if rtl else "▶", _("Show the period after"))
        self.as_table.set_label(_("Table"), _("Show the figures as a table"))
        self.ahead.set_label(_("Next 24 hours"), _("The next 24 hours: when electricity is cheapest and greenest"))
        self.words_area.setAccessibleName(_("History"))
        self.table.setHorizontalHeaderLabels([_("When"), _("Use"), _("The period before")])

    def show_view(self, view: HistoryView, kind: PeriodKind, gas_shown: bool) -> None:
        self._view = view
        self.title.setText(view.title)
        self.axis.setText(view.axis_caption)
        self.key.set_names(view.title, view.previous_name)
        self.kinds.set_chosen(kind.value)
        self.fuels.set_chosen(view.fuel.value)
        self.fuels.setVisible(gas_shown)
        self.units.set_chosen(view.unit.value)
        self.later.setEnabled(view.has_later)
        first = " · ".join(p for p in (view.total, view.comparison) if p)
        self.summary.setText("\n".join(p for p in (first, view.extra) if p))
        self.how.setVisible(bool(view.basis))
        self.basis.setText(view.basis)
        self.basis.setVisible(bool(view.basis) and self.how.isChecked())
        self.tapped.clear()
        self.tapped.hide()
        self._fill_table(view)
        self._draw(view)
        self._arrange()
        fit_height(self.words)

    def release(self) -> None:
        if self.chart is not None:
            self.chart.release()

    def show_tapped(self, index: int) -> str:
        """Say what the tapped bar holds; returns the words (for speech and screen readers)."""
        if self._view is None or not 0 <= index < len(self._view.bars):
            return ""
        bar = self._view.bars[index]
        self.tapped.setText(f"{bar.when}: {bar.text}")
        self.tapped.show()
        return bar.spoken

    def _draw(self, view: HistoryView) -> None:
        if self.chart is None:
            return
        least = PENNY if view.unit is DisplayUnit.MONEY else 0.0
        self.chart.show_bars(view.bars, view.tick_label, least)
        self.chart.setAccessibleName(view.chart_name)
        self.chart.setAccessibleDescription(view.summary)

    def _fill_table(self, view: HistoryView) -> None:
        """Rows only while the table is on show: a hidden table's cells still tell a screen reader
        they are showing, and would be met as ghost rows from any other screen."""
        self.table.setAccessibleName(view.table_name)
        self.table.setAccessibleDescription(view.summary)
        if not (self.as_table.isChecked() and self.isVisible()):
            self.table.setRowCount(0)
            return
        self.table.setRowCount(len(view.bars))
        for row, bar in enumerate(view.bars):
            cells = (bar.when, bar.text, bar.previous_text)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
