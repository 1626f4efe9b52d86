"""The composition root: config -> data source and dialect -> live model -> screens.

The only module that knows every part. Everything it builds is owned by a `Display`, so tests can
build the whole application in-process and take it down again.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ihd.cli import Options
from ihd.core.clock import Clock, SystemClock
from ihd.core.link import Link, LinkState
from ihd.core.live import Freshness, LiveModel
from ihd.core.profiles import PROFILES
from ihd.core.units import DisplayUnit
from ihd.core.viewmodels import HomeView, HomeViewModel
from ihd.han.dialects import make_dialect
from ihd.han.feed import Feed
from ihd.han.rejections import RejectionLog
from ihd.i18n import I18n

if TYPE_CHECKING:
    from ihd.han.demo import DemoSource
    from ihd.han.transport import MqttTransport

log = logging.getLogger("ihd")

REFRESH_MS = 1000  # the clock and staleness move on even when nothing arrives


class Display:
    def __init__(self, options: Options, clock: Clock | None = None) -> None:
        from PySide6.QtCore import QTimer

        from ihd.ui.bridge import GuiPost
        from ihd.ui.screens.home import HomeScreen
        from ihd.ui.window import MainWindow

        cfg = options.config
        self.options = options
        self.clock = clock or SystemClock()
        self.tz = ZoneInfo(cfg.display.timezone)
        self.i18n = I18n(cfg.display.language)
        self.live = LiveModel(self.clock, self.tz, cfg.gas_conversion(), cfg.tariffs(), cfg.tariff.vat_rate)
        self.rejections = RejectionLog(self.clock.monotonic)
        self.unit = DisplayUnit(cfg.display.unit)
        self.home_vm = HomeViewModel(self.i18n, self.tz, cfg.carbon_factors(), cfg.gas.enabled)
        self._gui = GuiPost()
        self.feed = Feed(
            make_dialect("native" if options.demo else cfg.bridge.dialect,
                         native_prefix=cfg.bridge.native_prefix, glow_prefix=cfg.bridge.glow_prefix,
                         glow_device=cfg.bridge.glow_device),
            self.rejections,
            wake=lambda: self._gui.post(self._drain),
        )
        self.link = Link(LinkState.DEMO if options.demo else LinkState.CONNECTING)
        self.source = self._make_source(options)

        self.profile = PROFILES[cfg.display.profile]
        self.home = HomeScreen()
        self.home.unit_chosen.connect(self.set_unit)
        self.window = MainWindow({"home": self.home}, self.i18n._("Home energy display"))
        self._roomy: bool | None = None
        self.window.resized.connect(lambda size: self._fit_style(size.width(), size.height()))
        self._timer = QTimer(self.window)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)

    def _make_source(self, options: Options) -> DemoSource | MqttTransport:
        # Each source is imported only when used: the demo needs no MQTT client, a home no simulator.
        if options.demo:
            from ihd.han.demo import DemoSource

            return DemoSource(self.clock, self.feed.receive)
        from ihd.han.address import BrokerAddress
        from ihd.han.transport import Credentials, MqttTransport

        bridge = options.config.bridge
        return MqttTransport(
            BrokerAddress.parse(bridge.broker),
            self.feed.dialect.subscriptions(),
            self.feed.receive,
            lambda link: self._gui.post(lambda: self._set_link(link)),
            Credentials(bridge.username, bridge.password, bridge.ca_file, bridge.client_id),
        )

    # -- lifecycle

    def start(self) -> None:
        self._fit_style(*self.options.size)
        self.home.retranslate(self.i18n)
        self.window.show_screen(self.options.screen)
        self.refresh()
        self.window.resize(*self.options.size)
        if self.options.fullscreen:
            self.window.showFullScreen()
        else:
            self.window.show()
        self.source.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.source.stop()

    # -- on the GUI thread

    def set_unit(self, unit: DisplayUnit) -> None:
        self.unit = unit
        self.refresh()

    def view(self) -> HomeView:
        return self.home_vm.build(self.live.snapshot(), self.link, self.unit)

    def refresh(self) -> None:
        self.home.show_view(self.view())

    def settled(self) -> bool:
        """True once every shown fuel has had its first reading (for --screenshot)."""
        snap = self.live.snapshot()
        gas_ok = not self.options.config.gas.enabled or snap.gas.freshness is not Freshness.WAITING
        return snap.electricity.freshness is not Freshness.WAITING and gas_ok

    def _fit_style(self, width: int, height: int) -> None:
        """Apply the profile; headline figures grow when the screen has room (portrait panel)."""
        from PySide6.QtWidgets import QApplication

        from ihd.ui.style import apply_profile, is_roomy

        roomy = is_roomy(width, height)
        if roomy != self._roomy:
            self._roomy = roomy
            apply_profile(QApplication.instance(), self.profile, roomy)  # type: ignore[arg-type]

    def _drain(self) -> None:
        self.feed.drain(self.live)
        self.refresh()

    def _set_link(self, link: Link) -> None:
        self.link = link
        self.refresh()


def run(options: Options) -> int:
    if options.screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from PySide6.QtWidgets import QApplication

    from ihd.ui.qtlog import route_qt_messages

    route_qt_messages()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    display = Display(options)
    display.start()
    if options.screenshot is not None:
        from ihd.ui.screenshot import Screenshot

        shot = Screenshot(display.window, options.screenshot, display.settled)  # noqa: F841 - kept alive
    try:
        return app.exec()
    finally:
        display.stop()
