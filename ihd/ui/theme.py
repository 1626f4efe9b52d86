"""A display profile applied to Qt: fonts, the palette, and the one templated stylesheet.

Every size on screen comes from here, derived from the profile's body text size; widgets have
no pixel sizes of their own.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from string import Template

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from ihd.core.profiles import Profile

# Atkinson Hyperlegible for Latin scripts (designed for low vision), Noto Sans Arabic for Urdu,
# DejaVu Sans for anything else. Qt falls back along this list glyph by glyph.
FONT_FAMILIES = ("Atkinson Hyperlegible", "Noto Sans Arabic", "DejaVu Sans")
ROOMY_GROWTH = 1.5
STANDARD_BODY_PX = 18
ROOMY_SHORT_SIDE_PX = 700  # the portrait Touch Display 2 is 720 wide
_TEMPLATE = Template(Path(__file__).with_name("style.qss").read_text(encoding="utf-8"))
_FONT_DIRS = (Path(__file__).parents[1] / "assets" / "fonts", Path(__file__).parents[2] / "assets" / "fonts")


def load_fonts() -> list[str]:
    """Register the bundled fonts (from the package, or the checkout's assets/)."""
    loaded: list[str] = []
    for folder in _FONT_DIRS:
        for path in sorted(folder.glob("*.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            loaded += QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if loaded:
            break
    return loaded


def chart_line_px(profile: Profile) -> int:
    """The outline of a chart's earlier bars (and of its key): never a hairline."""
    return max(2, profile.border_px)


def is_roomy(width: int, height: int) -> bool:
    return min(width, height) >= ROOMY_SHORT_SIDE_PX


@dataclass(frozen=True, slots=True)
class Theme:
    """A profile at a screen size: `roomy` screens (a portrait panel) grow the headline figures."""

    profile: Profile
    roomy: bool = False

    @property
    def colours(self) -> dict[str, str]:
        return asdict(self.profile.colours)

    def sizes(self) -> dict[str, int]:
        p, grow = self.profile, ROOMY_GROWTH if self.roomy else 1.0
        return {
            "body": p.body_px,
            "title": p.px(1.25),
            "big": p.px(3.0 * grow),
            "medium": p.px(1.5 * grow),
            "unit": p.px(1.15),
            "border_w": p.border_px,
            "focus_w": p.focus_px,
            "chart_line": chart_line_px(p),
            "radius": p.px(0.4),
            "gap": p.px(0.5),
            "focus_pad": max(p.px(0.5) - (p.focus_px - p.border_px), 0),  # a focused control's words keep their room
            "target": p.min_target_px,
            # a segment's content width: with its padding and border it is one target wide
            "segment": max(p.min_target_px - 2 * (p.px(0.5) + p.border_px), 0),
            "scrollbar": p.min_target_px * 3 // 4,  # a finger's width: it only shows when needed
            # The glance word is already larger than any profile's text: readable across a room at
            # 800x480, and it must still fit there in large print.
            "glance_shape": round(STANDARD_BODY_PX * 3 * grow),
            "glance_word": round(STANDARD_BODY_PX * 4 * grow),
        }

    def stylesheet(self) -> str:
        families = ", ".join(f'"{f}"' for f in FONT_FAMILIES)
        return _TEMPLATE.substitute(self.colours, **self.sizes(), fonts=families)


def apply_theme(app: QApplication, theme: Theme) -> None:
    c = theme.profile.colours
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, c.background),
        (QPalette.ColorRole.Base, c.surface),
        (QPalette.ColorRole.WindowText, c.text),
        (QPalette.ColorRole.Text, c.text),
        (QPalette.ColorRole.ButtonText, c.text),
        (QPalette.ColorRole.Button, c.surface),
        (QPalette.ColorRole.Highlight, c.accent),
        (QPalette.ColorRole.HighlightedText, c.accent_text),
    ):
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    font = QFont()
    font.setFamilies(list(FONT_FAMILIES))
    font.setPixelSize(theme.profile.body_px)
    app.setFont(font)
    app.setStyleSheet(theme.stylesheet())
