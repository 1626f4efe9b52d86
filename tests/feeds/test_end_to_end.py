"""The real `ihd-feeds`, as its own process, between the HTTP server on loopback and a real
mosquitto: the display's consent record goes in retained, and what comes out retained is read by
the display's own dialect and intake, whole."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from broker import Subscriber
from feeds_rig import TARIFF, consent_record

from ihd.core.intake import admit
from ihd.core.readings import IntensityReading, PriceReading
from ihd.han.dialects import make_dialect, native_share
from ihd.han.dialects.native_feeds import INTENSITY, OFFLINE, PRICES, STATUS, read_status

REPO = Path(__file__).parents[2]
HOME = "K7QM-2XD4-P9RT"  # the display's pseudonymous identity


def config_file(tmp_path: Path, broker, mirror) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "config.toml"
    path.write_text(f'[bridge]\nbroker = "{broker.url}"\n\n[feeds]\nenabled = true\ntariff_code = "{TARIFF}"\n'
                    f'prices_url = "{mirror.url}"\ncarbon_url = "{mirror.url}"\n')
    return path


def ihd_feeds(config: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "ihd.feeds.cli", "--config", str(config), *extra]


def until(condition, what: str, timeout: float = 20.0):  # type: ignore[no-untyped-def]
    """Wait for `condition()` to be true (not a timed assertion: the timeout only ends a hang)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.05)
    raise AssertionError(f"never happened: {what}")


def latest(listener: Subscriber, topic: str, *, retained: bool = False) -> bytes | None:
    """The last payload heard on `topic` (only one the broker kept, with `retained`)."""
    found = [p for t, p, r in listener.on(f"ihd/v1/{topic}") if t == f"ihd/v1/{topic}" and (r or not retained)]
    return found[-1] if found else None


@pytest.fixture
def display(broker):
    """The display's side of the broker: its consent record and its shared district, retained."""
    publisher = broker.publisher()

    def choose(carbon: bool) -> None:
        publisher.send("ihd/v1/consent", consent_record(carbon), retain=True)
        publisher.send("ihd/v1/share/carbon-region", native_share.carbon_region(HOME, "EH12") if carbon else b"",
                       retain=True)

    yield choose
    publisher.close()


def test_once_publishes_retained_what_the_display_reads_whole(broker, mirror, display, tmp_path):
    display(True)
    done = subprocess.run(ihd_feeds(config_file(tmp_path, broker, mirror), "--once"), cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert any(p.startswith("/regional/intensity/") and p.endswith("/postcode/EH12") for p in mirror.paths())

    listener = Subscriber(broker.port, "display").listen("ihd/v1/#")  # connecting later, as a display does
    try:
        payloads = {t: until(lambda t=t: latest(listener, t, retained=True), t) for t in (PRICES, INTENSITY, STATUS)}
    finally:
        listener.close()
    dialect, now = make_dialect("auto"), datetime.now(UTC)
    readings = {}
    for topic in (PRICES, INTENSITY):
        parsed = dialect.parse(f"ihd/v1/{topic}", payloads[topic])
        assert parsed.rejections == ()
        (readings[topic],) = parsed.readings
        assert admit(readings[topic], now) == (readings[topic], ())  # the intake takes every record
    assert isinstance(readings[PRICES], PriceReading)
    assert len(readings[PRICES].prices) >= 92  # today and tomorrow (46 to 50 half-hours a day)
    assert isinstance(readings[INTENSITY], IntensityReading)
    assert len(readings[INTENSITY].records) == 96
    sources = read_status(payloads[STATUS]).sources
    assert (sources["prices"].state, sources["carbon"].state, sources["carbon"].scope) == ("ok", "ok", "regional")


def test_the_service_follows_a_withdrawal_at_once_and_says_when_it_stops(broker, mirror, display, tmp_path):
    display(True)
    listener = Subscriber(broker.port, "display").listen("ihd/v1/#")
    proc = subprocess.Popen(ihd_feeds(config_file(tmp_path, broker, mirror)), cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        until(lambda: any("/postcode/EH12" in p for p in mirror.paths()), "a regional fetch")
        until(lambda: latest(listener, INTENSITY), "the forecast published")
        asked_before = len(mirror.requests)

        display(False)  # the household withdraws on the display
        until(lambda: any(p.startswith("/intensity/") for p in mirror.paths()[asked_before:]), "a national fetch")
        assert not any("EH12" in p for p in mirror.paths()[asked_before:])
        until(lambda: (s := latest(listener, STATUS)) and read_status(s).sources["carbon"].scope == "national",
              "the status saying national")

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0, proc.stderr.read() if proc.stderr else ""
        until(lambda: latest(listener, STATUS) == OFFLINE, "the status saying offline")
        after = Subscriber(broker.port, "later").listen(f"ihd/v1/{STATUS}")  # and the broker keeps saying so
        try:
            assert until(lambda: latest(after, STATUS, retained=True), "the retained status") == OFFLINE
        finally:
            after.close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        listener.close()
