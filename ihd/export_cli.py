"""`ihd export`: the household's data as CSV and JSON, written from a data folder without starting
the screen (the same files the Your data screen saves), for support workers, scripts and checks."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from ihd.config import ConfigError, load_config
from ihd.store.files import EXPORTS_FOLDER


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def parser(demo_homes: list[str]) -> argparse.ArgumentParser:
    p = _Parser(prog="ihd export", description="Write the history and the consent choices as CSV and JSON, "
                "into a new folder, without starting the screen.")
    p.add_argument("--config", type=Path, metavar="PATH", help="config file (TOML), for its data folder")
    p.add_argument("--data-dir", type=Path, metavar="PATH", help="the display's data folder")
    p.add_argument("--demo", nargs="?", const="credit", choices=demo_homes, metavar="HOME",
                   help="the history of a demo home instead of the household's")
    p.add_argument("--into", type=Path, metavar="PATH", help="where to make the folder (default: DATA_DIR/exports)")
    return p


def main(argv: list[str], demo_homes: list[str]) -> int:
    p = parser(demo_homes)
    args = p.parse_args(argv)
    try:
        data_dir = args.data_dir or load_config(args.config).data_dir
    except ConfigError as error:
        p.error(str(error))
    history = data_dir / (f"demo-{args.demo}-history.sqlite3" if args.demo else "history.sqlite3")
    if not history.is_file():
        p.error(f"there is no history at {history}")
    from ihd.store.export import export

    try:
        folder = export(history, args.into or data_dir / EXPORTS_FOLDER, datetime.now(UTC))
    except OSError as error:
        p.exit(1, f"{p.prog}: could not write the export: {error.strerror or error}\n")
    print(folder)
    return 0
