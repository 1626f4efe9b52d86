"""Applies a display profile: the palette, and the one templated stylesheet."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from string import Template

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from ihd.core.profiles import Profile

FONT_FAMILY = "DejaVu Sans"
ROOMY_GROWTH = 1.6
ROOMY_SHORT_SIDE_PX = 700  # the portrait Touch Display 2 is 720 wide
_TEMPLATE = Template((Path(__file__).with_name("style.qss")).read_text(encoding="utf-8"))


def stylesheet(profile: Profile, roomy: bool = False) -> str:
    """`roomy`: the screen has room to spare (a portrait or large panel), so headline figures grow."""
    c = asdict(profile.colours)
    grow = ROOMY_GROWTH if roomy else 1.0
    return _TEMPLATE.substitute(
        c,
        font=FONT_FAMILY,
        body=profile.body_px,
        title=profile.px(1.25),
        big=profile.px(3.6 * grow),
        medium=profile.px(1.8 * grow),
        unit=profile.px(1.2),
        border_w=profile.border_px,
        focus_w=profile.focus_px,
        radius=profile.px(0.5),
        gap=profile.px(0.5),
        target=profile.min_target_px,
    )


def is_roomy(width: int, height: int) -> bool:
    return min(width, height) >= ROOMY_SHORT_SIDE_PX


def apply_profile(app: QApplication, profile: Profile, roomy: bool = False) -> None:
    c = profile.colours
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
    font = QFont(FONT_FAMILY)
    font.setPixelSize(profile.body_px)
    app.setFont(font)
    app.setStyleSheet(stylesheet(profile, roomy))
