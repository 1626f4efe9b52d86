"""Speech: reading figures aloud when asked, speaking changes when the household wants it, and
saying so where it was asked for when this display cannot speak."""

from __future__ import annotations

from ihd.core.preferences import Preferences
from ihd.core.speech import SpeechPolicy
from ihd.features.shared import Event, Shared


class Voice:
    def __init__(self, shared: Shared, engine: str, speak_changes: bool) -> None:
        from ihd.ui.speech import Speaker

        self.s = shared
        self.policy = SpeechPolicy(speak_changes)
        self.speaker = Speaker(engine, on_problem=lambda _why: self._speechless())
        self.rate, self.volume = Preferences().speech_rate, Preferences().speech_volume
        self.unavailable = Event()  # the words saying so, for Settings

    def follow(self, prefs: Preferences) -> None:
        self.policy.enabled = prefs.speak_changes
        self.rate, self.volume = prefs.speech_rate, prefs.speech_volume

    def say(self, text: str) -> None:
        if not self.speaker.say(text, self.s.i18n.language, self.rate, self.volume):
            self._speechless()

    def _speechless(self) -> None:
        """Speech is not available (known at once, or when speech-dispatcher turned the words down):
        said where it was asked for, in words and to a screen reader, not only on Settings."""
        from ihd.ui.a11y import announce

        words = self.s.i18n._("Speech is not available on this display.")
        self.unavailable.emit(words)
        screen = self.s.window.screen(self.s.current)
        if (button := getattr(screen, "speak", None)) is not None:
            button.say_for_a_while(self.s.i18n._("No speech here"))
        announce(screen, words)

    def tell(self, words: str) -> None:
        """A result the household asked for: spoken if speaking changes is on."""
        if self.policy.enabled:
            self.say(words)

    def due(self, monotonic: float) -> None:
        for words in self.policy.due(monotonic):
            self.say(words)

    def stop(self) -> None:
        self.speaker.stop()
