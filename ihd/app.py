"""The composition root: config -> data source and dialect -> live model -> the features.

It only builds the parts and wires them; each feature lives in its own module of `ihd.features`
and is handed the shared services and the few other features' functions it uses. Everything built
is owned by a `Display`, so tests can build the whole application in-process and take it down again.
"""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from ihd import parts
from ihd.core.clock import Clock, SystemClock
from ihd.core.link import Link, LinkState
from ihd.core.preferences import Preferences
from ihd.core.profiles import PROFILES
from ihd.core.units import DisplayUnit, Fuel
from ihd.features.account import Account
from ihd.features.ahead import Ahead
from ihd.features.ambient import Ambient
from ihd.features.appliance import Appliance
from ihd.features.choices import Choices
from ihd.features.consent import Consent
from ihd.features.glance_line import GlanceLine
from ihd.features.history import History
from ihd.features.home import Home, HomeParts
from ihd.features.home_devices import HomeDevices
from ihd.features.household import Household, TrustedHooks
from ihd.features.shared import Shared
from ihd.features.trusted import Trusted
from ihd.features.voice import Voice
from ihd.han.feed import Feed
from ihd.han.rejections import RejectionLog
from ihd.i18n import I18n
from ihd.options import Options
from ihd.store.preferences import load_preferences
from ihd.store.service import HistoryReports, HistoryService
from ihd.store.writer import Writer

REFRESH_MS = 1000  # the clock and staleness move on even when nothing arrives
DEMO_SEED_DELAY_MS = 1500
FIRST_FRAME_WAIT_MS = 1000


