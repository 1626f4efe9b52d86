"""Browsing the history: a day, week, month (or billing period) or year at a time, for each fuel,
in kWh, money or CO2e, against the period before; the chart drawn when the screen is first opened."""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable

from ihd.core.history_view import HistoryView, HistoryViewModel
from ihd.core.periods import PeriodKind
from ihd.core.units import DisplayUnit, Fuel
from ihd.features.shared import Shared
from ihd.i18n import I18n

log = logging.getLogger(__name__)
CHART_LIBRARIES = ("numpy", "pyqtgraph")  # half a second to import on a Pi-class machine


class History:
    def __init__(self, shared: Shared, shown_unit: Callable[[], DisplayUnit],
                 offered_units: Callable[[], list[str]], set_unit: Callable[[DisplayUnit], None],
                 say: Callable[[str], None]) -> None:
        self.s = shared
        self._shown_unit, self._offered, self._set_unit, self._say = shown_unit, offered_units, set_unit, say
        self.vm: HistoryViewModel | None = None
        self.kind = PeriodKind.DAY
        self.offset = 0
        self.fuel = Fuel.ELECTRICITY
        self._warming: threading.Thread | None = None
        self._unseen = True  # may be made ready out of sight (not once the display is wiped)
        shared.window.add_screen("history", self._build)
        shared.window.screen_shown.connect(lambda name: self.refresh() if name == "history" else None)
        shared.retranslated.connect(self._retranslate)
        shared.themed.connect(self._themed)
        shared.guest_changed.connect(self._guest_changed)
        shared.wiped.connect(self._wiped)

    def _build(self) -> object:
        from ihd.ui.screens.history import HistoryScreen

        screen = HistoryScreen(self.s.theme)
        screen.back.connect(lambda: self.s.show("home"))
        screen.read_aloud.connect(lambda: self._say(self.view().summary))
        screen.kind_chosen.connect(lambda kind: self.browse(kind=PeriodKind(kind), offset=0))
        screen.fuel_chosen.connect(lambda fuel: self.browse(fuel=Fuel(fuel)))
        screen.unit_chosen.connect(lambda unit: self._set_unit(DisplayUnit(unit)))
        screen.moved.connect(lambda step: self.browse(offset=min(0, self.offset + step)))
        screen.bar_chosen.connect(self._bar_chosen)
        screen.ahead_opened.connect(lambda: self.s.show("ahead"))
        screen.retranslate(self.s.i18n)
        screen.units.set_offered(self._offered())
        return screen

    def _built(self):  # type: ignore[no-untyped-def]
        return self.s.window.built("history")

    @property
    def screen(self):  # type: ignore[no-untyped-def]
        return self.s.window.screen("history")

    def view(self) -> HistoryView:
        cfg = self.s.config.history
        if self.vm is None:
            self.vm = HistoryViewModel(self.s.i18n, self.s.tz, self.s.reader(), cfg.billing_day)
        kind = self.kind
        if kind is PeriodKind.MONTH and cfg.billing_day != 1:
            kind = PeriodKind.BILLING
        return self.vm.build(kind, self.offset, self.fuel, self._shown_unit(), self.s.clock.now())

    def refresh(self) -> None:
        if self.s.current == "history":
            self.screen.show_view(self.view(), self.kind, self.s.config.gas.enabled)

    def browse(self, *, kind: PeriodKind | None = None, offset: int | None = None,
               fuel: Fuel | None = None) -> None:
        self.kind = kind or self.kind
        self.offset = self.offset if offset is None else offset
        self.fuel = fuel or self.fuel
        self.refresh()

    def _bar_chosen(self, index: int) -> None:
        from ihd.ui.a11y import announce

        words = self.screen.show_tapped(index)
        if words:
            announce(self.screen, words)

    def _retranslate(self, i18n: I18n) -> None:
        if self.vm is not None:
            self.vm.fmt = i18n
        if (screen := self._built()) is not None:
            screen.retranslate(i18n)
        self.refresh()

    def _themed(self, theme: object) -> None:
        if (screen := self._built()) is not None:
            screen.set_theme(theme)

    def _guest_changed(self) -> None:
        if (screen := self._built()) is not None:
            screen.units.set_offered(self._offered())
        self.refresh()

    def _wiped(self) -> None:
        self.vm = None  # its reader went with the history file
        self._unseen = False  # a preparation still to come would read the file the wipe is removing

    def warm_up(self) -> None:
        """Once the home screen is up: the chart's libraries imported off the GUI thread, then the
        screen built and drawn out of sight (on the GUI thread, once they are in), so that the
        first tap on History paints as quickly as every later one. Called at each tick."""
        if self._warming is None:
            self._warming = threading.Thread(target=_import_chart_libraries, args=(self._imported,),
                                             name="ihd-chart-imports", daemon=True)
            self._warming.start()

    def _imported(self) -> None:
        self.s.post(self._prepare)

    def _prepare(self) -> None:
        if not self._unseen or self._built() is not None or self.s.current == "history":
            return  # wiped since, or a tap was quicker and built the screen itself
        screen = self.screen
        screen.resize(self.s.window.stack.size())
        screen.make_chart()
        try:
            screen.show_view(self.view(), self.kind, self.s.config.gas.enabled)
        except Exception as error:  # the history unreadable now: the tap tries again, and says so
            log.warning("could not make History ready ahead of a tap: %s", error)

    def stop(self) -> None:
        if self._warming is not None:
            self._warming.join(10)
        if (screen := self._built()) is not None:
            screen.release()


def _import_chart_libraries(then: Callable[[], None]) -> None:
    for name in CHART_LIBRARIES:
        try:
            importlib.import_module(name)
        except Exception as error:  # found again, and said, when the chart is built
            log.warning("could not import %s ahead of the chart: %s", name, error)
            return
    then()
