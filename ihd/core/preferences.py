"""What the household chose on the settings screen, kept between runs.

Choices made on the screen win over the config file's defaults; a command-line option wins over
both for that run only (an accessibility tester's --profile does not change the household's).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from ihd.core.ambient import AmbientFuel, AmbientMode
from ihd.core.profiles import PROFILES
from ihd.core.units import DisplayUnit

LANGUAGES = {  # shipped languages, each named in itself
    "en_GB": "English",
    "cy": "Cymraeg",
    "pl": "Polski",
    "ur": "اردو",
}
PSEUDO = "pseudo"  # lengthened, accented English for catching clipped layouts
SPEECH_RATES = range(-5, 6)  # slower .. faster, 0 is the voice's own speed
SPEECH_VOLUMES = range(0, 11)  # tenths


@dataclass(frozen=True, slots=True)
class Preferences:
    """What the household chose on the settings screen, kept between runs."""

    profile: str = "standard"
    language: str = "en_GB"
    unit: str = DisplayUnit.MONEY.value
    speak_changes: bool = False
    speech_rate: int = 0
    speech_volume: int = 8
    ambient_mode: str = "absolute"
    ambient_fuel: str = "electricity"
    medium_kw: float = 2.0
    high_kw: float = 4.0
    warmth_safe: bool = True
    gentle_words: bool = False

    def merged(self, raw: dict[str, Any]) -> tuple[Preferences, list[str]]:
        """These preferences updated by the valid values in `raw`; returns what was ignored."""
        checks = {
            "profile": lambda v: v in PROFILES,
            "language": lambda v: v in LANGUAGES or v == PSEUDO,
            "unit": lambda v: v in {u.value for u in DisplayUnit},
            "speak_changes": lambda v: isinstance(v, bool),
            "speech_rate": lambda v: type(v) is int and v in SPEECH_RATES,
            "speech_volume": lambda v: type(v) is int and v in SPEECH_VOLUMES,
            "ambient_mode": lambda v: v in {m.value for m in AmbientMode},
            "ambient_fuel": lambda v: v in {f.value for f in AmbientFuel},
            "medium_kw": lambda v: isinstance(v, int | float) and not isinstance(v, bool) and 0.1 <= v <= 50,
            "high_kw": lambda v: isinstance(v, int | float) and not isinstance(v, bool) and 0.2 <= v <= 100,
            "warmth_safe": lambda v: isinstance(v, bool),
            "gentle_words": lambda v: isinstance(v, bool),
        }
        good = {k: v for k, v in raw.items() if k in checks and checks[k](v)}
        if good.get("medium_kw", self.medium_kw) >= good.get("high_kw", self.high_kw):
            good.pop("medium_kw", None)
            good.pop("high_kw", None)
        ignored = sorted(set(raw) - set(good))
        return replace(self, **good), ignored

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
