"""The display as an appliance: telling systemd it is up and, from its event loop, still alive
(a hung screen is restarted), and the About screen for whoever supports the household."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from ihd import __version__
from ihd.core.about_view import Counts, about_view
from ihd.core.link import Link, LinkState
from ihd.core.live import LiveSnapshot
from ihd.device.systemd import Notifier
from ihd.features.shared import Shared
from ihd.logs import recent_problems

if TYPE_CHECKING:
    from ihd.han.feed import Feed
    from ihd.han.rejections import RejectionLog

log = logging.getLogger(__name__)
ON_SHOW = "on the screen: the history and the data start"  # benchmarks/startup.py times a start to it


class Appliance:
    def __init__(self, shared: Shared, feed: Feed, rejections: RejectionLog, snapshot: Callable[[], LiveSnapshot],
                 link: Callable[[], Link], link_words: Callable[[Link, LiveSnapshot], tuple[str, bool]]) -> None:
        """`feed` and `rejections` count what came in; `link` and `link_words` say how the bridge is."""
        from PySide6.QtCore import QTimer

        self.s = shared
        self._feed, self._rejections, self._snapshot, self._link, self._link_words = (
            feed, rejections, snapshot, link, link_words)
        self.notifier = Notifier()
        self.problems = recent_problems()
        shared.window.add_screen("about", self._build)
        shared.window.screen_shown.connect(lambda name: self.refresh() if name == "about" else None)
        shared.retranslated.connect(lambda _i18n: self.retranslate())
        self._watchdog = QTimer()
        if self.notifier.watchdog_s:
            # three pings per period: one late tick of a busy loop is not a hang
            self._watchdog.setInterval(max(100, int(self.notifier.watchdog_s * 1000 / 3)))
            self._watchdog.timeout.connect(self.notifier.alive)

    def _build(self) -> object:
        from ihd.ui.screens.about import AboutScreen

        screen = AboutScreen()
        screen.back.connect(lambda: self.s.show("settings"))
        self._translate(screen)
        return screen

    @property
    def screen(self):  # type: ignore[no-untyped-def]
        return self.s.window.screen("about")

    def retranslate(self) -> None:
        if (screen := self.s.window.built("about")) is not None:
            self._translate(screen)
            self.refresh()

    def _translate(self, screen) -> None:  # type: ignore[no-untyped-def]
        _ = self.s.i18n._
        screen.retranslate(_("About this display"), (_("Back"), _("Back to settings")))

    def started(self) -> None:
        """The window is up: systemd may call the service started."""
        log.info("%s", ON_SHOW)
        self.notifier.ready(self._status(self._link()))
        if self.notifier.watchdog_s:
            self._watchdog.start()
            log.info("telling systemd every %.1f s that the display is alive", self._watchdog.interval() / 1000)

    def link_changed(self, link: Link) -> None:
        self.notifier.status(self._status(link))

    def stop(self) -> None:
        self._watchdog.stop()
        self.notifier.stopping()

    def refresh(self) -> None:
        if self.s.current != "about":
            return
        feed = self._feed
        counts = Counts(feed.received, feed.taken, feed.refused, feed.dropped, self._rejections.counts())
        snap = self._snapshot()
        words, _ok = self._link_words(self._link(), snap)
        broker = None if self.s.demo else self.s.config.bridge.broker
        problems = [(p.at, f"{p.level}: {p.text}") for p in self.problems.latest()]
        self.screen.show_view(about_view(self.s.i18n, self.s.tz, __version__, broker, words, counts, problems,
                                         snap.clock_stepped_back, snap.feeds, self.s.home_id))

    def _status(self, link: Link) -> str:
        """One line for `systemctl status` (not translated: it is for the log)."""
        if link.state is LinkState.DEMO:
            return "demo: a simulated home"
        where = self.s.config.bridge.broker
        if link.state is LinkState.CONNECTED:
            return f"connected to {where}"
        if link.state is LinkState.CONNECTING:
            return f"connecting to {where}"
        return f"no broker at {where}: {link.detail or link.state.value}"
