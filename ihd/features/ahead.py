"""The next 24 hours: when electricity will be cheapest and greenest, from what the display knows
of prices (a dynamic tariff's half-hours, a banded tariff, a single rate) and of the grid's carbon
forecast, with the best time for the household's common jobs."""

from __future__ import annotations

from collections.abc import Callable

from ihd.core.ahead import half_hours
from ihd.core.ahead_view import PRICE, AheadView, AheadViewModel
from ihd.core.feeds_status import FeedsStatus
from ihd.core.pricing import Pricer
from ihd.core.units import Fuel
from ihd.features.shared import Shared
from ihd.i18n import I18n


class Ahead:
    def __init__(self, shared: Shared, pricer: Callable[[], Pricer], feeds: Callable[[], FeedsStatus | None],
                 say: Callable[[str], None]) -> None:
        """`pricer` holds the prices and forecasts the bridge sent, `feeds` how ihd-feeds stands;
        `say` speaks."""
        self.s = shared
        self._pricer, self._feeds, self._say = pricer, feeds, say
        self.vm = AheadViewModel(shared.i18n, shared.tz, shared.config.ahead.jobs())
        self.shown = PRICE
        shared.window.add_screen("ahead", self._build)
        shared.window.screen_shown.connect(lambda name: self.refresh() if name == "ahead" else None)
        shared.retranslated.connect(self._retranslate)
        shared.themed.connect(self._themed)

    def _build(self) -> object:
        from ihd.ui.screens.ahead import AheadScreen

        screen = AheadScreen(self.s.theme)
        screen.back.connect(lambda: self.s.show("history" if screen.back_to_history else "home"))
        screen.read_aloud.connect(lambda: self._say(self.view().summary))
        screen.shown_chosen.connect(self.choose)
        screen.bar_chosen.connect(self._bar_chosen)
        screen.retranslate(self.s.i18n)
        return screen

    @property
    def screen(self):  # type: ignore[no-untyped-def]
        return self.s.window.screen("ahead")

    def view(self) -> AheadView:
        pricer = self._pricer()
        slots = half_hours(lambda start: pricer.import_rate(Fuel.ELECTRICITY, start), pricer.intensity,
                           self.s.clock.now())
        return self.vm.build(slots, self.shown, self._feeds())

    def refresh(self) -> None:
        """On opening, on a new price or forecast, and each half-hour as "now" moves on."""
        if self.s.current == "ahead":
            self.screen.show_view(self.view())

    def choose(self, shown: str) -> None:
        self.shown = shown
        self.refresh()

    def _bar_chosen(self, index: int) -> None:
        from ihd.ui.a11y import announce

        if words := self.screen.show_tapped(index):
            announce(self.screen, words)

    def _retranslate(self, i18n: I18n) -> None:
        self.vm.fmt = i18n
        if (screen := self.s.window.built("ahead")) is not None:
            screen.retranslate(i18n)  # type: ignore[attr-defined]
        self.refresh()

    def _themed(self, theme: object) -> None:
        if (screen := self.s.window.built("ahead")) is not None:
            screen.set_theme(theme)  # type: ignore[attr-defined]

    def stop(self) -> None:
        if (screen := self.s.window.built("ahead")) is not None:
            screen.release()  # type: ignore[attr-defined]
