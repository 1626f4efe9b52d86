"""Display profiles as data: colours, text size and the smallest touch target.

The UI turns a profile into a palette and one stylesheet; no widget has sizes of its own. Sizes
here are CSS pixels on the 7-inch 800x480 panel (about 5.4 px per mm).
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Colours:
    background: str
    surface: str  # panels
    text: str
    muted: str  # secondary text; still meets the profile's contrast target on surface
    accent: str  # chosen unit, buttons
    accent_text: str
    border: str
    focus: str
    warning: str  # stale or lost; always paired with words and a shape
    warning_text: str


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    colours: Colours
    body_px: int  # ordinary text
    min_target_px: int = 64  # 9 mm on the 7-inch panel
    focus_px: int = 3
    border_px: int = 1
    contrast_target: float = 4.5  # WCAG AA; high contrast profiles meet AAA (7:1)

    def px(self, times: float) -> int:
        """A size derived from the body text size."""
        return round(self.body_px * times)


STANDARD_COLOURS = Colours(
    background="#EFEBE3",
    surface="#FFFFFF",
    text="#1A1A1A",
    muted="#4D4D4D",
    accent="#0B4F8A",
    accent_text="#FFFFFF",
    border="#8C857A",
    focus="#0B4F8A",
    warning="#FFF1CC",
    warning_text="#5C3B00",
)
HIGH_CONTRAST_COLOURS = Colours(
    background="#000000",
    surface="#000000",
    text="#FFFFFF",
    muted="#FFFFFF",
    accent="#FFE500",
    accent_text="#000000",
    border="#FFFFFF",
    focus="#FFE500",
    warning="#000000",
    warning_text="#FFE500",
)

STANDARD = Profile("standard", STANDARD_COLOURS, body_px=18)
LARGE_PRINT = replace(STANDARD, name="large-print", body_px=27, focus_px=4)
HIGH_CONTRAST = Profile("high-contrast", HIGH_CONTRAST_COLOURS, body_px=18, focus_px=5, border_px=2,
                        contrast_target=7.0)
LARGE_HIGH_CONTRAST = replace(HIGH_CONTRAST, name="large-high-contrast", body_px=27)

PROFILES = {p.name: p for p in (STANDARD, LARGE_PRINT, HIGH_CONTRAST, LARGE_HIGH_CONTRAST)}


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #RRGGBB colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