class Display:
    def __init__(self, options: Options, clock: Clock | None = None) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        from ihd.ui.bridge import GuiPost
        from ihd.ui.theme import Theme, apply_theme, is_roomy, load_fonts
        from ihd.ui.window import MainWindow

        cfg = options.config
        self.options, self.clock = options, clock or SystemClock()
        tz = ZoneInfo(cfg.display.timezone)
        defaults = parts.default_choices(cfg)
        prefs = load_preferences(cfg.data_dir, defaults)
        if options.demo and options.demo_home == "time-of-use":  # it opens on what it is for: cheap or peak now
            prefs = replace(prefs, ambient_mode="tariff")
        self.rejections = RejectionLog(self.clock.monotonic)
        self.writer, self._gui, self.window = Writer(), GuiPost(), MainWindow()
        self.history_path = parts.history_file(options)
        theme = Theme(PROFILES[options.profile or prefs.profile], is_roomy(*options.size))
        s = self.shared = Shared(cfg, self.clock, tz, I18n(options.language or prefs.language), theme, self.window,
                                 self.writer, self._gui.post, self.history_path, options.demo)
        # The application's fonts and style before any screen exists: each is then styled once, as it
        # is built, instead of restyled whole (every widget polished again) when the style arrives.
        load_fonts()
        apply_theme(QApplication.instance(), theme)  # type: ignore[arg-type]
        pricer = parts.pricing(cfg, tz)
        self.store = HistoryService(
            self.writer, self.history_path, pricer(), cfg.gas_conversion(), self.clock, self._gui.post,
            HistoryReports(lambda *today: self.figures.set_today(*today), self.rejections.add,
                           lambda reason: self.figures.history_failing(reason),
                           lambda records: self.consent.loaded_records(records)))
        self.feed = Feed(parts.dialect(options), self.rejections, wake=lambda: self._gui.post(self.figures.drain))
        self.demo = parts.demo_source(options, self.clock, self.feed.receive) if options.demo else None
        self.source = self.demo or parts.broker_source(
            options, self.feed.dialect.subscriptions(), self.feed.receive_all,
            lambda link: self._gui.post(lambda: self.figures.set_link(link)))
        publish = self.source.publish

        # -- the features, each given the shared services and the others' functions it uses
        self.voice = Voice(s, cfg.speech.engine, prefs.speak_changes)
        self.figures = Home(s, parts.live_models(cfg, self.clock, tz, pricer), self.feed, self.voice.policy,
                            self.voice.say, Link(LinkState.DEMO if options.demo else LinkState.CONNECTING))
        self.home = self.figures.screen  # built first: what a householder sees
        self.consent = Consent(s, self.store, publish)
        self.trusted = Trusted(s, publish, self.consent.known, lambda: self.figures.live.snapshot())
        self.household = Household(s, lambda: self.consent.state, self.consent.choose, self.store.wipe,
                                   TrustedHooks(lambda: self.trusted.person, self.trusted.ask_who, self.trusted.keep))
        visible = lambda: not self.household.guest  # noqa: E731 - account figures are not for a guest
        self.choices = Choices(s, defaults, prefs, options.profile, self.household.permits,
                               lambda: self.household.guest)
        self.ambient = Ambient(s, prefs, self.voice.policy, visible)
        self.history = History(s, lambda: self.choices.shown_unit, self.choices.offered_units, self.choices.set_unit,
                               self.voice.say)
        self.account = Account(s, self.feed.dialect.command, publish, visible, self.voice.tell, self.demo)
        self.ahead = Ahead(s, lambda: self.figures.live.pricer, lambda: self.figures.live.snapshot().feeds,
                           self.voice.say)
        self.glance_line = GlanceLine(s, lambda: self.figures.live.pricer, visible)
        self.home_devices = HomeDevices(s, publish, self.consent.known, lambda: self.figures.live.snapshot(),
                                        lambda: self.ambient.shown)
        self.appliance = Appliance(s, self.feed, self.rejections, lambda: self.figures.live.snapshot(),
                                   lambda: self.figures.link, self.figures.vm.link_words)
        self.figures.use(HomeParts(lambda snap: self.ambient.view(snap, self.figures.live.pricer),
                                   self.account.account_view, self.glance_line.glance,
                                   lambda: self.choices.shown_unit, self.choices.offered_units,
                                   lambda: self.household.guest, self.household.wipe_notice, self._shown))
        self._wire()
        self._stopped = self._running = self.demo_seeded = False
        self._timer = QTimer(self.window)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._tick)

    def _wire(self) -> None:
        """What one feature's screens or events ask of another."""
        home, s, figures = self.home, self.shared, self.figures
        home.unit_chosen.connect(lambda unit: self.choices.set_unit(DisplayUnit(unit)))
        home.speech_toggled.connect(lambda: self.choices.set_speak_changes(not self.choices.prefs.speak_changes,
                                                                           say=True))
        home.settings_opened.connect(lambda: self.household.guard(lambda: s.show("settings")))
        home.guest_left.connect(self.household.leave_guest)
        home.wipe_stopped.connect(self.household.stop_wipe)
        home.kettle_pressed.connect(lambda: self.demo.boil_kettle() if self.demo is not None else None)
        home.account_action.connect(self.account.act_on)
        home.account_opened.connect(lambda: s.show("prepayment"))
        home.ahead_opened.connect(lambda: s.show("ahead"))
        self.choices.data_wanted.connect(lambda: s.show("consent"))
        self.choices.about_wanted.connect(lambda: s.show("about"))
        self.choices.speak.connect(self.voice.say)
        self.choices.changed.connect(self._chosen)
        self.voice.unavailable.connect(self.choices.show_problem)
        self.household.notice_changed.connect(figures.refresh)
        self.consent.changed.connect(lambda: self.home_devices.update(force=True))
        figures.responses.connect(self.account.on_response)
        figures.for_history.connect(self.store.add)
        # home's glance line shows the history's comparison with yesterday: shown again with it
        figures.today_moved.connect(lambda: (self.account.history_moved(), self.glance_line.history_moved(),
                                             figures.refresh_soon(), self.history.refresh()))
        figures.link_changed.connect(self._link_changed)
        self.window.screen_shown.connect(lambda name: figures.refresh() if name == "glance" else None)
        self.window.resized.connect(lambda size: self.choices.fit(size.width(), size.height()))

    def _chosen(self, prefs: Preferences) -> None:
        self.voice.follow(prefs)
        self.ambient.follow(prefs)
        self.figures.refresh()
        self.history.refresh()

    def _shown(self, view) -> None:  # type: ignore[no-untyped-def]
        self.account.refresh()
        self.ambient.show_glance(view)
        self.ahead.refresh()

    def _link_changed(self, link: Link) -> None:
        connected = link.state is LinkState.CONNECTED
        self.account.set_connected(connected)
        self.consent.set_connected(connected)
        self.trusted.set_connected(connected)
        self.appliance.link_changed(link)
        self.home_devices.set_connected(connected)

    # -- lifecycle

    def start(self) -> None:
        """Home is built and shown; the history, the data and the timers start once its first frame
        is drawn (or FIRST_FRAME_WAIT_MS on, for a window never drawn: no screen attached)."""
        from PySide6.QtCore import QTimer

        self.shared.themed.emit(self.shared.theme)  # the screens' gaps (the application's style is in)
        self.shared.set_language(self.shared.i18n)
        self.shared.guest_changed.emit()
        self._show_first(self.options.screen)
        self.window.resize(*self.options.size)
        self.window.showFullScreen() if self.options.fullscreen else self.window.show()
        self.window.activateWindow()  # a kiosk has no window manager to do it: keys and focus are ours
        self.writer.start()
        self.window.first_painted.connect(self._run)
        QTimer.singleShot(FIRST_FRAME_WAIT_MS, self.window, self._run)

    def _run(self) -> None:
        from PySide6.QtCore import QTimer

        if self._running or self._stopped:
            return
        self._running = True
        self.appliance.started()
        self.shared.i18n.load()  # before the first figures, which may come by the thousand
        self.store.open()
        self.ambient.start()
        self.source.start()
        if self.options.demo:  # the simulated bridge is always there; its history comes a moment later
            self.account.set_connected(True)
            QTimer.singleShot(DEMO_SEED_DELAY_MS, self.window, self.seed_demo_history)
        self._timer.start()

    def _show_first(self, name: str) -> None:
        """The screen asked for at start, reached as a tap would reach it: the top-up screen
        ready for a code, Your data only past the household PIN."""
        if name == "topup":
            self.account.open_top_up(Fuel.ELECTRICITY)
        elif name == "consent":
            self.household.guard(lambda: self.shared.show("consent"))
        else:
            self.shared.show(name)

    def seed_demo_history(self) -> None:
        """The demo's history, once its live figures are up (once only)."""
        if self._running and not self.demo_seeded:  # (its history is open only once running)
            self.demo_seeded = True
            parts.seed_demo(self.store, self.demo, self.figures.live, self.clock, self.shared.tz)

    def stop(self) -> None:
        """Take everything down; a second call does nothing."""
        if self._stopped:
            return
        self._stopped = True
        self._timer.stop()
        self.appliance.stop()
        self.home_devices.stop()
        self.ambient.stop()
        self.source.stop()
        self.history.stop()
        self.ahead.stop()
        self.shared.close_reader()
        self.store.close()
        self.writer.stop()
        self._gui.close()
        self.voice.stop()

    def _tick(self) -> None:
        if self.settled():
            self.history.warm_up()  # the home screen is up: the chart's imports may start
        self.household.tick()
        self.account.tick()
        self.consent.tick()
        self.trusted.tick()
        self.figures.refresh()
        self.ambient.watch_the_room()
        self.appliance.refresh()
        self.home_devices.update()
        self.voice.due(self.clock.monotonic())

    def settled(self) -> bool:
        """Everything arrived is on screen (--screenshot waits for it)."""
        return self.figures.settled(self.demo is None or self.demo.live.is_set())
