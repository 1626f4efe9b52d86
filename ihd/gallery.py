"""Every screen in every profile, at both panel sizes, in every language, as PNGs for review.

    python -m ihd.gallery [--out gallery] [--check]

The simulated home is frozen at one winter evening so that pictures can be compared from run to
run. With --check, the layout problems found on each picture are listed and the exit status is 1
if there are any: a widget sticking out or overlapping, text cut off, or one of the screen's
essentials (its layout contract, see ihd/ui/layout_check.py) not fully in sight. An index.html
lays the pictures out side by side.
"""

from __future__ import annotations

import argparse
import html
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from ihd.core.account_view import Action
from ihd.core.clock import ManualClock
from ihd.core.household import PinHash
from ihd.core.preferences import LANGUAGES, PSEUDO
from ihd.core.prepayment import KeypadLock
from ihd.core.profiles import PROFILES
from ihd.core.units import Fuel

SIZES = ((800, 480), (720, 1280))
SCREENS = ("home", "history", "ahead", "settings", "glance", "consent", "pin", "unlock", "about")
# On the prepayment demo home: its home screen, the account, a code typed wrong, a question to
# confirm, the glance view with the balance, and naming someone to tell when credit runs low.
PREPAYMENT_SCREENS = ("prepayment-home", "prepayment", "topup", "confirm", "prepayment-glance", "trusted")
MISTYPED = "73947252416745201638"  # one digit off the published example: the check digit catches it
EVENING = datetime(2026, 1, 15, 18, 20, tzinfo=UTC)


@dataclass(frozen=True)
class Shot:
    """One picture in the gallery: a screen, at one size, in one profile and language."""

    screen: str
    size: tuple[int, int]
    profile: str
    language: str

    @property
    def filename(self) -> str:
        return f"{self.screen}-{self.size[0]}x{self.size[1]}-{self.profile}-{self.language}.png"

    @property
    def home(self) -> str:
        """The demo home the screen is shown on."""
        return "prepayment" if self.screen in PREPAYMENT_SCREENS else "credit"


def shots(languages: tuple[str, ...] = (*LANGUAGES, PSEUDO)) -> Iterator[Shot]:
    for screens in (SCREENS, PREPAYMENT_SCREENS):
        for size in SIZES:
            for profile in PROFILES:
                for language in languages:
                    for screen in screens:
                        yield Shot(screen, size, profile, language)


def render(out: Path | None, wanted: list[Shot], on_shot=None) -> None:  # type: ignore[no-untyped-def]
    """Render the shots, each demo home's with one display switched live between profiles,
    languages and sizes."""
    for home in ("credit", "prepayment"):
        mine = [shot for shot in wanted if shot.home == home]
        if mine:
            _render_home(home, out, mine, on_shot)


def _render_home(home: str, out: Path | None, wanted: list[Shot], on_shot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from ihd.app import Display
    from ihd.cli import parse_options

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as data:
        options = parse_options(["--demo", home, "--data-dir", data, "--size", "800x480"])
        display = Display(options, ManualClock(EVENING))
        display.start()
        try:
            while not display.settled():
                app.processEvents()
            display.seed_demo_history()
            display.writer.flush()
            app.processEvents()
            for shot in wanted:
                _arrange(display, shot)
                _settle(app, display)
                if out is not None:
                    display.window.grab().save(str(out / shot.filename), "PNG")
                if on_shot is not None:
                    on_shot(shot, display)
        finally:
            display.stop()
            display.window.close()


def _settle(app, display, rounds: int = 24, still: int = 3) -> None:  # type: ignore[no-untyped-def]
    """The switch, the deferred re-fits and their layouts, until the screen stops moving for
    `still` rounds (a re-fit may wait a round for a scroll bar's coming or going to be heard, and
    a reading from the demo may arrive meanwhile and move it again)."""
    from PySide6.QtWidgets import QWidget

    def layout_now() -> list[tuple[int, int, int, int, bool]]:
        screen = display.window.screens[display.window.current]
        return [(*w.geometry().getRect(), w.isVisible()) for w in screen.findChildren(QWidget)]

    before, unchanged = None, 0
    for _ in range(rounds):
        app.processEvents()
        now = layout_now()
        unchanged = unchanged + 1 if now == before else 0
        if unchanged == still:
            return
        before = now


def _arrange(display, shot: Shot) -> None:  # type: ignore[no-untyped-def]
    if display.window.size().toTuple() != shot.size:
        display.window.resize(*shot.size)
    if display.choices.profile_name != shot.profile:
        display.choices.set_profile(shot.profile)
    if display.shared.i18n.language != shot.language:
        display.choices.set_language(shot.language)
    match shot.screen:
        case "prepayment-home":
            display.window.show_screen("home")
        case "prepayment-glance":
            display.window.show_screen("glance")
        case "topup":
            display.account.lock = KeypadLock()  # each picture's one wrong code, not the sum of them
            display.account.open_top_up(Fuel.ELECTRICITY)
            display.account.topup_screen.digits = MISTYPED
            display.account.check(MISTYPED)
        case "pin":
            display.household.choose_pin()
        case "unlock":  # checking the PIN, with the way past a forgotten one
            household = display.household
            household.house = replace(household.house, pin=PinHash.of("2580"))
            household.guard(lambda: None)
            household.house = replace(household.house, pin=None)  # the other pictures: as new
        case "confirm":
            display.account.act(Fuel.ELECTRICITY, Action.EMERGENCY_CREDIT)
        case "trusted":
            display.trusted.ask_who(lambda _person: None)
            display.trusted.screen.start("Sam")
        case _:
            display.window.show_screen(shot.screen)
    display.figures.refresh()


def shot_problems(shot: Shot, display) -> list[str]:  # type: ignore[no-untyped-def]
    """What is broken on the shown screen, and any of its essentials a person could not see."""
    from ihd.ui.layout_check import missing_essentials, problems

    window = display.window
    found = problems(window) + missing_essentials(window, window.stack.currentWidget())
    if window.size().toTuple() != shot.size:  # a page's minimum held the window open
        found.append(f"the window is {window.size().toTuple()}")
    return found


def _index(out: Path, wanted: list[Shot]) -> None:
    rows = []
    for shot in wanted:
        name = html.escape(shot.filename)
        rows.append(f'<figure><img src="{name}" loading="lazy"><figcaption>{name}</figcaption></figure>')
    style = ("figure{display:inline-block;margin:8px}"
             "img{max-width:400px;max-height:400px;border:1px solid #888}")
    (out / "index.html").write_text(f"<!doctype html><meta charset=utf-8><title>ihd gallery</title>"
                                    f"<style>{style}</style>{''.join(rows)}\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ihd.gallery", description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=Path("gallery"))
    ap.add_argument("--check", action="store_true", help="list layout problems; exit 1 if any")
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    args.out.mkdir(parents=True, exist_ok=True)
    wanted = list(shots())
    found: list[str] = []

    def check(shot: Shot, display) -> None:  # type: ignore[no-untyped-def]
        found.extend(f"{shot.filename}: {p}" for p in shot_problems(shot, display))

    render(args.out, wanted, check if args.check else None)
    _index(args.out, wanted)
    print(f"{len(wanted)} pictures in {args.out}/ (open {args.out / 'index.html'})")
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
