"""The household's PIN, its lock and the guest view, in a small file in the data folder."""

from __future__ import annotations

from pathlib import Path

from ihd.core.household import Household
from ihd.store.jsonfile import read_json_object, write_json

FILENAME = "household.json"


def load_household(folder: Path) -> Household:
    raw = read_json_object(folder / FILENAME, "the household PIN")
    return Household() if raw is None else Household.from_dict(raw)


def save_household(folder: Path, household: Household) -> None:
    """Raises OSError (a full or read-only disk) for the caller to report."""
    write_json(folder / FILENAME, household.as_dict())
