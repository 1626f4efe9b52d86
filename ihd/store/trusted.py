"""Tell someone I trust: whom the household named, each fuel's last situation and the alerts not
yet acknowledged, in a small file in the data folder (the new-occupier wipe removes it)."""

from __future__ import annotations

from pathlib import Path

from ihd.core.trusted import TrustedPerson, TrustedWatch
from ihd.store.jsonfile import read_json_object, write_json

FILENAME = "trusted.json"


def load_trusted(folder: Path) -> tuple[TrustedPerson | None, TrustedWatch]:
    raw = read_json_object(folder / FILENAME, "the trusted person's alerts") or {}
    return TrustedPerson.from_dict(raw.get("person")), TrustedWatch.from_dict(raw.get("watch"))


def save_trusted(folder: Path, person: TrustedPerson | None, watch: TrustedWatch) -> None:
    """Raises OSError (a full or read-only disk) for the caller to report."""
    write_json(folder / FILENAME, {"person": None if person is None else person.as_dict(), "watch": watch.as_dict()})
