"""The appliance as shipped: wheel and sdist, the installer into a temporary root, the systemd
units, and the uninstaller."""

from __future__ import annotations

import gettext
import io
import os
import shutil
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest
from appliance import INSTALL, REPO, UNINSTALL, install, logins, sh

from ihd import __version__
from ihd.config import load_config

SCRIPTS = sorted((REPO / "packaging").glob("*.sh"))


def test_shellcheck_finds_nothing_in_the_scripts():
    assert shutil.which("shellcheck"), "shellcheck is missing: sh packaging/dev.sh setup installs it"
    done = subprocess.run(["shellcheck", *map(str, SCRIPTS)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_the_sdist_carries_the_sources_catalogues_fonts_docs_and_installer(dist):
    with tarfile.open(dist[0]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for wanted in ("translations/cy/LC_MESSAGES/ihd.po", "assets/fonts/AtkinsonHyperlegible-Regular.ttf",
                   "packaging/install.sh", "packaging/mosquitto/ihd.acl", "packaging/systemd/ihd.service",
                   "packaging/systemd/ihd-feeds.service", "docs/raspberry-pi.md", "docs/feeds.md", "setup.py",
                   "ihd/ui/style.qss", "LICENSE"):
        assert wanted in names, wanted


def test_the_wheel_carries_compiled_catalogues_fonts_and_styles(dist):
    with zipfile.ZipFile(dist[1]) as wheel:
        names = set(wheel.namelist())
        for language in ("cy", "pl", "ur"):
            assert f"ihd/locale/{language}/LC_MESSAGES/ihd.mo" in names
        welsh = gettext.GNUTranslations(io.BytesIO(wheel.read("ihd/locale/cy/LC_MESSAGES/ihd.mo")))
    assert welsh.gettext("Back") == "Yn ôl"
    assert {"ihd/assets/fonts/AtkinsonHyperlegible-Bold.ttf", "ihd/ui/style.qss",
            "ihd/han/dialects/schemas/demand.schema.json"} <= names
    assert not any(name.startswith(("tests/", "translations/")) for name in names)


def test_a_dry_run_says_what_it_would_do_and_changes_nothing(tmp_path, dist):
    done = sh(INSTALL, "--root", tmp_path, "--dry-run", "--mode", "service", "--wheel", dist[1])
    assert "would write: /etc/systemd/system/ihd.service" in done.stdout
    assert "would write: /etc/systemd/system/ihd-feeds.service" in done.stdout
    assert "would write: /etc/mosquitto/conf.d/ihd.conf" in done.stdout
    assert "would install system packages: python3-venv mosquitto" in done.stdout
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("options", "complaint"), [
    (["--rotate", "45"], "--rotate must be 0, 90, 180 or 270, not '45'"),
    (["--mode", "tv"], "--mode must be service or kiosk, not 'tv'"),
    (["--mode", "kiosk", "--user", ""], "kiosk mode needs the desktop user"),
    (["--tls", "/nowhere/cert.pem", "/nowhere/key.pem"], "cannot read the certificate /nowhere/cert.pem"),
    (["--colour", "blue"], "unknown option: --colour"),
    (["--lan"], "--lan without --tls sends the bridge's password in clear"),
    (["--centre", "mqtt://centre.example.org:1883", "home-0042"], "--centre needs an mqtts:// address"),
    (["--centre", "mqtts://centre.example.org:8883", "home-0042"], "--centre needs --centre-tls CA CERT KEY"),
    (["--centre", "mqtts://centre.example.org:8883", "home-0042", "--no-broker"], "cannot go with --no-broker"),
    (["--centre", "mqtts://centre.example.org:8883", "home.42"], "--centre NAME is letters, digits"),
])
def test_bad_options_are_refused_in_words(tmp_path, options, complaint):
    done = sh(INSTALL, "--root", tmp_path, *options, check=False)
    assert done.returncode != 0
    assert complaint in done.stderr
    assert list(tmp_path.iterdir()) == []


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_the_install_lays_out_the_appliance_with_secrets_kept_close(installed):
    root, output = installed
    etc = root / "etc"
    assert mode(etc / "ihd/broker-logins") == 0o600
    assert mode(etc / "ihd/config.toml") == 0o640
    assert mode(etc / "mosquitto/ihd/passwd") == 0o640
    users = logins(root)
    assert set(users) == {"ihd-display", "ihd-bridge", "ihd-feeds", "homeassistant"}
    assert users["ihd-bridge"] == "bridge-secret-1"
    assert len(users["ihd-display"]) >= 20  # made up by the installer
    passwd = (etc / "mosquitto/ihd/passwd").read_text()
    assert [line.split(":")[0] for line in passwd.splitlines()] == ["ihd-display", "ihd-bridge", "ihd-feeds",
                                                                    "homeassistant"]
    assert not any(secret in passwd for secret in users.values())  # hashed
    config = load_config(etc / "ihd/config.toml")  # the display's own loader takes it
    assert (config.bridge.broker, config.bridge.username) == ("mqtt://127.0.0.1:1883", "ihd-display")
    assert config.bridge.password == users["ihd-display"]
    assert not config.feeds.enabled  # ihd-feeds is installed, and off until configured
    assert "listener 1883\n" in (etc / "mosquitto/conf.d/ihd.conf").read_text()  # --lan: every interface
    unit = (etc / "systemd/system/ihd.service").read_text()
    assert "ExecStart=/opt/ihd/venv/bin/ihd --config /etc/ihd/config.toml --data-dir /var/lib/ihd" in unit
    assert "@" not in "".join(line for line in unit.splitlines() if not line.startswith("#"))  # all filled in
    listed = (root / "opt/ihd/installed-files").read_text().splitlines()
    assert "/etc/systemd/system/ihd.service" in listed
    assert "/opt/ihd/venv" in listed
    assert "password: bridge-secret-1" in output
    assert users["ihd-display"] not in output  # the display's password stays in its config
    assert users["ihd-feeds"] not in output


def test_ihd_feeds_is_installed_off_with_its_own_login_kept_close(installed):
    root, output = installed
    env = root / "etc/ihd/feeds.env"
    assert mode(env) == 0o600
    assert f"IHD_FEEDS_PASSWORD={logins(root)['ihd-feeds']}" in env.read_text().splitlines()
    assert "IHD_FEEDS_USERNAME=ihd-feeds" in env.read_text().splitlines()
    unit = (root / "etc/systemd/system/ihd-feeds.service").read_text()
    assert "ExecStart=/opt/ihd/venv/bin/ihd-feeds --config /etc/ihd/config.toml" in unit
    assert "EnvironmentFile=-/etc/ihd/feeds.env" in unit
    assert "@" not in "".join(line for line in unit.splitlines() if not line.startswith("#"))
    assert (root / "opt/ihd/share/doc/feeds.md").exists()
    listed = (root / "opt/ihd/installed-files").read_text().splitlines()
    assert "/etc/systemd/system/ihd-feeds.service" in listed
    assert "sudo systemctl enable --now ihd-feeds" in output
    venv = root / "opt/ihd/venv/bin"
    done = subprocess.run([str(venv / "ihd-feeds"), "--config", str(root / "etc/ihd/config.toml")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "ihd-feeds: off" in done.stdout  # as installed, the unit would start and stop quietly


def test_the_install_bridges_only_the_chosen_shares_to_the_centre(installed):
    root, _output = installed
    bridge = (root / "etc/mosquitto/conf.d/ihd-centre.conf").read_text().splitlines()
    assert "address centre.example.org:8883" in bridge
    assert "bridge_keyfile /etc/mosquitto/ihd/centre.key" in bridge
    assert [line for line in bridge if line.startswith("topic ")] == [
        "topic consent out 1 ihd/v1/ ihd/v1/homes/home-0042/",
        "topic share/supplier/daily out 1 ihd/v1/ ihd/v1/homes/home-0042/",
        "topic share/third-party/half-hourly out 1 ihd/v1/ ihd/v1/homes/home-0042/",
    ]
    assert mode(root / "etc/mosquitto/ihd/centre.key") == 0o640
    listed = (root / "opt/ihd/installed-files").read_text().splitlines()
    assert {"/etc/mosquitto/conf.d/ihd-centre.conf", "/etc/mosquitto/ihd/centre.key"} <= set(listed)


def test_the_installed_display_runs_from_its_own_environment(installed, tmp_path):
    root, _ = installed
    venv = root / "opt/ihd/venv/bin"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)} | {"QT_QPA_PLATFORM": "offscreen"}
    run = lambda *args: subprocess.run(list(args), capture_output=True, text=True, cwd=tmp_path, env=env,  # noqa: E731
                                       timeout=120)
    assert run(str(venv / "ihd"), "--version").stdout.strip() == f"ihd {__version__}"
    where = run(str(venv / "python"), "-c", "import ihd; print(ihd.__file__)").stdout.strip()
    assert where.startswith(str(root / "opt/ihd/venv/lib"))  # the wheel's copy, not this checkout
    shot = tmp_path / "home.png"
    done = run(str(venv / "ihd"), "--demo", "--lang", "cy", "--data-dir", str(tmp_path / "data"),
               "--screenshot", str(shot))
    assert done.returncode == 0, done.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_service_unit_passes_systemd_analyze_verify(installed):
    root, _ = installed
    # systemd's own units, so that verify finds the targets the unit is ordered against
    shutil.copytree("/usr/lib/systemd/system", root / "usr/lib/systemd/system", symlinks=True, dirs_exist_ok=True)
    for unit in ("ihd.service", "ihd-feeds.service"):
        done = subprocess.run(["systemd-analyze", "verify", f"--root={root}", f"/etc/systemd/system/{unit}"],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""


def test_a_kiosk_install_starts_in_the_desktop_and_the_uninstaller_takes_it_all_away(dist, tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    home = root / "home" / "pi"
    (home / ".config/labwc").mkdir(parents=True)
    (home / ".config/labwc/autostart").write_text("swaybg -c '#000000' &\n")
    install(root, dist[1], "--mode", "kiosk", "--user", "pi", "--rotate", "90")
    autostart = (home / ".config/labwc/autostart").read_text()
    assert autostart.startswith("swaybg")  # what was there stays
    assert "wlr-randr --output DSI-1 --transform 90; systemctl --user import-environment" in autostart
    again = install(root, dist[1], "--mode", "kiosk", "--user", "pi")  # a second install adds no second line
    assert (home / ".config/labwc/autostart").read_text().count("ihd-kiosk.service") == 1
    assert "keeping /opt/ihd/venv: it already holds ihd-" in again  # the same wheel: not installed again
    assert (root / "opt/ihd/venv/bin/ihd").exists()

    unit = root / "etc/systemd/user/ihd-kiosk.service"
    # verify resolves ExecStart on this machine, so point it into the temporary root
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    checked = tmp_path / "ihd-kiosk.service"
    checked.write_text(unit.read_text().replace("/opt/ihd/", f"{root}/opt/ihd/"))
    done = subprocess.run(["systemd-analyze", "verify", "--user", str(checked)], capture_output=True, text=True,
                          env=os.environ | {"XDG_RUNTIME_DIR": str(runtime)})
    assert done.returncode == 0, done.stderr

    (root / "var/lib/ihd").mkdir(parents=True)
    (root / "var/lib/ihd/history.sqlite3").write_bytes(b"the household's")
    sh(UNINSTALL, "--root", root)
    assert (home / ".config/labwc/autostart").read_text() == "swaybg -c '#000000' &\n"
    assert not (root / "opt/ihd").exists()
    assert not unit.exists()
    assert not (root / "etc/mosquitto/conf.d/ihd.conf").exists()
    assert not (root / "etc/systemd/system/ihd-feeds.service").exists()
    assert not (root / "etc/mosquitto/ihd").exists()
    assert (root / "var/lib/ihd/history.sqlite3").exists()  # kept without --purge
    assert (root / "etc/ihd/config.toml").exists()
    sh(UNINSTALL, "--root", root, check=False)  # nothing left to remove: says so, harmlessly
    (root / "opt/ihd").mkdir(parents=True)
    (root / "opt/ihd/installed-files").write_text("")
    sh(UNINSTALL, "--root", root, "--purge")
    assert not (root / "var/lib/ihd").exists()
    assert not (root / "etc/ihd").exists()
