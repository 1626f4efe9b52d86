"""Ambient feedback and the night: the lamp's colour and words (with the credit and supply alerts
above them), the full-screen glance view after a while untouched, and the darker screen at night."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

from ihd.core.ambient import AmbientEngine, AmbientFuel, AmbientMode, AmbientSettings, carbon_now, inputs_from
from ihd.core.ambient_view import AmbientView, ambient_view, most_urgent
from ihd.core.live import LiveSnapshot
from ihd.core.periods import in_daily_window, slot_start
from ihd.core.preferences import Preferences
from ihd.core.prepayment import CreditWatch
from ihd.core.pricing import Pricer
from ihd.core.speech import SpeechPolicy
from ihd.core.units import Fuel
from ihd.core.viewmodels import HomeView
from ihd.features.shared import Shared

WAKE_S = 60  # a touch lights a screen that is off at night for this long
WOKEN_PERCENT = 20


class Ambient:
    def __init__(self, shared: Shared, prefs: Preferences, speech: SpeechPolicy,
                 account_visible: Callable[[], bool]) -> None:
        from ihd.device.backlight import Backlight
        from ihd.ui.idle import IdleWatch

        self.s = shared
        self._gentle = prefs.gentle_words
        self.engine = AmbientEngine(self._settings(prefs))
        self.lamp_watch = CreditWatch()  # the lamp's own: it judges credit in the guest view too
        self._speech, self._account_visible = speech, account_visible
        self._usual: tuple[object, float | None] = (None, None)  # (half-hour and fuel, usual kW)
        self._night = False
        self._backlight_level: int | None = None  # percent while dimmed, None at full
        self.idle = IdleWatch()
        self.backlight = Backlight()
        shared.window.add_screen("glance", self._build_glance)

    def _build_glance(self) -> object:
        from ihd.ui.widgets.ambient import GlanceScreen

        screen = GlanceScreen()
        screen.dismissed.connect(lambda: self.s.show("home"))
        return screen

    @property
    def shown(self):  # type: ignore[no-untyped-def]
        """What the lamp shows now (None before the first figures)."""
        return self.engine.shown

    def follow(self, prefs: Preferences) -> None:
        settings = self._settings(prefs)
        if settings.mode is not self.engine.settings.mode or settings.fuel is not self.engine.settings.fuel:
            self.engine.shown = None  # a new way of judging, chosen on purpose: shown at once, no wait
        self.engine.settings = settings
        self._gentle = prefs.gentle_words

    def _settings(self, p: Preferences) -> AmbientSettings:
        amb = self.s.config.ambient
        return AmbientSettings(
            mode=AmbientMode(p.ambient_mode), fuel=AmbientFuel(p.ambient_fuel), medium_kw=p.medium_kw,
            high_kw=p.high_kw, gas_medium_kw=float(amb.gas_medium_kw), gas_high_kw=float(amb.gas_high_kw),
            warmth_safe=p.warmth_safe, cold_below_c=float(amb.cold_below_c))

    def view(self, snap: LiveSnapshot, pricer: Pricer) -> AmbientView:
        settings = self.engine.settings
        local = snap.now.astimezone(self.s.tz)
        gas = snap.gas.recent_kw if self.s.config.gas.enabled else None
        usual = self._usual_kw(settings.fuel) if settings.mode is AmbientMode.RELATIVE else None
        price = pricer.price_level(Fuel.ELECTRICITY, snap.now)
        carbon = carbon_now(pricer.intensity, snap.now) if settings.mode is AmbientMode.CARBON else None
        found = self.engine.update(
            inputs_from(settings, snap.electricity.recent_kw, gas, snap.meter_level, usual, price, snap.outdoor_c,
                        local.month, carbon), self.s.clock.monotonic())
        rate = snap.electricity.unit_rate_p if self._account_visible() else None  # a price shows the tariff
        states = snap.account.in_prepayment() if snap.account is not None else []
        alert = most_urgent([(s.fuel, self.lamp_watch.alert(s)) for s in states])
        return ambient_view(found, self.s.i18n, self.s.tz, self._gentle, rate, alert)

    def show_glance(self, view: HomeView) -> None:
        """The glance view, while it is on show: the lamp's level and the one figure that matters."""
        if view.ambient is None or self.s.current != "glance":
            return
        panel = view.electricity
        figure = panel.main  # on pay as you go, the balance: named, so it is not taken for a cost
        shown = f"{panel.main_label}: {figure.value}" if panel.account else f"{figure.value} {figure.unit}"
        self.s.window.screen("glance").show_level(  # type: ignore[attr-defined]
            view.ambient, shown.strip(), self.s.i18n._("Touch the screen to go back"))

    def _usual_kw(self, fuel: AmbientFuel) -> float | None:
        """The household's usual use now, looked up once per half-hour."""
        now = self.s.clock.now()
        key = (slot_start(now), fuel)
        if self._usual[0] != key:
            reader = self.s.reader()
            fuels = [Fuel.ELECTRICITY, Fuel.GAS] if fuel is AmbientFuel.BOTH else [Fuel(fuel.value)]
            found = [reader.usual_kw(f, now) for f in fuels]
            self._usual = (key, None if any(v is None for v in found) else sum(v or 0 for v in found))
        return self._usual[1]

    def watch_the_room(self) -> None:
        """Each second: the glance view after a while untouched; dimming at night."""
        minutes = self.s.config.ambient.glance_after_minutes
        if minutes and self.s.current == "home" and self.idle.idle_for() >= minutes * 60:
            self.s.show("glance")
        display = self.s.config.display
        night = bool(display.night_start and display.night_end) and in_daily_window(
            self.s.clock.now().astimezone(self.s.tz).time(), time.fromisoformat(display.night_start),
            time.fromisoformat(display.night_end))
        if night != self._night:
            self._night = night
            self.s.window.set_night(night)
            self._speech.asleep = night  # a sleeping screen does not talk by itself
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

    def start(self) -> None:
        from PySide6.QtWidgets import QApplication

        QApplication.instance().installEventFilter(self.idle)

    def stop(self) -> None:
        from PySide6.QtWidgets import QApplication

        QApplication.instance().removeEventFilter(self.idle)
        self.backlight.restore()
