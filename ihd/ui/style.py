"""Applies a display profile: the palette, and the one templated stylesheet."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from string import Template

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from ihd.core.profiles import Profile

FONT_FAMILY = "DejaVu Sans"
_TEMPLATE = Template((Path(__file__).with_name("style.qss")).read_text(encoding="utf-8"))


def stylesheet(profile: Profile) -> str:
    c = asdict(profile.colours)
    return _TEMPLATE.substitute(
        c,
        font=FONT_FAMILY,
        body=profile.body_px,
        title=profile.px(1.25),
        big=profile.px(3.6),
        medium=profile.px(1.8),
        unit=profile.px(1.2),
        border=profile.border_px,
        focus=profile.focus_px,
        radius=profile.px(0.5),
        gap=profile.px(0.5),
        target=profile.min_target_px,
    )


def apply_profile(app: QApplication, profile: Profile) -> None:
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
    app.setStyleSheet(stylesheet(profile))
