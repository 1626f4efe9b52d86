"""History: a day by half-hour, a week or month by day, a year by month, beside the period before.

The chart (pyqtgraph) is made the first time the screen is shown. Everything it shows is also
a table a screen-reader user can step through, and its summary is the chart's description.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from ihd.ui.widgets.choices import Choices
from ihd.ui.widgets.flow import FlowLayout
from ihd.ui.widgets.labels import label
from ihd.ui.widgets.scroll import touch_scroll_area

if TYPE_CHECKING:
    from ihd.ui.widgets.chart import BarChart

KINDS = (PeriodKind.DAY, PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.YEAR)


class HistoryScreen(QWidget):
    back = Signal()
    read_aloud = Signal()
    kind_chosen = Signal(str)
    fuel_chosen = Signal(str)
    unit_chosen = Signal(str)
    moved = Signal(int)  # -1 earlier, +1 later
    bar_chosen = Signal(int)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._view: HistoryView | None = None
        self.chart: BarChart | None = None
        self.back_button = Button(self)
        self.back_button.clicked.connect(self.back)
        self.title = label("title", self)
        self.speak = Button(self)
        self.speak.clicked.connect(self.read_aloud)

        body = QWidget()
        self.kinds = Choices([k.value for k in KINDS], columns=4, parent=body)
        self.kinds.chosen.connect(self.kind_chosen)
        self.fuels = Choices([f.value for f in Fuel], columns=2, parent=body)
        self.fuels.chosen.connect(self.fuel_chosen)
        self.axis = label("note", self, wrap=True)  # what the bars count, e.g. "kWh each half-hour"
        self.views = QStackedWidget(body)
        self.table = QTableWidget(0, 3, body)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        # The table scrolls within the chart's room rather than asking for a room of its own.
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.chart_space = QWidget()
        QVBoxLayout(self.chart_space).setContentsMargins(0, 0, 0, 0)
        self.views.addWidget(self.chart_space)
        self.views.addWidget(self.table)
        self.tapped = label("note", body, wrap=True)
        self.summary = label("note", body, wrap=True)
        # What an everyday equivalent rests on shows beneath it on request.
        self.how = Button(body, checkable=True)
        self.how.toggled.connect(lambda on: self.basis.setVisible(on and bool(self.basis.text())))
        self.basis = label("note", body, wrap=True)
        self.basis.hide()
        self.earlier, self.later = Button(self), Button(self)
        self.earlier.clicked.connect(lambda: self.moved.emit(-1))
        self.later.clicked.connect(lambda: self.moved.emit(1))
        self.as_table = Button(body, checkable=True)
        self.as_table.toggled.connect(lambda on: self.views.setCurrentIndex(1 if on else 0))
        self.units = Choices([u.value for u in DisplayUnit], columns=3, parent=body)
        self.units.chosen.connect(self.unit_chosen)

        gap = self.fontMetrics().height() // 2
        choose = FlowLayout(spacing=gap)
        choose.add(self.kinds, self.fuels)
        said = QHBoxLayout()
        said.setSpacing(gap)
        said.addWidget(self.summary, 1)
        said.addWidget(self.how, 0, Qt.AlignmentFlag.AlignTop)
        show = FlowLayout(spacing=gap)
        show.add(self.as_table, self.units)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(gap)
        column.addLayout(choose)
        column.addWidget(self.views, 1)
        column.addWidget(self.tapped)
        column.addLayout(said)
        column.addWidget(self.basis)
        column.addLayout(show)
        # The buttons wrap onto a second line when long words or large print need it.
        top = FlowLayout(spacing=gap)
        top.add(self.back_button, self.earlier, self.later, self.speak)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(gap, gap, gap, gap)
        outer.setSpacing(gap)
        heading = QHBoxLayout()  # "Today  £ each half-hour": what the chart is, on one line
        heading.setSpacing(gap)
        heading.addWidget(self.title)
        heading.addWidget(self.axis, 1)
        outer.addLayout(top)
        outer.addLayout(heading)
        self.scroll = touch_scroll_area(body, self)
        outer.addWidget(self.scroll, 1)
        QWidget.setTabOrder(self.back_button, self.earlier)
        QWidget.setTabOrder(self.earlier, self.later)
        QWidget.setTabOrder(self.later, self.speak)

    def focus_after(self, _came_from: str) -> QWidget:
        return self.back_button

    def showEvent(self, event: QShowEvent) -> None:
        if self.chart is None:
            from ihd.ui.widgets.chart import BarChart  # pyqtgraph: only once a chart is wanted

            self.chart = BarChart(self._theme, self.chart_space)
            self.chart.bar_tapped.connect(self.bar_chosen)
            self.chart.swiped.connect(self.moved)
            self.chart_space.layout().addWidget(self.chart)
            if self._view is not None:
                self._draw(self._view)
        super().showEvent(event)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        if self.chart is not None:
            self.chart.set_theme(theme)

    def retranslate(self, fmt: Formatter) -> None:
        _ = fmt._
        self.back_button.set_label(_("Back"), _("Back to the home screen"))
        self.speak.set_label(_("Read aloud"))
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
        self.earlier.set_label(_("Earlier"), _("Show the period before"))
        self.later.set_label(_("Later"), _("Show the period after"))
        self.as_table.set_label(_("Table"), _("Show the figures as a table"))
        self.scroll.setAccessibleName(_("History"))
        self.table.setHorizontalHeaderLabels([_("When"), _("Use"), _("The period before")])

    def show_view(self, view: HistoryView, kind: PeriodKind, gas_shown: bool) -> None:
        self._view = view
        self.title.setText(view.title)
        self.axis.setText(view.axis_caption)
        self.kinds.set_chosen(kind.value)
        self.fuels.set_chosen(view.fuel.value)
        self.fuels.buttons[Fuel.GAS.value].setVisible(gas_shown)
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
        self.chart.show_bars(view.bars)
        self.chart.setAccessibleName(view.title)
        self.chart.setAccessibleDescription(view.summary)

    def _fill_table(self, view: HistoryView) -> None:
        self.table.setRowCount(len(view.bars))
        for row, bar in enumerate(view.bars):
            cells = (bar.when, bar.text, bar.previous_text)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.setAccessibleName(view.title)
        self.table.setAccessibleDescription(view.summary)
