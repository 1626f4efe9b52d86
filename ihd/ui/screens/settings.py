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


class SettingsScreen(QWidget):
    back = Signal()
    profile_chosen = Signal(str)
    language_chosen = Signal(str)
    speak_changes_toggled = Signal(bool)
    speech_rate_changed = Signal(int)
    speech_volume_changed = Signal(int)
    speech_tested = Signal()

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
        self.about = label("note", body, wrap=True)

        steps = QGridLayout()
        for row, (text, minus, plus) in enumerate(((self.rate_label, self.slower, self.faster),
                                                   (self.volume_label, self.quieter, self.louder))):
            steps.addWidget(text, row, 0)
            steps.addWidget(minus, row, 1)
            steps.addWidget(plus, row, 2)
        steps.setColumnStretch(0, 1)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (self.display_heading, self.profiles, self.language_heading, self.languages,
                       self.speech_heading, self.speak_changes):
            column.addWidget(widget)
        column.addLayout(steps)
        column.addWidget(self.test)
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
        self.slower.set_label(_("Slower"), _("Speak more slowly"))
        self.faster.set_label(_("Faster"), _("Speak faster"))
        self.quieter.set_label(_("Quieter"), _("Speak more quietly"))
        self.louder.set_label(_("Louder"), _("Speak louder"))
        self.test.set_label(_("Try the voice"))
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
        for text in (self.rate_label, self.volume_label):
            text.setAccessibleName(text.text())

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(bool(message))
        set_warning(self.problem, bool(message))

    def _step_rate(self, step: int) -> None:
        rate = self._prefs.speech_rate + step
        if rate in SPEECH_RATES:
            self.speech_rate_changed.emit(rate)

    def _step_volume(self, step: int) -> None:
        volume = self._prefs.speech_volume + step
        if volume in SPEECH_VOLUMES:
            self.speech_volume_changed.emit(volume)
