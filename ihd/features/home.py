"""The live figures and the home screen: readings drained from the bridge into the live model (and
on to the history), today's totals from the history, the link's state, and the home screen shown
at most ten times a second, with what changed announced and, if wanted, spoken."""

from __future__ import annotations

from collections.abc import Callable
from time import perf_counter as time_now
from typing import TYPE_CHECKING

from ihd.core.account_view import AccountView
from ihd.core.ambient_view import AmbientView
from ihd.core.announcements import announcements, summary
from ihd.core.ledger import DayFigures
from ihd.core.link import Link, LinkState
from ihd.core.live import Freshness, LiveModel, LiveSnapshot
from ihd.core.prepayment import CommandResponse
from ihd.core.readings import BackfillReading, IntensityReading, PriceReading, RegisterReading, TariffReading
from ihd.core.speech import SpeechPolicy
from ihd.core.units import Direction, DisplayUnit, Fuel
from ihd.core.viewmodels import Glance, HomeView, HomeViewModel
from ihd.features.shared import Event, Shared
from ihd.han.feed import Feed
from ihd.i18n import I18n

if TYPE_CHECKING:
    from datetime import datetime

REFRESH_GAP_S = 0.1  # readings are shown at most ten times a second
HISTORY_READINGS = (RegisterReading, TariffReading, PriceReading, IntensityReading, BackfillReading)


class HomeParts:
    """What the home view shows of other features, as their functions."""

    def __init__(self, ambient: Callable[[LiveSnapshot], AmbientView],
                 account: Callable[[LiveSnapshot], AccountView | None], glance: Callable[[datetime], Glance],
                 unit: Callable[[], DisplayUnit], offered: Callable[[], list[str]], guest: Callable[[], bool],
                 wipe_notice: Callable[[], str], shown: Callable[[HomeView], None]) -> None:
        self.ambient, self.account, self.glance = ambient, account, glance
        self.unit, self.offered, self.guest, self.wipe_notice, self.shown = unit, offered, guest, wipe_notice, shown


class Home:
    def __init__(self, shared: Shared, make_live: Callable[[], LiveModel], feed: Feed, speech: SpeechPolicy,
                 say: Callable[[str], None], link: Link) -> None:
        """`make_live` a new live model (again after the wipe); `speech` decides which changes are
        spoken, `say` speaks."""
        self.s = shared
        self._make_live = make_live
        self.live = make_live()
        self.feed = feed
        self._speech, self._say = speech, say
        self.link = link
        self.vm = HomeViewModel(shared.i18n, shared.tz, shared.config.gas.enabled)
        self.parts: HomeParts | None = None  # given once every feature exists (see `use`)
        self.history_problem = ""
        self.responses, self.for_history = Event(), Event()  # command responses; readings to record
        self.link_changed = Event()
        self.today_moved = Event()  # the history has moved on
        self._shown: HomeView | None = None
        self._refresh_due, self._refreshed_at = False, 0.0
        self._history_stale = False
        shared.window.add_screen("home", self._build)
        shared.retranslated.connect(self._retranslate)
        shared.themed.connect(lambda theme: self.screen.set_theme(theme))
        shared.guest_changed.connect(self._guest_changed)
        shared.wiped.connect(self._wiped)

    def use(self, parts: HomeParts) -> None:
        self.parts = parts

    def _build(self) -> object:
        from ihd.ui.screens.home import HomeScreen

        screen = HomeScreen(self.s.theme, demo=self.s.demo)
        screen.read_aloud.connect(self.read_aloud)
        screen.history_opened.connect(lambda: self.s.show("history"))
        screen.glance_opened.connect(lambda: self.s.show("glance"))
        return screen

    @property
    def screen(self):  # type: ignore[no-untyped-def]
        return self.s.window.screen("home")

    # -- what is shown

    def view(self) -> HomeView:
        assert self.parts is not None
        p, snap = self.parts, self.live.snapshot()
        return self.vm.build(snap, self.link, p.unit(), self.history_problem, p.ambient(snap), p.account(snap),
                             p.glance(snap.now))

    def refresh(self) -> None:
        from ihd.ui.a11y import announce

        assert self.parts is not None
        self._refresh_due, self._refreshed_at = False, time_now()
        view = self.view()
        now = self.s.clock.monotonic()
        for news in announcements(self._shown, view, self.s.i18n):
            announce(self.screen, news.text)
            if (words := self._speech.change(news.key, news.text, now, high=news.high)) is not None:
                self._say(words)
        self._shown = view
        self.screen.show_view(view)
        self.screen.show_guest(self.parts.guest())
        self.screen.show_wipe_notice(self.parts.wipe_notice())
        self.parts.shown(view)

    def read_aloud(self) -> None:
        self._say(summary(self.view()))

    def refresh_soon(self) -> None:
        """Readings may come hundreds a second (a bridge catching up): show them at most ten
        times a second, so the screen stays quick to touch."""
        from PySide6.QtCore import QTimer

        if self._refresh_due:
            return
        wait = REFRESH_GAP_S - (time_now() - self._refreshed_at)
        if wait <= 0:
            self.refresh()
            return
        self._refresh_due = True
        QTimer.singleShot(int(wait * 1000) + 1, self.s.window, self.refresh)

    def settled(self, demo_live: bool = True) -> bool:
        """True once every shown fuel has had its first reading and today's totals, and what has
        arrived is all on screen (--screenshot)."""
        if self._refresh_due or self.feed.pending or not demo_live or not self.screen.fitted:
            return False  # a demo's replay of the day so far, or a burst, is still on its way
        snap = self.live.snapshot()
        fuels = [snap.electricity] + ([snap.gas] if self.s.config.gas.enabled else [])
        return all(f.freshness is not Freshness.WAITING and (f.today is not None or self.history_problem)
                   for f in fuels)

    # -- what comes in

    def drain(self) -> None:
        accepted = self.feed.drain(self.live)
        for _topic, reading in accepted:
            if isinstance(reading, CommandResponse):
                self.responses.emit(reading)
        for_history = [(topic, r) for topic, r in accepted if isinstance(r, HISTORY_READINGS)]
        if for_history:
            self.for_history.emit(for_history)
        self.refresh_soon()

    def set_today(self, fuel: Fuel, direction: Direction, figures: DayFigures | None) -> None:
        """The history has moved on: today's totals, and the chart if it is showing."""
        from PySide6.QtCore import QTimer

        self.live.set_today(fuel, direction, figures)
        self.refresh()
        if not self._history_stale:
            self._history_stale = True  # several of these come at once: tell the others once
            QTimer.singleShot(0, self.s.window, self._history_moved)

    def _history_moved(self) -> None:
        self._history_stale = False
        self.today_moved.emit()

    def history_failing(self, reason: str) -> None:
        self.history_problem = reason
        self.live.saving_fails(bool(reason))
        self.refresh()

    def set_link(self, link: Link) -> None:
        self.link = link
        self.link_changed.emit(link)
        self.refresh()

    @property
    def connected(self) -> bool:
        return self.link.state is LinkState.CONNECTED

    # -- the rest

    def _retranslate(self, i18n: I18n) -> None:
        self.vm.fmt = i18n
        self._shown = None  # a new language is not a change worth announcing
        self.screen.retranslate(i18n)
        self.refresh()

    def _guest_changed(self) -> None:
        assert self.parts is not None
        self.screen.units.set_offered(self.parts.offered())
        self.refresh()

    def _wiped(self) -> None:
        self.live = self._make_live()
