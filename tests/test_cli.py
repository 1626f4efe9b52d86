"""The command line as a person or a script meets it: run as a real process."""

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ihd.cli import parse_options

IHD = [sys.executable, "-m", "ihd"]


def run(args, **kw):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **kw.pop("env", {})}
    return subprocess.run(IHD + args, capture_output=True, text=True, timeout=60, env=env, **kw)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--broker", "http://x"], "mqtt://"),
        (["--broker", "mqtt://host:notaport"], "not valid"),
        (["--dialect", "zigbee"], "invalid choice"),
        (["--profile", "tiny"], "invalid choice"),
        (["--size", "big"], "WIDTHxHEIGHT"),
        (["--size", "10x10"], "outside"),
        (["--screen", "nowhere"], "invalid choice"),
        (["--lang", "xx_NOPE"], "--lang must be one of en_GB, cy, pl, ur"),
        (["--config", "/nonexistent/ihd.toml"], "does not exist"),
        (["--frobnicate"], "unrecognized"),
        (["--demo", "mansion"], "invalid choice"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(args, says):
    result = run(args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert says in lines[0]


def test_bad_config_key_names_the_key(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('[gas]\ncalorific_value = "lots"\n')
    result = run(["--config", str(config)])
    assert result.returncode == 2
    assert "'gas.calorific_value' must be a number from 30 to 50" in result.stderr


def test_unknown_config_key_is_named(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text("[display]\ncolour = 'red'\n")
    result = run(["--config", str(config)])
    assert result.returncode == 2
    assert "unknown key 'display.colour'" in result.stderr


def test_version():
    result = run(["--version"])
    assert result.returncode == 0
    assert result.stdout.startswith("ihd ")


def test_command_line_overrides_the_config_file(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('[bridge]\nbroker = "mqtt://a:1"\ndialect = "glow"\n'
                      '[display]\nprofile = "high-contrast"\n')
    options = parse_options(["--config", str(config), "--broker", "mqtt://b:2", "--profile", "large-print",
                             "--data-dir", str(tmp_path)])
    assert options.config.bridge.broker == "mqtt://b:2"
    assert options.config.bridge.dialect == "glow"
    assert options.profile == "large-print"  # for this run; the config's stays the household default
    assert options.config.display.profile == "high-contrast"
    assert options.config.data_dir == tmp_path


@pytest.mark.parametrize(("args", "demo", "home"), [([], False, "credit"), (["--demo"], True, "credit"),
                                                    (["--demo", "time-of-use"], True, "time-of-use")])
def test_demo_homes(args, demo, home):
    options = parse_options(args)
    assert (options.demo, options.demo_home) == (demo, home)


@pytest.mark.parametrize("size", ["800x480", "720x1280"])
def test_demo_screenshot_is_a_png_of_the_asked_size(tmp_path, size):
    shot = tmp_path / f"home-{size}.png"
    result = run(["--demo", "--size", size, "--data-dir", str(tmp_path), "--screenshot", str(shot)])
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert f"{image.width()}x{image.height()}" == size


@pytest.mark.parametrize("screen", ["topup", "consent"])
def test_a_tester_can_start_on_the_top_up_and_your_data_screens(tmp_path, screen):
    assert parse_options(["--screen", screen]).screen == screen
    shot = tmp_path / f"{screen}.png"
    result = run(["--demo", "prepayment", "--screen", screen, "--data-dir", str(tmp_path), "--screenshot", str(shot)])
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 0


def run_display(code: str) -> subprocess.CompletedProcess:
    """`code` in a fresh process, offscreen, after ihd and a Qt application are in as `app`."""
    start = "import sys, ihd.cli, ihd.app\nfrom PySide6.QtWidgets import QApplication\napp = QApplication([])\n"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", start + code], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return result


def test_start_up_imports_only_what_the_home_screen_needs(tmp_path):
    """Other screens, and pyqtgraph with the history's chart, are imported when first shown."""
    code = (
        f"d = ihd.app.Display(ihd.cli.parse_options(['--demo', '--data-dir', {str(tmp_path)!r}]))\n"
        "d.start(); app.processEvents()\n"
        "print(sorted(m for m in sys.modules if m.startswith(('ihd.ui.screens.', 'pyqtgraph')) and '.' in m))\n"
        "d.window.show_screen('history'); app.processEvents(); d.stop()\n"
        "print('pyqtgraph' in sys.modules)\n"
    )
    result = run_display(code)
    at_start, chart_later = result.stdout.strip().splitlines()
    assert at_start == "['ihd.ui.screens.fuel_panel', 'ihd.ui.screens.home', 'ihd.ui.screens.home_fit']"  # home's parts
    assert chart_later == "True"


def test_babel_comes_once_home_is_drawn_not_with_the_first_figure(tmp_path):
    """Home's first frame does without babel; the locale's data is in as the display starts
    running, so the first figures (maybe a burst of thousands) do not wait for it."""
    code = (
        "import time\n"
        "options = ihd.cli.parse_options(['--broker', 'mqtt://127.0.0.1:9',\n"
        f"                                 '--data-dir', {str(tmp_path)!r}])\n"
        "d = ihd.app.Display(options)\n"
        "d.start(); print('babel' in sys.modules)\n"
        "until = time.monotonic() + 10\n"
        "while not d._running and time.monotonic() < until: app.processEvents()\n"
        "import babel.localedata\n"
        "loaded, load = [], babel.localedata.load\n"
        "babel.localedata.load = lambda name, *rest: loaded.append(name) or load(name, *rest)\n"
        "i18n = d.shared.i18n\n"
        "i18n.number(1234.5, 1); i18n.money(1234); i18n.date(d.clock.now().date(), 'EEEE d MMMM')\n"
        "d.stop(); print(loaded)\n"
    )
    result = run_display(code)
    assert result.stdout.split() == ["False", "[]"]


def test_qt_free_layers_import_without_qt(tmp_path):
    """core, han, store, feeds, config and i18n work on a machine where PySide6 cannot be imported."""
    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text(
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'):\n"
        "            raise ImportError('Qt is blocked in this test')\n"
        "sys.meta_path.insert(0, Block())\n"
    )
    package = Path(__file__).parents[1] / "ihd"
    files = [p for layer in ("core", "han", "store", "feeds") for p in (package / layer).rglob("*.py")]
    modules = [".".join(p.relative_to(package.parent).with_suffix("").parts) for p in sorted(files)]
    modules += ["ihd.config", "ihd.i18n", "ihd.cli"]
    code = "import importlib\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr


def test_layer_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).parents[1])
    assert result.returncode == 0, result.stdout


def test_export_writes_the_history_without_starting_the_screen(tmp_path):
    """`ihd export` from a data folder: the same files the Your data screen saves, and no Qt."""
    import json
    from datetime import UTC, datetime

    from ihd.core.pricing import Pricer
    from ihd.core.readings import RegisterReading
    from ihd.core.units import Direction, Fuel, GasConversion, RegisterUnit
    from ihd.store.export import FILES
    from ihd.store.history import HistoryWriter

    data = tmp_path / "data"
    writer = HistoryWriter(data / "history.sqlite3", Pricer(ZoneInfo("Europe/London")), GasConversion())
    writer.apply([("t", RegisterReading(Fuel.ELECTRICITY, Direction.IMPORT, Decimal(v), RegisterUnit.KWH,
                                        datetime(2026, 11, 23, h, tzinfo=UTC))) for v, h in ((100, 9), (102, 10))],
                 datetime(2026, 11, 23, 10, tzinfo=UTC))
    writer.close()
    result = run(["export", "--data-dir", str(data), "--into", str(tmp_path / "out")],
                 env={"QT_QPA_PLATFORM": "unusable-so-a-screen-would-fail"})
    assert result.returncode == 0, result.stderr
    folder = Path(result.stdout.strip())
    assert folder.parent == tmp_path / "out"
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)
    document = json.loads((folder / "ihd-export.json").read_text())
    assert [(d["day"], d["kwh"], d["estimated"]) for d in document["days"]] == [("2026-11-23", "2", False)]
    missing = run(["export", "--data-dir", str(tmp_path / "nowhere")])
    assert missing.returncode == 2
    assert missing.stderr.strip().count("\n") == 0
    assert "no history" in missing.stderr
