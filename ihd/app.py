"""The composition root: config -> data source and dialect -> live model -> screens.

The only module that knows every part. Everything it builds is owned by a `Display`, so tests can
build the whole application in-process and take it down again.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import time, timedelta
from time import perf_counter as time_now
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ihd.account_desk import COMMANDS_FILE, KEYPAD_FILE, AccountDesk
from ihd.appliance_desk import ApplianceDesk
from ihd.cli import Options
from ihd.consent_desk import ConsentDesk
from ihd.core.ambient import AmbientEngine, AmbientFuel, AmbientMode, AmbientSettings, inputs_from
from ihd.core.ambient_view import AmbientView, ambient_view, most_urgent
from ihd.core.announcements import announcements, summary
from ihd.core.clock import Clock, SystemClock
from ihd.core.history_view import HistoryView, HistoryViewModel
from ihd.core.ledger import DayFigures
from ihd.core.link import Link, LinkState
from ihd.core.live import Freshness, LiveModel, LiveSnapshot
from ihd.core.periods import PeriodKind, in_daily_window, slot_start
from ihd.core.preferences import Preferences
from ihd.core.prepayment import CommandResponse, CreditWatch
from ihd.core.pricing import Pricer
from ihd.core.profiles import PROFILES
from ihd.core.readings import BackfillReading, IntensityReading, PriceReading, RegisterReading, TariffReading
from ihd.core.speech import SpeechPolicy
from ihd.core.units import Direction, DisplayUnit, Fuel
from ihd.core.viewmodels import HomeView, HomeViewModel
from ihd.glance_desk import GlanceDesk
from ihd.han.dialects import make_dialect
from ihd.han.feed import Feed
from ihd.han.rejections import RejectionLog
from ihd.home_devices_desk import HomeDevicesDesk
from ihd.household_desk import HouseholdDesk
from ihd.i18n import I18n
from ihd.logs import set_up as set_up_logging
from ihd.store.preferences import load_preferences, save_preferences
from ihd.store.service import HistoryReports, HistoryService
from ihd.store.writer import Writer

if TYPE_CHECKING:
    from ihd.han.demo import DemoSource
    from ihd.han.transport import MqttTransport
    from ihd.store.history import HistoryReader
    from ihd.ui.theme import Theme

log = logging.getLogger("ihd")

REFRESH_MS = 1000  # the clock and staleness move on even when nothing arrives
REFRESH_GAP_S = 0.1  # readings are shown at most ten times a second
DEMO_SEED_DELAY_MS = 1500
WAKE_S = 60  # a touch lights a screen that is off at night for this long
WOKEN_PERCENT = 20
HISTORY_READINGS = (RegisterReading, TariffReading, PriceReading, IntensityReading, BackfillReading)


class Display:
    def __init__(self, options: Options, clock: Clock | None = None) -> None:
        from PySide6.QtCore import QTimer

        from ihd.device.backlight import Backlight
        from ihd.ui.bridge import GuiPost
        from ihd.ui.idle import IdleWatch
        from ihd.ui.screens.confirm import ConfirmScreen
        from ihd.ui.screens.history import HistoryScreen
        from ihd.ui.screens.home import HomeScreen
        from ihd.ui.screens.settings import SettingsScreen
        from ihd.ui.speech import Speaker
        from ihd.ui.theme import Theme, is_roomy
        from ihd.ui.widgets.ambient import GlanceScreen
        from ihd.ui.window import MainWindow

        cfg = options.config
        self.options = options
        self.clock = clock or SystemClock()
        self.tz = ZoneInfo(cfg.display.timezone)
        amb = cfg.ambient
        defaults = Preferences(profile=cfg.display.profile, language=cfg.display.language,
                               unit=cfg.display.unit, speak_changes=cfg.speech.speak_changes,
                               ambient_mode=amb.mode, ambient_fuel=amb.fuel, medium_kw=float(amb.medium_kw),
                               high_kw=float(amb.high_kw), warmth_safe=amb.warmth_safe,
                               gentle_words=amb.gentle_words)
        self._default_prefs = defaults
        self.prefs = load_preferences(cfg.data_dir, defaults)
        if options.demo and options.demo_home == "time-of-use":  # it opens on what it is for: cheap or peak now
            self.prefs = replace(self.prefs, ambient_mode="tariff")
        self.profile_name = options.profile or self.prefs.profile
        self.i18n = I18n(options.language or self.prefs.language)
        self.unit = DisplayUnit(self.prefs.unit)
        self.live = self._live_model()
        self.ambient = AmbientEngine(self._ambient_settings())
        self.lamp_watch = CreditWatch()  # the lamp's own: it judges credit in the guest view too
        self._usual: tuple[object, float | None] = (None, None)  # (half-hour and fuel, usual kW)
        self._night = False
        self._backlight_level: int | None = None  # percent while dimmed, None at full
        self._refresh_due, self._refreshed_at = False, 0.0
        self.rejections = RejectionLog(self.clock.monotonic)
        self.home_vm = HomeViewModel(self.i18n, self.tz, cfg.gas.enabled)
        self.speech = SpeechPolicy(self.prefs.speak_changes)
        self.speaker = Speaker(cfg.speech.engine, on_problem=lambda _why: self._speechless())
        self.writer = Writer()
        self._gui = GuiPost()
        # each demo home keeps its own history, priced on its own tariff, apart from the household's
        history_name = f"demo-{options.demo_home}-history.sqlite3" if options.demo else "history.sqlite3"
        self.history_path = cfg.data_dir / history_name
        self.history = HistoryService(
            self.writer, self.history_path, self._pricer(), cfg.gas_conversion(), self.clock, self._gui.post,
            HistoryReports(self._set_today, self.rejections.add, self._history_problem,
                           lambda records: self.consent.loaded_records(records)))
        self.history_problem = ""
        self.feed = Feed(
            make_dialect("native" if options.demo else cfg.bridge.dialect,
                         native_prefix=cfg.bridge.native_prefix, glow_prefix=cfg.bridge.glow_prefix,
                         glow_device=cfg.bridge.glow_device),
            self.rejections,
            wake=lambda: self._gui.post(self._drain),
        )
        self.link = Link(LinkState.DEMO if options.demo else LinkState.CONNECTING)
        self.demo: DemoSource | None = None
        self.source = self._make_source(options)
        self._shown: HomeView | None = None

        self.theme = Theme(PROFILES[self.profile_name], is_roomy(*options.size))
        self.home = HomeScreen(self.theme)
        self.settings = SettingsScreen()
        self.history_screen = HistoryScreen(self.theme)
        self.history_reader: HistoryReader | None = None
        self.history_vm: HistoryViewModel | None = None
        self.history_kind = PeriodKind.DAY
        self.history_offset = 0
        self.history_fuel = Fuel.ELECTRICITY
        self._history_stale = False
        self.glance = GlanceScreen()
        self.consent = ConsentDesk(self)
        self.home_devices = HomeDevicesDesk(self)
        self.account = AccountDesk(self)
        self.glance_line = GlanceDesk(self)
        self.household = HouseholdDesk(self)
        self.appliance = ApplianceDesk(self)
        self.confirm = ConfirmScreen()
        self._confirm_return = "home"
        self.window = MainWindow({"home": self.home, "settings": self.settings, "history": self.history_screen,
                                  "glance": self.glance, "confirm": self.confirm, **self.account.screens(),
                                  **self.household.screens(), **self.appliance.screens()})
        self.idle = IdleWatch()
        self.backlight = Backlight()
        self._wire()
        self._stopped = False
        self._timer = QTimer(self.window)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._tick)

    def _pricer(self) -> Pricer:
        """Each thread gets its own (the GUI's for the live figures, the writer's for the history),
        built from the same config and fed the same readings."""
        cfg = self.options.config
        return Pricer(self.tz, cfg.tariff.vat_rate, cfg.tariffs(), cfg.carbon_factors())

    def _live_model(self) -> LiveModel:
        cfg = self.options.config
        return LiveModel(self.clock, self.tz, self._pricer(), gas=cfg.gas_conversion(),
                         ahead=timedelta(minutes=cfg.bridge.clock_ahead_minutes))

    def _make_source(self, options: Options) -> DemoSource | MqttTransport:
        # Each source is imported only when used: the demo needs no MQTT client, a home no simulator.
        if options.demo:
            from ihd.han.demo import DemoSource, demo_meter

            tariff = "cosy" if options.demo_home == "time-of-use" else "single"
            self.demo = DemoSource(self.clock, self.feed.receive, tariff=tariff,
                                   meter=demo_meter() if options.demo_home == "prepayment" else None)
            return self.demo
        from ihd.han.address import BrokerAddress
        from ihd.han.home_assistant import last_will
        from ihd.han.transport import Credentials, MqttTransport
        from ihd.store.identity import client_id

        bridge = options.config.bridge
        return MqttTransport(
            BrokerAddress.parse(bridge.broker),
            self.feed.dialect.subscriptions(),
            self.feed.receive,
            lambda link: self._gui.post(lambda: self._set_link(link)),
            Credentials(bridge.username, bridge.password, bridge.ca_file,
                        bridge.client_id or client_id(options.config.data_dir), persistent=True),
            will=last_will(bridge.native_prefix),
        )

    def _wire(self) -> None:
        home, settings = self.home, self.settings
        home.unit_chosen.connect(lambda unit: self.set_unit(DisplayUnit(unit)))
        home.read_aloud.connect(self.read_aloud)
        home.speech_toggled.connect(lambda: self.set_speak_changes(not self.prefs.speak_changes, say=True))
        home.settings_opened.connect(lambda: self.household.guard(lambda: self.window.show_screen("settings")))
        home.guest_left.connect(self.household.leave_guest)
        home.wipe_stopped.connect(self.household.stop_wipe)
        settings.data_opened.connect(self._guarded(lambda: self.window.show_screen("consent")))
        self.confirm.answered.connect(lambda _yes: self.window.show_screen(self._confirm_return))
        home.history_opened.connect(lambda: self.window.show_screen("history"))
        home.glance_opened.connect(lambda: self.window.show_screen("glance"))
        home.kettle_pressed.connect(self._boil_kettle)
        self.glance.dismissed.connect(lambda: self.window.show_screen("home"))
        settings.back.connect(lambda: self.window.show_screen("home"))
        history = self.history_screen
        history.back.connect(lambda: self.window.show_screen("home"))
        history.read_aloud.connect(lambda: self.say(self.history_view().summary))
        history.kind_chosen.connect(lambda kind: self._browse(kind=PeriodKind(kind), offset=0))
        history.fuel_chosen.connect(lambda fuel: self._browse(fuel=Fuel(fuel)))
        history.unit_chosen.connect(lambda unit: self.set_unit(DisplayUnit(unit)))
        history.moved.connect(lambda step: self._browse(offset=min(0, self.history_offset + step)))
        history.bar_chosen.connect(self._bar_chosen)
        self.window.screen_shown.connect(self._screen_shown)
        settings.profile_chosen.connect(self._guarded(self.set_profile))
        settings.language_chosen.connect(self._guarded(self.set_language))
        settings.speak_changes_toggled.connect(self._guarded(lambda on: self.set_speak_changes(on, say=True)))
        settings.speech_rate_changed.connect(self._guarded(lambda rate: self._choose(speech_rate=rate)))
        settings.speech_volume_changed.connect(self._guarded(lambda volume: self._choose(speech_volume=volume)))
        settings.ambient_changed.connect(self._guarded(lambda changes: self._choose(**changes)))
        settings.speech_tested.connect(lambda: self.say(self.i18n._("This is how the display speaks.")))
        self.window.resized.connect(lambda size: self._fit(size.width(), size.height()))
        self.account.wire()
        self.household.wire()
        self.appliance.wire()

    def _guarded(self, act: Callable[..., object]) -> Callable[..., None]:
        """A settings control's action, done only while the household may change settings (the
        PIN entered, or none set); whatever asked for it, a tap or an accessibility client."""

        def run(*args: object) -> None:
            if self.household.permits():
                act(*args)
                return
            log.warning("a setting was changed without the household PIN; nothing was done")
            self.settings.show_preferences(self._effective_prefs())  # the controls show what is in force
            self.settings.show_problem(self.i18n._("Enter the household PIN first."))

        return run

    # -- lifecycle

    def start(self) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        from ihd.ui.theme import load_fonts

        load_fonts()
        self._apply_theme(self.theme)  # the screens' gaps too, not only the application's style
        QApplication.instance().installEventFilter(self.idle)
        self._retranslate()
        self.guest_changed()
        self.settings.show_preferences(self._effective_prefs())
        self._show_first(self.options.screen)
        self.refresh()
        self.window.resize(*self.options.size)
        if self.options.fullscreen:
            self.window.showFullScreen()
        else:
            self.window.show()
        self.writer.start()
        self.history.open()
        if self.options.demo:
            QTimer.singleShot(DEMO_SEED_DELAY_MS, self.window, self.seed_demo_history)
        self.source.start()
        if self.options.demo:
            self.account.set_connected(True)  # the simulated bridge is always there
        self._timer.start()
        self.appliance.started()

    def seed_demo_history(self) -> None:
        """The demo's thirteen months of history, once its live figures are up."""
        from ihd.han.demo import demo_year

        today = self.clock.now().astimezone(self.tz).date()
        self.history.seed_if_empty(lambda: demo_year(self.tz, today))

    def stop(self) -> None:
        """Take everything down; a second call does nothing."""
        from PySide6.QtWidgets import QApplication

        if self._stopped:
            return
        self._stopped = True
        self._timer.stop()
        self.appliance.stop()
        self.home_devices.stop()
        QApplication.instance().removeEventFilter(self.idle)
        self.backlight.restore()
        self.source.stop()
        if self.history_screen.chart is not None:
            self.history_screen.chart.release()
        if self.history_reader is not None:
            self.history_reader.close()
        self.history.close()
        self.writer.stop()
        self._gui.close()
        self.speaker.stop()

    def _show_first(self, name: str) -> None:
        """The screen asked for at start, reached as a tap would reach it: the top-up screen
        ready for a code, Your data only past the household PIN."""
        if name == "topup":
            self.account.open_top_up(Fuel.ELECTRICITY)
        elif name == "consent":
            self.household.guard(lambda: self.window.show_screen("consent"))
        else:
            self.window.show_screen(name)

    # -- the household's choices

    def set_unit(self, unit: DisplayUnit) -> None:
        self.unit = unit
        self._choose(unit=unit.value)
        self.refresh_history()

    def set_profile(self, name: str) -> None:
        self.profile_name = name
        self._apply_theme(replace(self.theme, profile=PROFILES[name]))
        self._choose(profile=name)

    def set_language(self, code: str) -> None:
        self.i18n = I18n(code)
        self.home_vm.fmt = self.i18n
        self._shown = None  # a new language is not a change worth announcing
        self._retranslate()
        self._choose(language=code)

    def set_speak_changes(self, on: bool, *, say: bool = False) -> None:
        self.speech.enabled = on
        self._choose(speak_changes=on)
        if say:
            _ = self.i18n._
            self.say(_("Speaking changes is on") if on else _("Speaking changes is off"))

    def _choose(self, **changes: object) -> None:
        """Apply a choice made on screen and save it off the GUI thread."""
        self.prefs = replace(self.prefs, **changes)  # type: ignore[arg-type]
        self.ambient.settings = self._ambient_settings()
        self.settings.show_preferences(self._effective_prefs())
        self.settings.show_problem("")
        self.refresh()
        prefs, folder = self.prefs, self.options.config.data_dir
        self.writer.submit("settings", lambda: save_preferences(folder, prefs),
                           lambda reason: self._gui.post(lambda: self._not_saved(reason)))

    def _not_saved(self, reason: str) -> None:
        message = self.i18n._("Your settings could not be saved ({reason}). They apply until the display "
                              "is restarted.").format(reason=reason)
        self.settings.show_problem(message)

    def _effective_prefs(self) -> Preferences:
        return replace(self.prefs, profile=self.profile_name, language=self.i18n.language)

    # -- history

    def reader(self) -> HistoryReader:
        """The history, for reading on this thread (opened when first wanted)."""
        if self.history_reader is None:
            from ihd.store.history import HistoryReader

            self.history_reader = HistoryReader(self.history_path, self.tz)
        return self.history_reader

    def history_view(self) -> HistoryView:
        if self.history_vm is None:
            self.history_vm = HistoryViewModel(self.i18n, self.tz, self.reader(),
                                               self.options.config.history.billing_day)
        kind = self.history_kind
        if kind is PeriodKind.MONTH and self.options.config.history.billing_day != 1:
            kind = PeriodKind.BILLING
        return self.history_vm.build(kind, self.history_offset, self.history_fuel, self.shown_unit,
                                     self.clock.now())

    def refresh_history(self) -> None:
        if self.window.current == "history":
            self.history_screen.show_view(self.history_view(), self.history_kind,
                                          self.options.config.gas.enabled)

    def _browse(self, *, kind: PeriodKind | None = None, offset: int | None = None,
                fuel: Fuel | None = None) -> None:
        self.history_kind = kind or self.history_kind
        self.history_offset = self.history_offset if offset is None else offset
        self.history_fuel = fuel or self.history_fuel
        self.refresh_history()

    def _bar_chosen(self, index: int) -> None:
        from ihd.ui.a11y import announce

        words = self.history_screen.show_tapped(index)
        if words:
            announce(self.history_screen, words)

    # -- speech

    def read_aloud(self) -> None:
        self.say(summary(self.view()))

    def say(self, text: str) -> None:
        if not self.speaker.say(text, self.i18n.language, self.prefs.speech_rate, self.prefs.speech_volume):
            self._speechless()

    def _speechless(self) -> None:
        """Speech is not available (known at once, or when speech-dispatcher turned the words down):
        said where it was asked for, in words and to a screen reader, not only on Settings."""
        from ihd.ui.a11y import announce

        _ = self.i18n._
        words = _("Speech is not available on this display.")
        self.settings.show_problem(words)
        screen = self.window.screens[self.window.current]
        if (button := getattr(screen, "speak", None)) is not None:
            button.say_for_a_while(_("No speech here"))
        announce(screen, words)

    # -- on the GUI thread

    def view(self) -> HomeView:
        snap = self.live.snapshot()
        return self.home_vm.build(snap, self.link, self.shown_unit, self.history_problem, self._ambient_view(snap),
                                  self.account.account_view(snap), self.glance_line.glance(snap.now))

    def account_visible(self) -> bool:
        """Whether account figures (credit, debt, tariff, costs, messages) may be shown: not in the
        guest view, which a lodger or visitor sees."""
        return not self.household.guest

    @property
    def shown_unit(self) -> DisplayUnit:
        """The guest view shows use, never money (a cost shows the tariff)."""
        if self.household.guest and self.unit is DisplayUnit.MONEY:
            return DisplayUnit.ENERGY
        return self.unit

    def guest_changed(self) -> None:
        offered = [u.value for u in DisplayUnit if not (self.household.guest and u is DisplayUnit.MONEY)]
        self.home.units.set_offered(offered)
        self.history_screen.units.set_offered(offered)
        self.refresh()
        self.refresh_history()

    def wipe(self) -> None:
        """New occupier: remove the history, consent choices and their log, the PIN, saved choices,
        pending requests, exports kept here, and what the bridge said of tariffs and the account;
        the display carries on as new."""
        import shutil

        from ihd.store.household import FILENAME as HOUSEHOLD
        from ihd.store.preferences import FILENAME as PREFERENCES

        folder = self.options.config.data_dir
        if self.history_reader is not None:
            self.history_reader.close()  # before its file goes
            self.history_reader, self.history_vm = None, None

        def remove_the_rest() -> None:
            for name in (PREFERENCES, HOUSEHOLD, COMMANDS_FILE, KEYPAD_FILE):
                (folder / name).unlink(missing_ok=True)
            shutil.rmtree(folder / "exports", ignore_errors=True)

        self.history.wipe(remove_the_rest)
        self.live = self._live_model()
        self.account.reset()
        self.household.wiped()
        self.consent.reset()
        self.prefs = self._default_prefs
        self.unit = DisplayUnit(self.prefs.unit)
        self.i18n = I18n(self.prefs.language)
        self.home_vm.fmt = self.i18n
        self.profile_name = self.options.profile or self.prefs.profile
        self._apply_theme(replace(self.theme, profile=PROFILES[self.profile_name]))
        self.settings.show_preferences(self._effective_prefs())
        self.guest_changed()
        self._retranslate()
        self.window.show_screen("home")

    def ask(self, return_to: str, title: str, text: str, yes: str, no: str, act: Callable[[], None],
            note: str = "") -> None:
        """A full-screen yes or no before something is done; either answer goes back to `return_to`."""
        self._confirm_return = return_to
        self.confirm.ask(title, text, yes, no, act, note)
        self.window.show_screen("confirm")

    # -- ambient feedback, the glance view and the night

    def _ambient_settings(self) -> AmbientSettings:
        p, amb = self.prefs, self.options.config.ambient
        return AmbientSettings(
            mode=AmbientMode(p.ambient_mode), fuel=AmbientFuel(p.ambient_fuel), medium_kw=p.medium_kw,
            high_kw=p.high_kw, gas_medium_kw=float(amb.gas_medium_kw), gas_high_kw=float(amb.gas_high_kw),
            warmth_safe=p.warmth_safe, cold_below_c=float(amb.cold_below_c))

    def _ambient_view(self, snap: LiveSnapshot) -> AmbientView:
        settings = self.ambient.settings
        local = snap.now.astimezone(self.tz)
        gas = snap.gas.recent_kw if self.options.config.gas.enabled else None
        usual = self._usual_kw(settings.fuel) if settings.mode is AmbientMode.RELATIVE else None
        price = self.live.pricer.price_level(Fuel.ELECTRICITY, snap.now)
        found = self.ambient.update(
            inputs_from(settings, snap.electricity.recent_kw, gas, snap.meter_level, usual, price, snap.outdoor_c,
                        local.month), self.clock.monotonic())
        rate = snap.electricity.unit_rate_p if self.account_visible() else None  # a price shows the tariff
        states = snap.account.in_prepayment() if snap.account is not None else []
        alert = most_urgent([(s.fuel, self.lamp_watch.alert(s)) for s in states])
        return ambient_view(found, self.i18n, self.tz, self.prefs.gentle_words, rate, alert)

    def _screen_shown(self, name: str) -> None:
        if name == "history":
            self.refresh_history()
        elif name == "glance":
            self.refresh()

    def _boil_kettle(self) -> None:
        if self.demo is not None:
            self.demo.boil_kettle()

    def _usual_kw(self, fuel: AmbientFuel) -> float | None:
        """The household's usual use now, looked up once per half-hour."""
        key = (slot_start(self.clock.now()), fuel)
        if self._usual[0] != key:
            reader = self.reader()
            fuels = [Fuel.ELECTRICITY, Fuel.GAS] if fuel is AmbientFuel.BOTH else [Fuel(fuel.value)]
            found = [reader.usual_kw(f, self.clock.now()) for f in fuels]
            self._usual = (key, None if any(v is None for v in found) else sum(v or 0 for v in found))
        return self._usual[1]

    def _watch_the_room(self) -> None:
        """Each second: the glance view after a while untouched; dimming at night."""
        minutes = self.options.config.ambient.glance_after_minutes
        if minutes and self.window.current == "home" and self.idle.idle_for() >= minutes * 60:
            self.window.show_screen("glance")
        display = self.options.config.display
        night = bool(display.night_start and display.night_end) and in_daily_window(
            self.clock.now().astimezone(self.tz).time(), time.fromisoformat(display.night_start),
            time.fromisoformat(display.night_end))
        if night != self._night:
            self._night = night
            self.window.set_night(night)
            self.speech.asleep = night  # a sleeping screen does not talk by itself
        level = display.night_brightness if night else None
        if level == 0 and self.idle.idle_for() < WAKE_S:
            level = WOKEN_PERCENT  # touched in the dark: lit for a while, then off again
        if level != self._backlight_level:
            self._backlight_level = level
            if level is None:
                self.backlight.restore()
                self.idle.asleep = False
            else:
                self.idle.asleep = self.backlight.dim(level) and level == 0

    def refresh(self) -> None:
        from ihd.ui.a11y import announce

        self._refresh_due, self._refreshed_at = False, time_now()
        view = self.view()
        now = self.clock.monotonic()
        for news in announcements(self._shown, view, self.i18n):
            announce(self.home, news.text)
            if (words := self.speech.change(news.key, news.text, now, high=news.high)) is not None:
                self.say(words)
        self._shown = view
        self.home.show_view(view)
        self.home.show_guest(self.household.guest)
        self.home.show_wipe_notice(self.household.wipe_notice())
        self.account.refresh()
        if view.ambient is not None and self.window.current == "glance":
            panel = view.electricity
            figure = panel.main  # on pay as you go, the balance: named, so it is not taken for a cost
            shown = f"{panel.main_label}: {figure.value}" if panel.account else f"{figure.value} {figure.unit}"
            self.glance.show_level(view.ambient, shown.strip(), self.i18n._("Touch the screen to go back"))

    def settled(self) -> bool:
        """True once every shown fuel has had its first reading and today's totals, and what has
        arrived is all on screen (--screenshot)."""
        if self._refresh_due or self.feed.pending or (self.demo is not None and not self.demo.live.is_set()):
            return False  # a demo's replay of the day so far, or a burst, is still on its way
        snap = self.live.snapshot()
        fuels = [snap.electricity] + ([snap.gas] if self.options.config.gas.enabled else [])
        return all(f.freshness is not Freshness.WAITING and (f.today is not None or self.history_problem)
                   for f in fuels)

    def _tick(self) -> None:
        self.household.tick()
        self.account.tick()
        self.consent.tick()
        self.refresh()
        self._watch_the_room()
        self.appliance.refresh()
        self.home_devices.update()
        for words in self.speech.due(self.clock.monotonic()):
            self.say(words)

    def _retranslate(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        direction = Qt.LayoutDirection.RightToLeft if self.i18n.rtl else Qt.LayoutDirection.LeftToRight
        QApplication.setLayoutDirection(direction)
        self.window.setWindowTitle(self.i18n._("Home energy display"))
        self.window.name_scroll_bars(self.i18n._("Scroll up or down"))
        self.home.retranslate(self.i18n)
        self.settings.retranslate(self.i18n)
        self.history_screen.retranslate(self.i18n)
        self.account.retranslate()
        self.household.retranslate()
        self.appliance.retranslate()
        if self.history_vm is not None:
            self.history_vm.fmt = self.i18n
        self.refresh()
        self.refresh_history()

    def _fit(self, width: int, height: int) -> None:
        from ihd.ui.theme import is_roomy

        roomy = is_roomy(width, height)
        if roomy != self.theme.roomy:
            self._apply_theme(replace(self.theme, roomy=roomy))

    def _apply_theme(self, theme: Theme) -> None:
        from PySide6.QtWidgets import QApplication

        from ihd.ui.theme import apply_theme

        self.theme = theme
        apply_theme(QApplication.instance(), theme)  # type: ignore[arg-type]
        self.home.set_theme(theme)
        self.history_screen.set_theme(theme)

    def _drain(self) -> None:
        accepted = self.feed.drain(self.live)
        for _topic, reading in accepted:
            if isinstance(reading, CommandResponse):
                self.account.on_response(reading)
        for_history = [(topic, r) for topic, r in accepted if isinstance(r, HISTORY_READINGS)]
        if for_history:
            self.history.add(for_history)
        self._refresh_soon()

    def _refresh_soon(self) -> None:
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
        QTimer.singleShot(int(wait * 1000) + 1, self.window, self.refresh)

    def _set_today(self, fuel: Fuel, direction: Direction, figures: DayFigures | None) -> None:
        """The history has moved on: today's totals, and the chart if it is showing."""
        from PySide6.QtCore import QTimer

        self.live.set_today(fuel, direction, figures)
        self.refresh()
        if not self._history_stale:
            self._history_stale = True  # several of these come at once: redraw the chart once
            QTimer.singleShot(0, self.window, self._redraw_history)

    def _redraw_history(self) -> None:
        self._history_stale = False
        self.account.history_moved()
        self.glance_line.history_moved()
        self.refresh_history()

    def _history_problem(self, reason: str) -> None:
        self.history_problem = reason
        self.live.saving_fails(bool(reason))
        self.refresh()

    def _set_link(self, link: Link) -> None:
        self.link = link
        self.account.set_connected(link.state is LinkState.CONNECTED)
        self.consent.set_connected(link.state is LinkState.CONNECTED)
        self.appliance.link_changed(link)
        self.home_devices.set_connected(link.state is LinkState.CONNECTED)
        self.refresh()


def run(options: Options) -> int:
    if options.screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    set_up_logging()
    from PySide6.QtWidgets import QApplication

    from ihd.ui.qtlog import route_qt_messages

    route_qt_messages()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ihd")  # how screen readers and window lists name it
    display = Display(options)
    for warning in options.warnings:
        log.warning("%s", warning)
    # systemd stops a service with SIGTERM: close as after the window's own close, saving everything
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    display.start()
    if options.screenshot is not None:
        from ihd.ui.screenshot import Screenshot

        shot = Screenshot(display.window, options.screenshot, display.settled)  # noqa: F841 - kept alive
    try:
        return app.exec()
    finally:
        display.stop()
