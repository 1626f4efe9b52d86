"""Telling systemd how the display is: ready, still alive (the watchdog), stopping.

A `Type=notify` service gets a datagram socket in NOTIFY_SOCKET; with `WatchdogSec=` it also gets
WATCHDOG_USEC, and systemd restarts the service when no "WATCHDOG=1" arrives within it. This is
the sd_notify protocol in a few lines, so no C library is needed. Outside systemd there is no
socket and nothing is sent.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

log = logging.getLogger(__name__)


class Notifier:
    def __init__(self, environ: Mapping[str, str] = os.environ) -> None:
        address = environ.get("NOTIFY_SOCKET", "")
        # an abstract socket is written with a leading "@"
        self._address = "\0" + address[1:] if address.startswith("@") else address
        self.watchdog_s = _watchdog_seconds(environ)
        self._failed = False

    @property
    def active(self) -> bool:
        return bool(self._address)

    def ready(self, status: str = "") -> None:
        self._send("READY=1" + (f"\nSTATUS={status}" if status else ""))

    def alive(self) -> None:
        self._send("WATCHDOG=1")

    def status(self, text: str) -> None:
        self._send(f"STATUS={text}")

    def stopping(self) -> None:
        self._send("STOPPING=1")

    def _send(self, message: str) -> None:
        if not self._address:
            return
        import socket  # only under systemd, and not on the way to the first frame

        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.sendto(message.encode(), self._address)
        except OSError as error:
            if not self._failed:  # once: a watchdog ping every few seconds must not flood the log
                log.warning("cannot tell systemd %r: %s", message.split("=")[0], error)
            self._failed = True


def _watchdog_seconds(environ: Mapping[str, str]) -> float | None:
    """The watchdog's period, if systemd set one for this process."""
    try:
        usec = int(environ.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    pid = environ.get("WATCHDOG_PID")
    if usec <= 0 or (pid and pid != str(os.getpid())):
        return None
    return usec / 1_000_000
