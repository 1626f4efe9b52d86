"""A real speech-dispatcher on a private socket, started and stopped by the tests.

Its one voice is speech-dispatcher's generic module running a small script, which writes down what
it was given (the words, the language, the rate and the volume as speech-dispatcher passes them to
a synthesiser) instead of sounding them; a passage with "slowly" in it takes three seconds, long
enough to be cut off. The script is killed when speech-dispatcher cancels a passage, so a passage
cut off has a "start" line and no "end" line. Audio goes to ALSA's null device: no sound card needed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

LANGUAGES = ("en-gb", "cy", "pl", "ur")

# one record after another, kept apart by ASCII's record and unit separators, since words may hold a newline
SCRIPT = """#!/bin/sh
printf 'start\\037%s\\037%s\\037%s\\037%s\\036' "$1" "$2" "$3" "$4" >> {log}
case "$1" in *slowly*) sleep 3 ;; esac
printf 'end\\037%s\\036' "$1" >> {log}
"""

SERVER_CONF = """AddModule "record" "sd_generic" "record.conf"
DefaultModule record
DefaultLanguage "en-gb"
AudioOutputMethod "alsa"
AudioALSADevice "null"
"""

# rate, pitch and volume handed on as speech-dispatcher has them (-100..100), as whole numbers
MODULE_CONF = "\n".join([
    "GenericExecuteSynth \"sh {script} \\'$DATA\\' \\'$LANGUAGE\\' \\'$RATE\\' \\'$VOLUME\\'\"",
    'GenericDelimiters "\x1f"',  # a passage whole, not cut into sentences (no text has this)
    "GenericMaxChunkLength 100000",
    *(f"Generic{what}{how} {value}" for what in ("Rate", "Pitch", "Volume")
      for how, value in (("Add", 0), ("Multiply", 100), ("ForceInteger", 1))),
    *(f'GenericLanguage "{code}" "{code}" "utf-8"' for code in LANGUAGES),
    *(f'AddVoice "{code}" "MALE1" "{code}"' for code in LANGUAGES),
]) + "\n"


@dataclass(frozen=True)
class Passage:
    text: str
    language: str
    rate: int
    volume: int


def installed() -> bool:
    return bool(shutil.which("speech-dispatcher") and shutil.which("spd-say"))


class SpeechServer:
    def __init__(self) -> None:
        # its own short folder: a unix socket's path must fit in 107 bytes
        self.dir = Path(tempfile.mkdtemp(prefix="ihd-spd-"))
        self.socket = self.dir / "speechd.sock"
        self.log = self.dir / "said"
        self.log.touch()
        script = self.dir / "record"
        script.write_text(SCRIPT.format(log=self.log))
        conf = self.dir / "conf"
        (conf / "modules").mkdir(parents=True)
        (conf / "speechd.conf").write_text(SERVER_CONF)
        (conf / "modules" / "record.conf").write_text(MODULE_CONF.format(script=script))
        self.proc: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        """For SPEECHD_ADDRESS, which spd-say reads."""
        return f"unix_socket:{self.socket}"

    def start(self) -> None:
        (self.dir / "logs").mkdir()
        with (self.dir / "server.out").open("ab") as out:
            # a session of its own, so its module and the module's script go with it at the end
            self.proc = subprocess.Popen(
                ["speech-dispatcher", "--run-single", "--communication-method", "unix_socket",
                 "--socket-path", str(self.socket), "--config-dir", str(self.dir / "conf"),
                 "--log-dir", str(self.dir / "logs"), "--pid-file", str(self.dir / "pid"), "--timeout", "0"],
                stdout=out, stderr=out, start_new_session=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.socket.is_socket():
                return
            if self.proc.poll() is not None:
                said = (self.dir / "server.out").read_text()
                self.stop()
                raise RuntimeError(f"speech-dispatcher exited: {said}")
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("speech-dispatcher did not open its socket")

    def lines(self) -> list[tuple[str, ...]]:
        records = self.log.read_text(encoding="utf-8").split("\x1e")[:-1]
        return [tuple(record.split("\x1f")) for record in records]

    def started(self) -> list[Passage]:
        return [Passage(line[1], line[2], int(line[3]), int(line[4])) for line in self.lines() if line[0] == "start"]

    def ended(self) -> list[str]:
        return [line[1] for line in self.lines() if line[0] == "end"]

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(5)
        self.proc = None
        shutil.rmtree(self.dir, ignore_errors=True)
