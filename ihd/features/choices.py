"""The household's choices: unit, look, language, speech and the lamp's settings, made on the
Settings screen (or the home and history screens' unit bars), applied at once and kept between runs.

A command-line --profile or --lang wins for that run only; the saved choice stays the household's.
Settings may only be changed while the household PIN allows it (`permits`), whatever asked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from ihd.core.preferences import Preferences
from ihd.core.profiles import PROFILES
from ihd.core.units import DisplayUnit
from ihd.features.shared import Event, Shared
from ihd.i18n import I18n
from ihd.store.preferences import save_preferences

log = logging.getLogger("ihd")


class Choices:
    def __init__(self, shared: Shared, defaults: Preferences, prefs: Preferences, profile: str | None,
                 permits: Callable[[], bool], guest: Callable[[], bool]) -> None:
        """`prefs` as saved (see `saved`), `profile` the one given for this run only."""
        self.s = shared
        self._defaults, self._profile = defaults, profile
        self.prefs = prefs
        self.unit = DisplayUnit(self.prefs.unit)
        self.profile_name = profile or self.prefs.profile
        self._permits, self._guest = permits, guest
        self.changed = Event()  # (prefs): after any choice
        self.data_wanted, self.about_wanted = Event(), Event()  # the Settings screen's ways onward
        self.speak = Event()  # (words): said to confirm a speech choice
        self.problem = ""
        shared.window.add_screen("settings", self._build)
        shared.retranslated.connect(self._retranslate)
        shared.wiped.connect(self.reset)

    @property
    def screen(self):  # type: ignore[no-untyped-def]
        return self.s.window.screen("settings")

    def _build(self) -> object:
        from ihd.ui.screens.settings import SettingsScreen

        screen = SettingsScreen()
        screen.back.connect(lambda: self.s.show("home"))
        screen.data_opened.connect(self._guarded(self.data_wanted.emit))
        screen.about_opened.connect(self.about_wanted.emit)
        screen.profile_chosen.connect(self._guarded(self.set_profile))
        screen.language_chosen.connect(self._guarded(self.set_language))
        screen.speak_changes_toggled.connect(self._guarded(lambda on: self.set_speak_changes(on, say=True)))
        screen.speech_rate_changed.connect(self._guarded(lambda rate: self.choose(speech_rate=rate)))
        screen.speech_volume_changed.connect(self._guarded(lambda volume: self.choose(speech_volume=volume)))
        screen.ambient_changed.connect(self._guarded(lambda changes: self.choose(**changes)))
        screen.speech_tested.connect(lambda: self.speak.emit(self.s.i18n._("This is how the display speaks.")))
        screen.retranslate(self.s.i18n)
        screen.show_preferences(self.effective())
        screen.show_problem(self.problem)
        return screen

    def _guarded(self, act: Callable[..., object]) -> Callable[..., None]:
        """A settings control's action, done only while the household may change settings (the
        PIN entered, or none set); whatever asked for it, a tap or an accessibility client."""

        def run(*args: object) -> None:
            if self._permits():
                act(*args)
                return
            log.warning("a setting was changed without the household PIN; nothing was done")
            self.screen.show_preferences(self.effective())  # the controls show what is in force
            self.show_problem(self.s.i18n._("Enter the household PIN first."))

        return run

    @property
    def shown_unit(self) -> DisplayUnit:
        """The guest view shows use, never money (a cost shows the tariff)."""
        if self._guest() and self.unit is DisplayUnit.MONEY:
            return DisplayUnit.ENERGY
        return self.unit

    def offered_units(self) -> list[str]:
        return [u.value for u in DisplayUnit if not (self._guest() and u is DisplayUnit.MONEY)]

    def effective(self) -> Preferences:
        return replace(self.prefs, profile=self.profile_name, language=self.s.i18n.language)

    def show_problem(self, words: str) -> None:
        self.problem = words
        if (screen := self.s.window.built("settings")) is not None:
            screen.show_problem(words)  # type: ignore[attr-defined]

    # -- the choices

    def set_unit(self, unit: DisplayUnit) -> None:
        self.unit = unit
        self.choose(unit=unit.value)

    def set_profile(self, name: str) -> None:
        self.profile_name = name
        self.s.set_theme(replace(self.s.theme, profile=PROFILES[name]))
        self.choose(profile=name)

    def set_language(self, code: str) -> None:
        self.s.set_language(I18n(code))
        self.choose(language=code)

    def set_speak_changes(self, on: bool, *, say: bool = False) -> None:
        self.choose(speak_changes=on)
        if say:
            _ = self.s.i18n._
            self.speak.emit(_("Speaking changes is on") if on else _("Speaking changes is off"))

    def choose(self, **changes: object) -> None:
        """Apply a choice made on screen and save it off the GUI thread."""
        self.prefs = replace(self.prefs, **changes)  # type: ignore[arg-type]
        if (screen := self.s.window.built("settings")) is not None:
            screen.show_preferences(self.effective())  # type: ignore[attr-defined]
        self.show_problem("")
        self.changed.emit(self.prefs)
        prefs, folder = self.prefs, self.s.data_dir
        self.s.save("settings", lambda: save_preferences(folder, prefs), self._not_saved)

    def _not_saved(self, reason: str) -> None:
        self.show_problem(self.s.i18n._("Your settings could not be saved ({reason}). They apply until the "
                                        "display is restarted.").format(reason=reason))

    def fit(self, width: int, height: int) -> None:
        from ihd.ui.theme import is_roomy

        roomy = is_roomy(width, height)
        if roomy != self.s.theme.roomy:
            self.s.set_theme(replace(self.s.theme, roomy=roomy))

    def _retranslate(self, i18n: I18n) -> None:
        if (screen := self.s.window.built("settings")) is not None:
            screen.retranslate(i18n)  # type: ignore[attr-defined]
            screen.show_preferences(self.effective())  # type: ignore[attr-defined]

    def reset(self) -> None:
        """After the wipe: the config's defaults (a --profile given at start still holds)."""
        self.prefs = self._defaults
        self.unit = DisplayUnit(self.prefs.unit)
        self.profile_name = self._profile or self.prefs.profile
        self.s.set_theme(replace(self.s.theme, profile=PROFILES[self.profile_name]))
        self.s.set_language(I18n(self.prefs.language))
        self.changed.emit(self.prefs)
