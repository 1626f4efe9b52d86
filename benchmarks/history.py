"""The year view: query and draw 13 months of history, against a plain SQL query of the same rows.

    .venv/bin/python benchmarks/history.py [--runs N] [--json PATH]

Builds the demo's thirteen months in a temporary history file, then times, alternately in the
same run: the plain query of the day rows; the year view-model (the same query, summed by month
in Decimal); and the view-model plus drawing the chart offscreen. Prints medians and ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ihd.config import parse_config
from ihd.core.history_view import HistoryViewModel
from ihd.core.periods import PeriodKind
from ihd.core.pricing import Pricer
from ihd.core.units import DisplayUnit, Fuel, GasConversion
from ihd.han.demo import demo_year
from ihd.i18n import I18n
from ihd.store.history import HistoryWriter
from ihd.store.history_reader import HistoryReader

TZ = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 23, 18, tzinfo=UTC)


def median_time(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=25)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    from PySide6.QtWidgets import QApplication

    from ihd.core.profiles import STANDARD
    from ihd.ui.theme import Theme
    from ihd.ui.widgets.chart import BarChart

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.sqlite3"
        writer = HistoryWriter(path, Pricer(TZ, configured=parse_config({}).tariffs()), GasConversion())
        started = time.perf_counter()
        writer.apply([("demo", r) for r in demo_year(TZ, NOW.astimezone(TZ).date())], NOW)
        seeded = time.perf_counter() - started
        writer.close()
        reader = HistoryReader(path, TZ)
        plain = sqlite3.connect(path)
        model = HistoryViewModel(I18n("en_GB"), TZ, reader)
        chart = BarChart(Theme(STANDARD))
        chart.resize(800, 300)
        chart.show()

        def sql() -> None:
            plain.execute("SELECT day, kwh, cost_p, co2_kg, standing_p FROM day WHERE fuel = 'electricity' "
                          "AND direction = 'import' AND day >= ? AND day < ?",
                          (date(2025, 1, 1).isoformat(), date(2027, 1, 1).isoformat())).fetchall()

        def view() -> None:
            model.build(PeriodKind.YEAR, 0, Fuel.ELECTRICITY, DisplayUnit.MONEY, NOW)

        def view_and_draw() -> None:
            view = model.build(PeriodKind.YEAR, 0, Fuel.ELECTRICITY, DisplayUnit.MONEY, NOW)
            chart.show_bars(view.bars, view.tick_label, 1.0)
            chart.grab()

        for warm in (sql, view, view_and_draw):
            warm()
        results = {"seed_13_months_s": seeded, "runs": args.runs}
        results["plain_sql_s"] = median_time(sql, args.runs)
        results["year_view_s"] = median_time(view, args.runs)
        results["year_view_and_draw_s"] = median_time(view_and_draw, args.runs)
        reader.close()
        plain.close()
        del app
    base = results["plain_sql_s"]
    print(f"{'measure':<40}{'median ms':>12}{'ratio':>10}")
    for key, name in (("plain_sql_s", "plain SQL, the same day rows"), ("year_view_s", "year view: query and sum"),
                      ("year_view_and_draw_s", "year view: query, sum and draw")):
        print(f"{name:<40}{results[key] * 1000:>12.2f}{results[key] / base:>10.1f}")
    print(f"(seeding 13 months of half-hours took {seeded:.1f} s)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
