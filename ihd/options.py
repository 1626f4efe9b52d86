"""What one run of the display was asked to do: the config, and the command line's choices for
this run (parsed and checked by `ihd.cli`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ihd.config import Config

DEFAULT_SIZE = (800, 480)


@dataclass(frozen=True)
class Options:
    """What this run was asked to do: the config, and the command line's choices for this run only."""

    config: Config
    demo: bool = False
    demo_home: str = "credit"  # which simulated home: see DEMO_HOMES
    screen: str = "home"
    size: tuple[int, int] = DEFAULT_SIZE
    fullscreen: bool = False
    screenshot: Path | None = None
    # --profile and --lang apply to this run only; the household's own choices are kept.
    profile: str | None = None
    language: str | None = None
    warnings: tuple[str, ...] = ()  # about the config, logged once the log is set up


DEMO_HOMES = {
    "credit": "a credit meter on a single rate (the default)",
    "time-of-use": "a credit meter on a banded tariff with cheap hours and a peak",
    "prepayment": "a prepayment electricity meter: credit, top-up codes, emergency credit",
}
