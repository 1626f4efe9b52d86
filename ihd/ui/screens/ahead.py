"""The next 24 hours: the price or the grid's carbon of each half-hour ahead as bars, "now" first,
and beside (or under) them the price now and the best time for each common job, in words.

Landscape puts the words beside the chart; portrait puts them under it. The chart
is built the first time the screen is shown (pyqtgraph is imported then, not at start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from ihd.core.ahead_view import CARBON, PRICE, AheadView
from ihd.core.formatting import Formatter
from ihd.ui.theme import Theme
from ihd.ui.widgets.button import Button
from ihd.ui.widgets.labels import label
from ihd.ui.widgets.scroll import touch_scroll_area
from ihd.ui.widgets.segmented import Segmented

if TYPE_CHECKING:
    from ihd.ui.widgets.chart import BarChart


class AheadScreen(QWidget):
    back = Signal()
    read_aloud = Signal()
    shown_chosen = Signal(str)  # PRICE or CARBON
    bar_chosen = Signal(int)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._view: AheadView | None = None
        self._fmt: Formatter | None = None
        self.back_to_history = False
        self.chart: BarChart | None = None
        self.back_button = Button(self)
        self.back_button.clicked.connect(self.back)
        self.title = label("title", self, wrap=True)
        self.speak = Button(self)
        self.speak.clicked.connect(self.read_aloud)
        self.measures = Segmented([PRICE, CARBON], self)
        self.measures.chosen.connect(self.shown_chosen)
        self.chart_space = QWidget(self)
        QVBoxLayout(self.chart_space).setContentsMargins(0, 0, 0, 0)
        self.axis = label("note", self, wrap=True)
        words = QWidget()
        column = QVBoxLayout(words)
        column.setContentsMargins(0, 0, 0, 0)
        self.now = label("heading", words, wrap=True)
        self.jobs = label("", words, wrap=True)
        self.tapped = label("note", words, wrap=True)
        self.note = label("note", words, wrap=True)
        for widget in (self.now, self.jobs, self.tapped, self.note):
            column.addWidget(widget)
        column.addStretch(1)
        self.scroll = touch_scroll_area(words, self)
        self._words = words
        gap = theme.profile.px(0.5)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        top.addWidget(self.speak)
        chart_side = QVBoxLayout()
        chart_side.addWidget(self.measures)
        chart_side.addWidget(self.chart_space, 1)
        chart_side.addWidget(self.axis)
        self._body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._body.setSpacing(gap)
        self._body.addLayout(chart_side, 3)
        self._body.addWidget(self.scroll, 2)
        # The window's width is the panel's: this screen never holds it wider (it turns its words
        # under the chart when narrow), which a minimum width of the side-by-side layout would.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(gap, gap, gap, gap)
        outer.setSpacing(gap)
        outer.addLayout(top)
        outer.addLayout(self._body, 1)

    def essentials(self) -> dict[str, QWidget]:
        return {"back": self.back_button, "title": self.title, "chart": self.chart or self.chart_space,
                "price now": self.now}

    def focus_after(self, came_from: str) -> QWidget:
        """Back, which returns to History when the next 24 hours were opened there (History keeps
        the period the household was looking at); named so before the focus lands on it."""
        self.back_to_history = came_from == "history"
        self._label_back()
        return self.back_button

    def release(self) -> None:
        if self.chart is not None:
            self.chart.release()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        if self.chart is not None:
            self.chart.set_theme(theme)
        self._arrange()

    def _label_back(self) -> None:
        if self._fmt is not None:
            _ = self._fmt._
            self.back_button.set_label(_("Back"), _("Back to History") if self.back_to_history
                                       else _("Back to the home screen"))

    def retranslate(self, fmt: Formatter) -> None:
        _ = fmt._
        self._fmt = fmt
        self._label_back()
        self.speak.set_label(_("Read aloud"), _("Read the next 24 hours aloud"))
        self.measures.set_labels({PRICE: (_("Price"), _("Show the price of each half-hour")),
                                  CARBON: (_("Carbon"), _("Show the grid's carbon forecast"))})
        self.measures.setAccessibleName(_("Show price or carbon"))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.chart is None:
            from ihd.ui.widgets.chart import BarChart  # pyqtgraph: only once a chart is wanted

            self.chart = BarChart(self._theme, self.chart_space)
            self.chart.bar_tapped.connect(self.bar_chosen)
            self.chart_space.layout().addWidget(self.chart)
            QWidget.setTabOrder(self.measures, self.chart)
            if self._view is not None:
                self._draw(self._view)
        self._arrange()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """Words beside the chart on a landscape screen (there is no height for both), under it on
        a portrait one."""
        wide = self.width() > self.height()
        want = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self._body.direction() != want:
            self._body.setDirection(want)
            self._fit_words()

    def _fit_words(self) -> None:
        """Beside the chart, the words' longest word sets how narrow their column may be (the
        chart gives way to it); under it, they have the width."""
        beside = self._body.direction() == QBoxLayout.Direction.LeftToRight
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        self.scroll.setMinimumWidth(self._words.minimumSizeHint().width() + bar if beside else 0)

    def show_view(self, view: AheadView) -> None:
        self._view = view
        self.title.setText(view.title)
        self.measures.set_chosen(view.shown)
        self.axis.setText(view.axis_caption)
        self.now.setText(view.now)
        self.jobs.setText("\n".join(view.jobs))
        self.note.setText(view.note)
        self.note.setVisible(bool(view.note))
        self.scroll.setAccessibleName(view.title)
        self._fit_words()
        if self.chart is not None:
            self._draw(view)

    def _draw(self, view: AheadView) -> None:
        assert self.chart is not None
        self.chart.show_bars(view.bars, view.tick_label)
        self.chart.setAccessibleName(view.axis_caption)
        self.chart.setAccessibleDescription(view.summary)

    def show_tapped(self, index: int) -> str:
        if self._view is None or not 0 <= index < len(self._view.bars):
            return ""
        bar = self._view.bars[index]
        self.tapped.setText(bar.spoken)
        return bar.spoken
