"""Where a support service hears of a "tell someone I trust" alert: a program of its own (one
that sends a text message or an email, or opens a case), run once for each new alert, after the
alert is stored, with the alert as JSON on its standard input. The sending is the service's own;
the rows in `trusted_alert` stay the record, whether the program succeeds or not.

    ihd-collect ... --on-alert /usr/local/bin/tell-helper
    # stdin: {"home": "K7QM-2XD4-P9RT", "fuel": "electricity", "condition": "supply-off",
    #         "at": "2026-12-03T18:02:00+00:00", "person": {"name": "Sam", "helper": "family"},
    #         "credit_p": null, "link": "home-0042"}
"""

from __future__ import annotations

import json
import logging
import shlex
import subprocess
import threading

from ihd.collect.records import TrustedAlert

log = logging.getLogger("ihd-collect")

TIMEOUT_S = 60


def alert_json(alert: TrustedAlert, link: str) -> bytes:
    return json.dumps({"home": alert.home, "fuel": alert.fuel, "condition": alert.condition,
                       "at": alert.at.isoformat(), "person": {"name": alert.name, "helper": alert.helper},
                       "credit_p": None if alert.credit_p is None else str(alert.credit_p), "link": link}).encode()


class AlertHook:
    """Runs the command on a thread of its own, so a slow one never holds up the collecting."""

    def __init__(self, command: str) -> None:
        self.argv = shlex.split(command)

    def __call__(self, alert: TrustedAlert, link: str) -> threading.Thread:
        thread = threading.Thread(target=self._run, args=(alert_json(alert, link),), daemon=True,
                                  name="ihd-collect alert hook")
        thread.start()
        return thread

    def _run(self, data: bytes) -> None:
        try:
            done = subprocess.run(self.argv, input=data, capture_output=True, timeout=TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            log.error("the alert program %s did not run to the end: %s", self.argv[0], error)
            return
        if done.returncode:
            log.error("the alert program %s failed (exit %d): %s", self.argv[0], done.returncode,
                      done.stderr.decode(errors="replace").strip()[-500:])
