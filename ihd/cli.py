"""The command line. Parses and checks everything before Qt is loaded, so a mistake costs a
one-line message and exit status 2, not a window."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from ihd import __version__
from ihd.config import SCREENS, Config, ConfigError, config_warnings, load_config, parse_config
from ihd.core.preferences import LANGUAGES, PSEUDO
from ihd.core.profiles import PROFILES
from ihd.han.address import BrokerAddress
from ihd.han.dialects import DIALECT_NAMES
from ihd.options import DEFAULT_SIZE, DEMO_HOMES, Options


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size {text!r} is not WIDTHxHEIGHT, e.g. 800x480") from None
    if not (200 <= width <= 8000 and 200 <= height <= 8000):
        raise argparse.ArgumentTypeError(f"size {text!r} is outside 200x200 to 8000x8000")
    return width, height


def _broker(text: str) -> str:
    try:
        BrokerAddress.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="ihd", description="In-home energy display for GB smart meters.")
    p.add_argument("--version", action="version", version=f"ihd {__version__}")
    p.add_argument("--demo", nargs="?", const="credit", choices=list(DEMO_HOMES), metavar="HOME",
                   help="run on a simulated home in this process, with no broker: "
                   + "; ".join(f"{name}: {what}" for name, what in DEMO_HOMES.items()))
    p.add_argument("--broker", type=_broker, metavar="URL", help="mqtt://host:port or mqtts://host:port")
    p.add_argument("--dialect", choices=DIALECT_NAMES, help="bridge format (default: auto)")
    p.add_argument("--config", type=Path, metavar="PATH", help="config file (TOML)")
    p.add_argument("--profile", choices=list(PROFILES), help="display profile")
    p.add_argument("--lang", metavar="LOCALE",
                   help="language: en_GB, cy, pl, ur, or pseudo (lengthened text for layout checks)")
    p.add_argument("--screen", choices=SCREENS, help="screen to show at start")
    p.add_argument("--size", type=_size, metavar="WxH", help="window size (default 800x480)")
    p.add_argument("--fullscreen", action="store_true", help="fill the screen")
    p.add_argument("--data-dir", type=Path, metavar="PATH", help="where the display keeps its data")
    p.add_argument("--screenshot", type=Path, metavar="PATH",
                   help="render offscreen once data has settled, save a PNG and exit")
    return p


def parse_options(argv: list[str]) -> Options:
    p = parser()
    args = p.parse_args(argv)
    try:
        config = load_config(args.config)
        warnings = tuple(config_warnings(args.config, config))
        overrides = {
            "bridge": {k: v for k, v in (("broker", args.broker), ("dialect", args.dialect)) if v},
            "display": {"screen": args.screen} if args.screen else {},
        }
        config = _override(config, overrides)
        if args.lang:
            language = _language(args.lang)
    except ConfigError as error:
        p.error(str(error))
    if args.data_dir:
        config = replace(config, data_dir=args.data_dir)
    return Options(config, demo=args.demo is not None, demo_home=args.demo or "credit", screen=config.display.screen,
                   size=args.size or DEFAULT_SIZE, fullscreen=args.fullscreen, screenshot=args.screenshot,
                   profile=args.profile, language=language if args.lang else None, warnings=warnings)


def _language(code: str) -> str:
    code = code.replace("-", "_")
    if code in LANGUAGES or code == PSEUDO:
        return code
    if code.split("_")[0] in LANGUAGES:  # cy_GB, pl_PL, ur_PK
        return code.split("_")[0]
    if code.split("_")[0] == "en":
        return "en_GB"
    raise ConfigError(f"--lang must be one of {', '.join([*LANGUAGES, PSEUDO])}; got {code!r}")


def _override(config: Config, overrides: dict[str, dict[str, str]]) -> Config:
    """Command-line values pass the same checks as the config file's."""
    for section, values in overrides.items():
        if values:
            checked = getattr(parse_config({section: values}), section)
            merged = replace(getattr(config, section), **{k: getattr(checked, k) for k in values})
            config = replace(config, **{section: merged})
    return config


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["export"]:
        from ihd.export_cli import main as export

        return export(argv[1:], list(DEMO_HOMES))
    options = parse_options(argv)
    from ihd.main import run

    return run(options)
