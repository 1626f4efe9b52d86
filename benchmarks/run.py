"""Every benchmark, each against a baseline measured in the same run, as one table of ratios.

    .venv/bin/python benchmarks/run.py [--quick] [--json PATH]

Runs startup.py, screens.py, memory.py, ingest.py, idle.py, history.py and size.py (each can also be run
alone), prints
the table with each target met or missed, and saves everything as JSON (default
benchmarks/latest.json). --quick runs fewer repeats and a 20 s idle minute, for a first look.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).parent


def run(script: str, *args: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        print(f"running {script} ...", flush=True)
        subprocess.run([sys.executable, str(HERE / script), *args, "--json", out.name], check=True,
                       stdout=subprocess.DEVNULL)
        return json.loads(Path(out.name).read_text())


def rows(r: dict) -> list[tuple[str, str, str, str, str, bool]]:
    """(measure, ihd, baseline, ratio, target, met)."""
    s, m, i, idle, h, z = r["startup"], r["memory"], r["ingest"], r["idle"], r["history"], r["size"]
    sc = r["screens"]
    slowest = max((name for name in sc if isinstance(sc[name], dict)), key=lambda name: sc[name]["first_ms"])
    return [
        ("start-up to the first painted home screen", f"{s['ihd_first_frame_s']:.2f} s",
         f"{s['bare_window_frame_s']:.2f} s bare window", f"{s['first_frame_ratio']:.2f}x", "within 2x",
         s["first_frame_ratio"] <= 2),
        ("start-up to the settled picture (--screenshot), and exit", f"{s['ihd_demo_screenshot_s']:.2f} s",
         f"{s['bare_window_s']:.2f} s bare window", f"{s['ratio']:.2f}x", "(reported)", True),
        (f"first paint of a screen, slowest ({slowest})", f"{sc[slowest]['first_ms']:.0f} ms",
         f"{sc[slowest]['again_ms']:.0f} ms when built", f"{sc[slowest]['first_ms'] / sc[slowest]['again_ms']:.1f}x",
         "under 100 ms", sc[slowest]["first_ms"] < 100),
        ("resident memory after start", f"{m['ihd_rss_mb']:.0f} MB", f"{m['bare_window_rss_mb']:.0f} MB bare window",
         f"{m['ratio']:.2f}x", "within 2x", m["ratio"] <= 2),
        ("memory growth over a simulated day, once warm", f"{m['day_growth'] * 100:+.1f}%",
         f"first day {m['first_day_growth'] * 100:+.1f}% (caches)", "", "under 5%", m["day_growth"] < 0.05),
        ("ingest from mosquitto, readings/s", f"{i['ihd_per_s']:.0f}",
         f"{i['bare_subscriber_per_s']:.0f} bare paho", f"{i['ratio']:.2f}x", "at least 0.5x", i["ratio"] >= 0.5),
        ("event-loop lateness during ingest", f"{i['worst_event_loop_lateness_ms']:.0f} ms", "", "", "under 50 ms",
         i["worst_event_loop_lateness_ms"] < 50),
        ("ingest: messages dropped, superseded by a newer value of their topic", f"{i['dropped_messages']}",
         f"of {i['received']} received", _kinds(i["superseded"]), "(reported)", True),
        ("ingest: register readings in the history", f"{i['history_register_readings']}",
         f"of {i['register_readings_sent']} sent", _kinds(i["overflowed"], "none dropped for room"), "all",
         i["history_register_readings"] == i["register_readings_sent"]),
        ("idle CPU, one reading every 10 s", f"{idle['ihd_cpu_s_per_min']:.2f} s/min",
         f"{idle['bare_cpu_s_per_min']:.2f} s/min bare window", f"{idle['ihd_share_of_a_core'] * 100:.2f}% of a core",
         "under 1% of a core", idle["ihd_share_of_a_core"] < 0.01),
        ("history year view: query", f"{h['year_view_s'] * 1000:.1f} ms", f"{h['plain_sql_s'] * 1000:.2f} ms plain SQL",
         f"{h['year_view_s'] / h['plain_sql_s']:.1f}x", "(reported)", True),
        ("history year view: query and draw", f"{h['year_view_and_draw_s'] * 1000:.1f} ms",
         f"{h['plain_sql_s'] * 1000:.2f} ms plain SQL", f"{h['year_view_and_draw_s'] / h['plain_sql_s']:.1f}x",
         "(reported)", True),
        ("installed size: ihd and what it needs", f"{z['ihd_mb']:.0f} MB",
         f"{z['bare_pyside6_essentials_mb']:.0f} MB bare PySide6-Essentials", f"{z['ratio']:.2f}x", "(reported)", True),
    ]


def _kinds(counts: dict[str, int], none: str = "") -> str:
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or none


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json", type=Path, default=HERE / "latest.json")
    args = ap.parse_args()
    repeats = ["--runs", "2"] if args.quick else []
    results = {
        "startup": run("startup.py", *(["--runs", "3"] if args.quick else [])),
        "screens": run("screens.py", *(["--runs", "2"] if args.quick else [])),
        "memory": run("memory.py", *repeats),
        "ingest": run("ingest.py", *repeats),
        "idle": run("idle.py", "--seconds", "20" if args.quick else "60"),
        "history": run("history.py", *(["--runs", "5"] if args.quick else [])),
        "size": run("size.py"),
    }
    table = rows(results)
    results["when"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    results["machine"] = f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}"
    results["table"] = [dict(zip(("measure", "ihd", "baseline", "ratio", "target", "met"), row, strict=True))
                        for row in table]
    print()
    print("| measure | ihd | baseline (same run) | ratio | target | |")
    print("|---|---|---|---|---|---|")
    for measure, ihd, base, ratio, target, met in table:
        print(f"| {measure} | {ihd} | {base} | {ratio} | {target} | {'met' if met else '**missed**'} |")
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nsaved {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
