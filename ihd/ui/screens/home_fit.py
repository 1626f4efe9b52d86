"""How the home screen fits its lines to the screen, so that the figures never need scrolling to.

- The unit switch, History and Settings along the bottom on one line; what does not fit there
  goes up beside Read aloud (a second line along the bottom would take the figures' height).
- The status line beside the buttons on top while it fits there in two lines; else above them.
- Every line where that needs no scrolling; else, first, the band's word goes up beside Read
  aloud (its reason is on the glance view it opens), then the standing charge's own line (the
  day's total, which counts it, stays), and then the panels' secondary lines go to the detail
  views. One fuel at a time (large print, landscape) has the band's word in the
  panel's heading, beside the turn to the other fuel, and sheds the secondary lines only where
  they do not fit.
- The at-a-glance line, the pair of bars and the last hour's trend only where they still leave
  all that in sight.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ihd.ui.screens.home import HomeScreen

# What the home screen leaves to other views where it is short of room, step by step.
# Nothing; the band's reason; the standing charge's own line too; the panels' secondary lines too.
SHED_NONE, SHED_REASON, SHED_STANDING, SHED_ALL = 0, 1, 2, 3


class HomeFitting:
    """Mixed into the home screen, whose widgets and layouts these are."""

    def _fit(self: HomeScreen, width: int) -> None:
        self._place_bottom()
        shed, fits = SHED_ALL, False
        for shed in range(SHED_NONE if not self._single else SHED_REASON, SHED_ALL + 1):
            self._place_band(shed)  # each measured in turn: the first that needs no scrolling
            self._fit_top(width, scrolling=False)
            fits = self._fits_whole()
            if fits:
                break
        self._shed = shed
        # Qt keeps a scroll bar while the content, narrowed by it, is too tall: where it fits
        # without one, there is none.
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff if fits
                                               else Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        if not fits:
            self._fit_top(width, scrolling=True)
        self._show_glance()

    def _place_bottom(self: HomeScreen) -> None:
        margins = self.layout().contentsMargins()
        room = self.width() - margins.left() - margins.right()
        gap = self._bottom.spacing()
        width, up = self.units.sizeHint().width(), []
        for button in (self.history, self.settings):
            width += gap + button.sizeHint().width()
            if up or width > room:
                up.append(button)
        top = self.actions.layout()
        if [b for b in (self.history, self.settings) if top.indexOf(b) >= 0] == up:
            return
        for button in (self.history, self.settings):
            self._bottom.removeWidget(button)  # (Qt warns of a widget moved while still laid out)
            top.removeWidget(button)
        for button in (self.history, self.settings):
            (top if button in up else self._bottom).add(button)
            button.show()  # now, not when Qt's queued show after the move comes: it is measured next

    def _place_band(self: HomeScreen, shed: int) -> None:
        """On a line of its own with its reason; else its word beside Read aloud; one fuel at a
        time, its word in the panel's heading with the turn to the other fuel."""
        if self._single:
            shed = max(shed, SHED_REASON)  # the word sits in a heading: no room for why there
        single = self._single and self.electricity.offered and self.gas.offered
        shown = self.gas if single and self._showing_gas else self.electricity
        home = shown.heading if single else self.actions.layout() if shed > SHED_NONE else self._inside
        for panel in (self.electricity, self.gas):
            panel.set_brief(shed == SHED_ALL, total_only=shed == SHED_STANDING)
        self.band.reason.setVisible(shed == SHED_NONE)
        if home.indexOf(self.band) >= 0:
            return
        focused = self.band.hasFocus()
        for layout in (self._inside, self.actions.layout(), self.electricity.heading, self.gas.heading):
            layout.removeWidget(self.band)
            if single:
                layout.removeWidget(self.other_fuel)
        if single:
            shown.hold(self.band, self.other_fuel)
        elif shed > SHED_NONE:
            self.actions.layout().add(self.band)  # last, as Tab reaches it
        else:
            self._inside.insertWidget(self._inside.indexOf(self.wipe_box) + 1, self.band)
        self.band.show()  # (moved: shown now, to be measured now)
        if focused:
            self.band.setFocus()

    def _fits_whole(self: HomeScreen) -> bool:
        """Whether the content, without the at-a-glance line, the pair and the trend, needs no scrolling (at
        the width it has without a scroll bar: were it to fit, there would be none)."""
        inner = self._unscrolled_width()
        if inner <= 0:
            return True
        for part in (self.actions, self.electricity, self.gas, self.band):
            # Their lines were just shown or hidden, their words changed (a new language's buttons
            # leave the status line another width): their sizes now, inner widgets first, not
            # at the next pass. (The content's own layout is left to that pass: activating it
            # would resize the content, and the scroll bar would come and go with each try.)
            for widget in reversed([part, *part.findChildren(QWidget)]):
                if widget.layout() is not None:
                    widget.layout().activate()
        column = self.scroll.widget().layout()
        for layout in (self._panels, column):  # and the heights they remember, as of a step before
            for i in range(layout.count()):
                layout.itemAt(i).invalidate()
            layout.invalidate()
        extras = sum(self._line(w, inner) for w in (self.at_a_glance, self.pair, self.trend) if w.isVisibleTo(self))
        return column.totalHeightForWidth(inner) - extras <= self.scroll.viewport().height()

    def _unscrolled_width(self: HomeScreen) -> int:
        bar = self.scroll.verticalScrollBar()
        return self.scroll.viewport().width() + (bar.width() if bar.isVisible() else 0)

    def _line(self: HomeScreen, widget: QWidget, inner: int) -> int:
        """The height a line of the content takes, with the gap after it."""
        wanted = widget.heightForWidth(inner) if widget.hasHeightForWidth() else widget.sizeHint().height()
        return max(wanted, widget.minimumSizeHint().height()) + self.scroll.widget().layout().spacing()

    def _fit_top(self: HomeScreen, width: int, scrolling: bool) -> None:
        """The status line sits beside the buttons while it fits there in two lines; else above."""
        margins = self.layout().contentsMargins()
        inner = width - margins.left() - margins.right()
        if scrolling:  # the bar takes its width from the line
            inner -= self.scroll.verticalScrollBar().width()
        gap = self._top.spacing()
        flow = self.actions.layout()
        buttons = [w for i in range(flow.count()) if not (w := flow.itemAt(i).widget()).isHidden()]
        beside = inner - sum(b.sizeHint().width() for b in buttons) - (len(buttons) + 1) * gap
        # beside the buttons while that is no taller than the line above them would make it
        row = max((b.sizeHint().height() for b in buttons), default=0)
        stacked = beside <= 0 or self._link_height(beside) > max(self._link_height(inner) + gap + row,
                                                                  2 * self.link.fontMetrics().lineSpacing() + 2)
        self._arrange_top(stacked)
        # A wrapped label gets the height its words need at its width (Qt would give it one line).
        self.link.setMinimumHeight(self._link_height(inner if stacked else beside))
        self.actions.setMinimumHeight(flow.heightForWidth(inner if stacked else flow.sizeHint().width()))

    def _link_height(self: HomeScreen, width: int) -> int:
        """Measured afresh from the label's current font (QLabel caches its own layout), and no
        less than the label asks of the layout (its padding counts against it there)."""
        m = self.link.contentsMargins()
        room = QRect(0, 0, max(width - m.left() - m.right(), 1), 10_000)
        flags = Qt.TextFlag.TextWordWrap
        height = self.link.fontMetrics().boundingRect(room, flags, self.link.text()).height()
        self.link.setMinimumHeight(0)  # (else that minimum is its answer)
        return max(height + m.top() + m.bottom(), self.link.heightForWidth(width))

    def _arrange_top(self: HomeScreen, stacked: bool) -> None:
        if stacked == self._stacked_top:
            return
        self._stacked_top = stacked
        for widget in (self.link, self.actions):
            self._top.removeWidget(widget)
        self._top.addWidget(self.link, 0, 0)
        self._top.addWidget(self.actions, 1 if stacked else 0, 0 if stacked else 1)

    def _show_glance(self: HomeScreen) -> None:
        """In turn, each while it leaves the figures and the way to top up in sight: the
        at-a-glance line, the pair of bars (portrait), the last hour's trend. None with one fuel
        at a time (large print, landscape)."""
        portrait = self.height() > self.width()
        glance = bool(self.at_a_glance.text())
        wanted = ((self.at_a_glance, glance), (self.pair, glance and portrait and self._pair_wanted),
                  (self.trend, self._trend_wanted))
        for i, (widget, want) in enumerate(wanted):
            later = [w for w, _want in wanted[i + 1:]]
            shown = want and not self._single and self._fits(widget, later)
            if shown != widget.isVisibleTo(self):
                widget.setVisible(shown)
                self.scroll.widget().layout().activate()  # close (or open) its line now, not at the next pass

    def _fits(self: HomeScreen, widget: QWidget, later: list[QWidget]) -> bool:
        """Whether the content, with `widget` in it but not those `later`, needs no scrolling."""
        inner = self._unscrolled_width()
        if inner <= 0:
            return True
        line = self._line(widget, inner)
        need = self.scroll.widget().layout().totalHeightForWidth(inner) - sum(
            self._line(w, inner) for w in (widget, *later) if w.isVisibleTo(self))
        return need + line <= self.scroll.viewport().height()
