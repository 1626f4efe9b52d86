"""Speech through Qt's text-to-speech: speech-dispatcher on a Pi, the silent mock engine in tests.

QtTextToSpeech is loaded on first use, never at start-up. If it cannot be loaded or has no
engine, `problem` says so in words and the display carries on silently.
"""

from __future__ import annotations

import logging
from collections import deque
from typing import Any

log = logging.getLogger(__name__)


class Speaker:
    def __init__(self, engine: str = "") -> None:
        self._engine = engine
        self._tts: Any = None
        self.problem: str | None = None
        self.said: deque[str] = deque(maxlen=20)  # the latest passages, newest last

    def say(self, text: str, language: str, rate: int, volume: int) -> bool:
        """Speak `text` in `language` (rate -5..5, volume 0..10), cutting off anything still
        being said. Returns False if speech is not available."""
        tts = self._ensure()
        if tts is None:
            return False
        from PySide6.QtCore import QLocale

        tts.stop()
        tts.setLocale(QLocale(language.replace("pseudo", "en_GB")))
        tts.setRate(rate / 5)
        tts.setVolume(volume / 10)
        tts.say(text)
        self.said.append(text)
        return True

    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()

    def _ensure(self) -> Any:
        if self._tts is not None or self.problem is not None:
            return self._tts
        from PySide6.QtCore import QLoggingCategory

        # Qt's multimedia layer looks for PipeWire and warns when it is absent; speech-dispatcher
        # does not need it, so that search is not worth a warning.
        QLoggingCategory.setFilterRules("qt.multimedia.symbolsresolver.warning=false")
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as error:
            self.problem = f"speech is not installed ({error})"
            log.warning("%s", self.problem)
            return None
        tts = QTextToSpeech(self._engine) if self._engine else QTextToSpeech()
        if tts.state() == QTextToSpeech.State.Error:
            self.problem = f"the speech engine failed to start: {tts.errorString()}"
            log.warning("%s", self.problem)
            return None
        self._tts = tts
        return tts
