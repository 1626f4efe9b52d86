"""Settings: display profile, language and speech, each one tap away and all reachable by keys."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from ihd import __version__
from ihd.core.formatting import Formatter
from ihd.core.preferences import LANGUAGES, SPEECH_RATES, SPEECH_VOLUMES, Preferences
from ihd.core.profiles import PROFILES
from ihd.ui.widgets.button import Button
from ihd.ui.widgets.choices import Choices
from ihd.ui.widgets.labels import label, set_warning
from ihd.ui.widgets.scroll import touch_scroll_area

STEP_KW = 0.5


class SettingsScreen(QWidget):
    back = Signal()
    profile_chosen = Signal(str)
    language_chosen = Signal(str)
    speak_changes_toggled = Signal(bool)
    speech_rate_changed = Signal(int)
    speech_volume_changed = Signal(int)
    speech_tested = Signal()
    ambient_changed = Signal(dict)  # preference name -> new value
    data_opened = Signal()
    about_opened = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prefs = Preferences()
        self._fmt: Formatter | None = None
        self.back_button = Button(self)
        self.back_button.clicked.connect(self.back)
        self.title = label("title", self)
        self.problem = label("note", self, wrap=True)
        self.problem.hide()

        body = QWidget()
        self.display_heading = label("heading", body)
        self.profiles = Choices(list(PROFILES), columns=2, parent=body)
        self.profiles.chosen.connect(self.profile_chosen)
        self.language_heading = label("heading", body)
        self.languages = Choices(list(LANGUAGES), columns=2, parent=body)
        self.languages.chosen.connect(self.language_chosen)
        self.speech_heading = label("heading", body)
        self.speak_changes = Button(body, checkable=True)
        self.speak_changes.toggled.connect(self.speak_changes_toggled)  # also a screen reader's toggle
        self.rate_label = label("note", body, wrap=True)
        self.slower, self.faster = Button(body), Button(body)
        self.slower.clicked.connect(lambda: self._step_rate(-1))
        self.faster.clicked.connect(lambda: self._step_rate(1))
        self.volume_label = label("note", body, wrap=True)
        self.quieter, self.louder = Button(body), Button(body)
        self.quieter.clicked.connect(lambda: self._step_volume(-1))
        self.louder.clicked.connect(lambda: self._step_volume(1))
        self.test = Button(body)
        self.test.clicked.connect(self.speech_tested)
        self.ambient_heading = label("heading", body)
        self.modes = Choices(["absolute", "relative", "meter", "tariff", "carbon"], columns=2, parent=body)
        self.modes.chosen.connect(lambda mode: self.ambient_changed.emit({"ambient_mode": mode}))
        self.ambient_fuels = Choices(["electricity", "gas", "both"], columns=3, parent=body)
        self.ambient_fuels.chosen.connect(lambda fuel: self.ambient_changed.emit({"ambient_fuel": fuel}))
        self.medium_label = label("note", body, wrap=True)
        self.medium_less, self.medium_more = Button(body), Button(body)
        self.medium_less.clicked.connect(lambda: self._step_kw("medium_kw", -STEP_KW))
        self.medium_more.clicked.connect(lambda: self._step_kw("medium_kw", STEP_KW))
        self.high_label = label("note", body, wrap=True)
        self.high_less, self.high_more = Button(body), Button(body)
        self.high_less.clicked.connect(lambda: self._step_kw("high_kw", -STEP_KW))
        self.high_more.clicked.connect(lambda: self._step_kw("high_kw", STEP_KW))
        self.warmth = Button(body, checkable=True)
        self.warmth.toggled.connect(lambda on: self.ambient_changed.emit({"warmth_safe": on}))
        self.gentle = Button(body, checkable=True)
        self.gentle.toggled.connect(lambda on: self.ambient_changed.emit({"gentle_words": on}))
        self.data = Button(body)
        self.data.clicked.connect(self.data_opened)
        self.support = Button(body)
        self.support.clicked.connect(self.about_opened)
        self.about = label("note", body, wrap=True)

        steps = QGridLayout()
        for row, (text, minus, plus) in enumerate(((self.rate_label, self.slower, self.faster),
                                                   (self.volume_label, self.quieter, self.louder))):
            steps.addWidget(text, row, 0)
            steps.addWidget(minus, row, 1)
            steps.addWidget(plus, row, 2)
        steps.setColumnStretch(0, 1)
        thresholds = QGridLayout()
        for row, (text, minus, plus) in enumerate(((self.medium_label, self.medium_less, self.medium_more),
                                                   (self.high_label, self.high_less, self.high_more))):
            thresholds.addWidget(text, row, 0)
            thresholds.addWidget(minus, row, 1)
            thresholds.addWidget(plus, row, 2)
        thresholds.setColumnStretch(0, 1)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (self.display_heading, self.profiles, self.language_heading, self.languages,
                       self.speech_heading, self.speak_changes):
            column.addWidget(widget)
        column.addLayout(steps)
        column.addWidget(self.test)
        for widget in (self.ambient_heading, self.modes, self.ambient_fuels):
            column.addWidget(widget)
        column.addLayout(thresholds)
        column.addWidget(self.warmth)
        column.addWidget(self.gentle)
        column.addWidget(self.data)
        column.addWidget(self.support)
        column.addWidget(self.about)
        column.addStretch(1)

        gap = self.fontMetrics().height() // 2
        top = QHBoxLayout()
        top.setSpacing(gap)
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(gap, gap, gap, gap)
        outer.setSpacing(gap)
        outer.addLayout(top)
        outer.addWidget(self.problem)
        self.scroll = touch_scroll_area(body, self)
        outer.addWidget(self.scroll, 1)

    def essentials(self) -> dict[str, QWidget]:
        return {"back": self.back_button, "profiles": self.profiles}

    def focus_after(self, _came_from: str) -> QWidget:
        return self.back_button

    def retranslate(self, fmt: Formatter) -> None:
        _ = fmt._
        self._fmt = fmt
        self.back_button.set_label(_("Back"), _("Back to the home screen"))
        self.title.setText(_("Settings"))
        self.scroll.setAccessibleName(_("All settings"))
        self.display_heading.setText(_("How the screen looks"))
        self.profiles.set_labels({
            "standard": (_("Standard"), _("Standard display")),
            "large-print": (_("Large print"), _("Large print")),
            "high-contrast": (_("High contrast"), _("High contrast")),
            "large-high-contrast": (_("Large, high contrast"), _("Large print with high contrast")),
        })
        self.language_heading.setText(_("Language"))
        self.languages.set_labels({code: (name, name) for code, name in LANGUAGES.items()})
        self.speech_heading.setText(_("Speech"))
        for stepper in (self.slower, self.faster, self.quieter, self.louder, self.medium_less, self.medium_more,
                        self.high_less, self.high_more):
            stepper.setProperty("base_name", None)
        self.slower.set_label(_("Slower"), _("Speak more slowly"))
        self.faster.set_label(_("Faster"), _("Speak faster"))
        self.quieter.set_label(_("Quieter"), _("Speak more quietly"))
        self.louder.set_label(_("Louder"), _("Speak louder"))
        self.test.set_label(_("Try the voice"))
        self.ambient_heading.setText(_("Colour feedback"))
        self.modes.set_labels({
            "absolute": (_("By kW"), _("Judge the level by fixed kilowatt thresholds")),
            "relative": (_("Against your usual"), _("Judge the level against your usual use at this time")),
            "meter": (_("The meter's own"), _("Use the meter's own low, medium and high")),
            "tariff": (_("By price"), _("Show whether electricity is cheap, normal or peak now")),
            "carbon": (_("By carbon"), _("Show whether the grid's electricity is low or high carbon now")),
        })
        self.ambient_fuels.set_labels({
            "electricity": (_("Electricity"), _("Colour by electricity use")),
            "gas": (_("Gas"), _("Colour by gas use")),
            "both": (_("Both"), _("Colour by electricity and gas together")),
        })
        self.medium_less.set_label("−", _("Medium starts lower"))
        self.medium_more.set_label("+", _("Medium starts higher"))
        self.high_less.set_label("−", _("High starts lower"))
        self.high_more.set_label("+", _("High starts higher"))
        self.data.set_label(_("Your data, PIN and guest view"),
                            _("Your data: who may have it, the household PIN, guest view, export and wipe"))
        self.support.set_label(_("About this display"),
                               _("About this display: version, broker, counts and problems, for support"))
        self.about.setText(_("ihd version {version}").format(version=__version__))
        self.show_preferences(self._prefs)

    def show_preferences(self, prefs: Preferences) -> None:
        self._prefs = prefs
        self.profiles.set_chosen(prefs.profile)
        self.languages.set_chosen(prefs.language)
        with QSignalBlocker(self.speak_changes):
            self.speak_changes.setChecked(prefs.speak_changes)
        if self._fmt is None:
            return
        _ = self._fmt._
        state = _("Speak changes: on") if prefs.speak_changes else _("Speak changes: off")
        self.speak_changes.set_label(state)
        self.rate_label.setText(_("Speed: {step} of {top}").format(
            step=prefs.speech_rate - SPEECH_RATES.start + 1, top=len(SPEECH_RATES)))
        self.volume_label.setText(_("Volume: {step} of {top}").format(
            step=prefs.speech_volume, top=SPEECH_VOLUMES.stop - 1))
        self.modes.set_chosen(prefs.ambient_mode)
        self.ambient_fuels.set_chosen(prefs.ambient_fuel)
        self.medium_label.setText(_("Medium from {kw} kW").format(kw=self._fmt.number(prefs.medium_kw, 1)))
        self.high_label.setText(_("High from {kw} kW").format(kw=self._fmt.number(prefs.high_kw, 1)))
        for toggle, on in ((self.warmth, prefs.warmth_safe), (self.gentle, prefs.gentle_words)):
            with QSignalBlocker(toggle):
                toggle.setChecked(on)
        self.warmth.set_label(_("Keeping warm comes first: on") if prefs.warmth_safe else
                              _("Keeping warm comes first: off"),
                              _("On a cold day, heating is never shown as high"))
        self.gentle.set_label(_("Gentle words: on") if prefs.gentle_words else _("Gentle words: off"))
        for text in (self.rate_label, self.volume_label, self.medium_label, self.high_label):
            text.setAccessibleName(text.text())
        # A stepper says where it stands, so pressing it is heard to do something.
        for text, buttons in ((self.rate_label, (self.slower, self.faster)),
                              (self.volume_label, (self.quieter, self.louder)),
                              (self.medium_label, (self.medium_less, self.medium_more)),
                              (self.high_label, (self.high_less, self.high_more))):
            for button in buttons:
                base = button.property("base_name") or button.accessibleName()
                button.setProperty("base_name", base)
                button.setAccessibleName(f"{base}. {text.text()}")

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(bool(message))
        set_warning(self.problem, bool(message))

    def _step_kw(self, name: str, step: float) -> None:
        """Move a threshold by half a kilowatt, keeping medium below high."""
        medium, high = self._prefs.medium_kw, self._prefs.high_kw
        medium, high = (medium + step, high) if name == "medium_kw" else (medium, high + step)
        if 0.5 <= medium < high <= 30:
            self.ambient_changed.emit({"medium_kw": round(medium, 1), "high_kw": round(high, 1)})

    def _step_rate(self, step: int) -> None:
        rate = self._prefs.speech_rate + step
        if rate in SPEECH_RATES:
            self.speech_rate_changed.emit(rate)

    def _step_volume(self, step: int) -> None:
        volume = self._prefs.speech_volume + step
        if volume in SPEECH_VOLUMES:
            self.speech_volume_changed.emit(volume)
