"""Display profiles as data: colours, text size and the smallest touch target.

The UI turns a profile into a palette and one stylesheet; no widget has sizes of its own. Sizes
here are CSS pixels on the 7-inch 800x480 panel (about 5.4 px per mm).
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Colours:
    """A profile's palette: the colours its stylesheet is made from."""

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
    # Ambient levels: told apart under every common colour-vision deficiency, and always
    # shown with a word and a shape as well.
    level_low: str = "#1F6FB2"
    level_low_text: str = "#FFFFFF"
    level_medium: str = "#F0C419"
    level_medium_text: str = "#1A1A1A"
    level_high: str = "#B3261E"
    level_high_text: str = "#FFFFFF"
    # Supply and credit alerts, which take over the lamp: each with its own word and shape too.
    supply_off: str = "#1A1A1A"  # a dark lamp: no power in the house
    supply_off_text: str = "#FFFFFF"
    supply_armed: str = "#0E6B3A"
    supply_armed_text: str = "#FFFFFF"
    emergency: str = "#A34A00"
    emergency_text: str = "#FFFFFF"
    credit_low: str = "#E8A33D"
    credit_low_text: str = "#1A1A1A"


@dataclass(frozen=True, slots=True)
class Profile:
    """A display profile: its colours, text size and the smallest touch target."""

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
    level_low="#7FD4FF",
    level_low_text="#000000",
    level_medium="#FFE500",
    level_medium_text="#000000",
    level_high="#FF8A8A",
    level_high_text="#000000",
    supply_off="#FFFFFF",  # on a black screen the brightest band is the one that stands out
    supply_off_text="#000000",
    supply_armed="#5CFF8A",
    supply_armed_text="#000000",
    emergency="#FFB347",
    emergency_text="#000000",
    credit_low="#C9A0FF",
    credit_low_text="#000000",
)

STANDARD = Profile("standard", STANDARD_COLOURS, body_px=18)
LARGE_PRINT = replace(STANDARD, name="large-print", body_px=27, focus_px=4)
HIGH_CONTRAST = Profile("high-contrast", HIGH_CONTRAST_COLOURS, body_px=18, focus_px=5, border_px=2,
                        contrast_target=7.0)
LARGE_HIGH_CONTRAST = replace(HIGH_CONTRAST, name="large-high-contrast", body_px=27)

PROFILES = {p.name: p for p in (STANDARD, LARGE_PRINT, HIGH_CONTRAST, LARGE_HIGH_CONTRAST)}


def _linear(colour: str) -> list[float]:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


# Machado, Oliveira and Fernandes (2009), full severity, on linear RGB.
VISION = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def seen_difference(a: str, b: str, vision: str | None = None) -> float:
    """CIE76 colour difference (delta E in CIELAB) between two #RRGGBB colours, as a person with
    the given colour vision (None: typical) would see them. Above about 25 is clearly different."""

    def lab(colour: str) -> tuple[float, float, float]:
        rgb = _linear(colour)
        if vision is not None:
            rgb = [min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in VISION[vision]]
        x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047
        y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
        z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883

        def f(t: float) -> float:
            return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

        return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))

    (l1, a1, b1), (l2, a2, b2) = lab(a), lab(b)
    return ((l1 - l2) ** 2 + (a1 - a2) ** 2 + (b1 - b2) ** 2) ** 0.5


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #RRGGBB colours."""

    def luminance(colour: str) -> float:
        lin = _linear(colour)
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
