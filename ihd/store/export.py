"""The household's own copy of its data: history and the consent log as CSV and JSON, in a new
folder (on a USB stick, or in the data folder). Columns and fields: docs/your-data.md."""

from __future__ import annotations

import csv
import json
import os
from datetime import UTC, datetime
from pathlib import Path

from ihd.store import consent as consent_log
from ihd.store.db import connect

DAY_COLUMNS = ("fuel", "direction", "day", "kwh", "cost_p", "co2_kg", "standing_p", "source", "estimated")
HALF_HOUR_COLUMNS = ("fuel", "direction", "start", "kwh", "cost_p", "co2_kg")
CONSENT_COLUMNS = ("at", "category", "granted", "version", "language", "statement")
FILES = ("days.csv", "half-hours.csv", "consent-log.csv", "ihd-export.json")


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def gather(history: Path) -> dict[str, list[dict[str, object]]]:
    """Everything exported, read from the history file (values as text, exactly as stored)."""
    db = connect(history)
    try:
        days = [dict(zip(DAY_COLUMNS, (*row[:-1], bool(row[-1])), strict=True)) for row in db.execute(
            "SELECT fuel, direction, day, kwh, cost_p, co2_kg, standing_p, source, estimated FROM day "
            "ORDER BY day, fuel, direction")]
        half_hours = [dict(zip(HALF_HOUR_COLUMNS, (f, d, _iso(s), k, c, g), strict=True)) for f, d, s, k, c, g in
                      db.execute("SELECT fuel, direction, start, kwh, cost_p, co2_kg FROM slot "
                                 "ORDER BY start, fuel, direction")]
        consent = [{"at": r.at.strftime("%Y-%m-%dT%H:%M:%SZ"), "category": r.category.value, "granted": r.granted,
                    "version": r.version, "language": r.language, "statement": r.statement}
                   for r in consent_log.records(db)]
    finally:
        db.close()
    return {"days": days, "half_hours": half_hours, "consent_log": consent}


def export(history: Path, into: Path, now: datetime) -> Path:
    """Write the export into a new folder under `into`; returns the folder. Raises OSError."""
    data = gather(history)
    folder = into / f"ihd-export-{now.strftime('%Y-%m-%d-%H%M%S')}"
    folder.mkdir(parents=True)
    for name, rows, columns in (("days.csv", data["days"], DAY_COLUMNS),
                                ("half-hours.csv", data["half_hours"], HALF_HOUR_COLUMNS),
                                ("consent-log.csv", data["consent_log"], CONSENT_COLUMNS)):
        with (folder / name).open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, columns)
            writer.writeheader()
            writer.writerows(rows)
    document = {"format": "ihd-export/1", "exported": now.strftime("%Y-%m-%dT%H:%M:%SZ"), **data}
    (folder / "ihd-export.json").write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    for name in FILES:  # on a USB stick: written through before the household pulls it out
        with (folder / name).open("rb") as f:
            os.fsync(f.fileno())
    return folder


USB_ROOTS = (Path("/media"), Path("/run/media"))


def removable_drives(roots: tuple[Path, ...] = USB_ROOTS) -> list[Path]:
    """Mounted drives a household can take away (USB sticks), where they can be written."""
    found = []
    for root in roots:
        for candidate in sorted(root.glob("*/*")) + sorted(root.glob("*")):
            if candidate.is_dir() and os.path.ismount(candidate) and os.access(candidate, os.W_OK):
                found.append(candidate)
    return found
