"""Telling systemd the display is up and alive, over a real notify socket, from a real process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from ihd.device.systemd import Notifier


@pytest.fixture
def notify_socket(tmp_path):
    path = tmp_path / "notify"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(10)
    yield path, sock
    sock.close()


def test_ready_alive_and_stopping_reach_the_socket(notify_socket):
    path, sock = notify_socket
    notifier = Notifier({"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "30000000"})
    assert notifier.watchdog_s == 30.0
    notifier.ready("connected to mqtt://127.0.0.1:1883")
    notifier.alive()
    notifier.stopping()
    assert sock.recv(4096) == b"READY=1\nSTATUS=connected to mqtt://127.0.0.1:1883"
    assert sock.recv(4096) == b"WATCHDOG=1"
    assert sock.recv(4096) == b"STOPPING=1"


def test_an_abstract_socket_is_written_with_an_at_sign():
    name = f"ihd-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(5)
        Notifier({"NOTIFY_SOCKET": "@" + name}).alive()
        assert sock.recv(64) == b"WATCHDOG=1"


def test_outside_systemd_nothing_is_sent_and_a_watchdog_for_another_process_is_not_ours(caplog):
    assert not Notifier({}).active
    Notifier({}).ready()  # nowhere to send: quietly nothing
    assert Notifier({"WATCHDOG_USEC": "5000000", "WATCHDOG_PID": "1"}).watchdog_s is None
    assert Notifier({"WATCHDOG_USEC": "soon"}).watchdog_s is None
    assert not caplog.records


def test_a_vanished_socket_is_logged_once_not_every_ping(tmp_path, caplog):
    notifier = Notifier({"NOTIFY_SOCKET": str(tmp_path / "gone")})
    for _ in range(5):
        notifier.alive()
    assert [r.getMessage() for r in caplog.records if r.name == "ihd.device.systemd"] == [
        "cannot tell systemd 'WATCHDOG': [Errno 2] No such file or directory"]


def test_the_running_display_pings_from_its_event_loop_and_stops_cleanly_on_sigterm(notify_socket, tmp_path):
    path, sock = notify_socket
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NOTIFY_", "WATCHDOG_"))}
    env |= {"QT_QPA_PLATFORM": "offscreen", "NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "600000",
            "JOURNAL_STREAM": "8:12345"}
    proc = subprocess.Popen([sys.executable, "-m", "ihd", "--demo", "--data-dir", str(tmp_path / "data")],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert sock.recv(4096) == b"READY=1\nSTATUS=demo: a simulated home"
        started = time.monotonic()
        pings = [sock.recv(4096) for _ in range(5)]
        assert pings == [b"WATCHDOG=1"] * 5
        assert time.monotonic() - started < 5  # every 0.2 s, a third of the 0.6 s watchdog
        proc.send_signal(signal.SIGTERM)
        while (message := sock.recv(4096)) == b"WATCHDOG=1":
            pass
        assert message == b"STOPPING=1"
        assert proc.wait(15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    logged = [line for line in proc.stderr.read().splitlines() if line.strip()]
    assert logged, "nothing logged"
    # the journal's form: a priority, no time of day (the journal adds its own)
    assert all(line.startswith(("<4>", "<6>", "<3>")) for line in logged), logged
    assert "<6>ihd.features.appliance: telling systemd every 0.2 s that the display is alive" in logged
