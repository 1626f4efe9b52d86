"""The display as an appliance: telling systemd it is up and, from its event loop, still alive
(a hung screen is restarted), and the About screen for whoever supports the household."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ihd import __version__
from ihd.core.about_view import Counts, about_view
from ihd.core.link import Link, LinkState
from ihd.device.systemd import Notifier
from ihd.logs import recent_problems

if TYPE_CHECKING:
    from ihd.app import Display

log = logging.getLogger(__name__)


class ApplianceDesk:
    def __init__(self, display: Display) -> None:
        from PySide6.QtCore import QTimer

        from ihd.ui.screens.about import AboutScreen

        self.d = display
        self.notifier = Notifier()
        self.problems = recent_problems()
        self.screen = AboutScreen()
        self._watchdog = QTimer()
        if self.notifier.watchdog_s:
            # three pings per period: one late tick of a busy loop is not a hang
            self._watchdog.setInterval(max(100, int(self.notifier.watchdog_s * 1000 / 3)))
            self._watchdog.timeout.connect(self.notifier.alive)

    def screens(self) -> dict[str, object]:
        return {"about": self.screen}

    def wire(self) -> None:
        d = self.d
        self.screen.back.connect(lambda: d.window.show_screen("settings"))
        d.settings.about_opened.connect(lambda: d.window.show_screen("about"))
        d.window.screen_shown.connect(lambda name: self.refresh() if name == "about" else None)

    def retranslate(self) -> None:
        _ = self.d.i18n._
        self.screen.retranslate(_("About this display"), (_("Back"), _("Back to settings")))
        self.refresh()

    def started(self) -> None:
        """The window is up: systemd may call the service started."""
        self.notifier.ready(self._status(self.d.link))
        if self.notifier.watchdog_s:
            self._watchdog.start()
            log.info("telling systemd every %.1f s that the display is alive", self._watchdog.interval() / 1000)

    def link_changed(self, link: Link) -> None:
        self.notifier.status(self._status(link))

    def stop(self) -> None:
        self._watchdog.stop()
        self.notifier.stopping()

    def refresh(self) -> None:
        if self.d.window.current != "about":
            return
        d = self.d
        feed, rejections = d.feed, d.rejections
        counts = Counts(feed.received, feed.taken, feed.refused, feed.dropped, rejections.counts())
        snap = d.live.snapshot()
        words, _ok = d.home_vm.link_words(d.link, snap)
        broker = None if d.options.demo else d.options.config.bridge.broker
        problems = [(p.at, f"{p.level}: {p.text}") for p in self.problems.latest()]
        self.screen.show_view(about_view(d.i18n, d.tz, __version__, broker, words, counts, problems,
                                         snap.clock_stepped_back))

    def _status(self, link: Link) -> str:
        """One line for `systemctl status` (not translated: it is for the log)."""
        if link.state is LinkState.DEMO:
            return "demo: a simulated home"
        where = self.d.options.config.bridge.broker
        if link.state is LinkState.CONNECTED:
            return f"connected to {where}"
        if link.state is LinkState.CONNECTING:
            return f"connecting to {where}"
        return f"no broker at {where}: {link.detail or link.state.value}"
