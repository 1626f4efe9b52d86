"""When the display speaks by itself, following the rules of the talking displays already in use:

- a change is spoken once, and the same words for the same thing not again within 60 seconds;
- while something is in its high (alarming) band, it is repeated after one minute, then every
  ten minutes, until it leaves that band;
- nothing is spoken while speech is switched off or the screen is asleep (a press to read aloud
  is a request, and is always answered).
"""

from __future__ import annotations

from dataclasses import dataclass

REPEAT_GUARD_S = 60.0
HIGH_FIRST_REPEAT_S = 60.0
HIGH_REPEAT_EVERY_S = 600.0


@dataclass
class _Spoken:
    """The last words said about one thing, for the repeat guard and a high band's repeats."""

    text: str
    at: float
    high: bool
    repeats: int = 0


class SpeechPolicy:
    def __init__(self, enabled: bool = False) -> None:
        self.enabled = enabled
        self.asleep = False
        self._spoken: dict[str, _Spoken] = {}

    def change(self, key: str, text: str, now: float, *, high: bool = False) -> str | None:
        """Something changed; returns the words to say now, or None."""
        last = self._spoken.get(key)
        if not high and last is not None and last.high:
            last.high = False  # it has left its high band: no more repeats
        if not self.enabled or self.asleep:
            return None
        if last is not None and last.text == text and now - last.at < REPEAT_GUARD_S:
            return None
        self._spoken[key] = _Spoken(text, now, high)
        return text

    def clear(self, key: str) -> None:
        """The thing is over (e.g. left its high band): stop any repeats of it."""
        self._spoken.pop(key, None)

    def due(self, now: float) -> list[str]:
        """Repeats of high-band items that are due now (call this every few seconds)."""
        if not self.enabled or self.asleep:
            return []
        due = []
        for item in self._spoken.values():
            wait = HIGH_FIRST_REPEAT_S if item.repeats == 0 else HIGH_REPEAT_EVERY_S
            if item.high and now - item.at >= wait:
                item.at, item.repeats = now, item.repeats + 1
                due.append(item.text)
        return due
