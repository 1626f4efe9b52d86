"""Speech through speech-dispatcher, by its own client program `spd-say`; a silent engine for tests.

Each passage is one run of spd-say, started without waiting for it (it hands the words to the
speech-dispatcher server, starting the server if need be, and exits), so the GUI thread never
waits on speech. One run at a time: a passage asked for while a run is still going waits for it,
and only the newest waits, since each run begins by cutting off whatever is being said.

If spd-say is not installed, `say()` returns False and `problem` says why in words. If a run fails
(no server, no voice), `problem` says so and `on_problem` is told, on the GUI thread; the next
passage is tried again all the same, since a server can come back.
"""

from __future__ import annotations

import logging
import shutil
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # QProcess comes with the first words said, not on the way to the first frame
    from PySide6.QtCore import QProcess

log = logging.getLogger(__name__)

PROGRAM = "spd-say"
ENGINES = ("speechd", "none", "mock")
_CLIENT = ["--application-name", "ihd"]  # how speech-dispatcher's log and client settings know us


def spd_language(language: str) -> str:
    """A language of the display as speech-dispatcher names it: en_GB is en-GB; the pseudo-language
    (for checking translations) is spoken as English."""
    return "en-GB" if language == "pseudo" else language.replace("_", "-")


def spd_arguments(text: str, language: str, rate: int, volume: int) -> list[str]:
    """spd-say's arguments to cut off whatever is being said, then say `text`: rate -5..5 becomes
    -100..100 and volume 0..10 becomes -100..100, as Qt's speech-dispatcher engine did. Like that
    engine, it cancels all speech (speech-dispatcher's CANCEL ALL: a run is a new client, with
    nothing of its own to cancel) and speaks at the priority "message", which other programs'
    ordinary text does not cut off. The words come after "--", so a passage that begins with "-"
    is not taken for an option."""
    return [*_CLIENT, "--cancel", "--priority", "message", "--language", spd_language(language),
            "--rate", str(rate * 20), "--volume", str(volume * 20 - 100), "--", text]


class Speaker:
    def __init__(self, engine: str = "speechd", on_problem: Callable[[str], None] | None = None) -> None:
        if engine not in ENGINES:
            raise ValueError(f"speech engine {engine!r}; expected one of {', '.join(ENGINES)}")
        self._engine = engine
        self._on_problem = on_problem
        self.problem: str | None = None
        if engine == "none":
            self.problem = 'speech is turned off in the configuration (speech.engine = "none")'
        self.said: deque[str] = deque(maxlen=20)  # the latest passages, newest last
        self._program: str | None = None  # spd-say, once found
        self._process: QProcess | None = None  # one, run again for each passage
        self._busy = False  # a run is handing words over
        self._next: list[str] | None = None  # the arguments of the passage waiting for the run

    def say(self, text: str, language: str, rate: int, volume: int) -> bool:
        """Speak `text` in `language` (rate -5..5, volume 0..10), cutting off anything still
        being said. Returns False if speech is not available."""
        if self._engine == "none":
            return False
        if self._engine == "mock":
            self.said.append(text)
            return True
        program = shutil.which(PROGRAM)
        if program is None:
            self.problem = f"speech-dispatcher is not installed (no {PROGRAM} on the PATH)"
            log.warning("%s", self.problem)
            return False
        self._program = program
        self._next = spd_arguments(text, language, rate, volume)
        if not self._busy:
            self._start()
        self.said.append(text)
        return True

    def stop(self) -> None:
        """Cut off whatever is being said and drop what waits to be said (the display is closing);
        waits (a second at most) for speech-dispatcher to have cut it off."""
        self._next = None
        if self._busy and self._process is not None:  # handing words over: stopped, its end not reported
            self._busy = False
            self._process.kill()
            self._process.waitForFinished(1000)
        if self._program is not None:  # something was said: it may still be going
            from PySide6.QtCore import QProcess

            self._program, program = None, self._program
            cancel = QProcess()
            cancel.start(program, [*_CLIENT, "--cancel"])
            if not cancel.waitForFinished(1000):  # a server that does not answer is not waited for
                cancel.kill()
                cancel.waitForFinished(1000)

    def _start(self) -> None:
        arguments, self._next = self._next, None
        assert arguments is not None
        assert self._program is not None
        if self._process is None:
            from PySide6.QtCore import QProcess

            # one process object for every run, its signals to this object's methods: a run's
            # handler never outlives the process or deletes it while it is being told of its end
            self._process = QProcess()
            self._process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)  # its complaint
            self._process.finished.connect(self._finished)
            self._process.errorOccurred.connect(self._failed_to_start)
        self._busy = True
        self._process.start(self._program, arguments)

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        from PySide6.QtCore import QProcess

        assert self._process is not None
        said = " ".join(bytes(self._process.readAllStandardOutput().data()).decode(errors="replace").split())
        if status == QProcess.ExitStatus.NormalExit and code == 0:
            self._ended(None)
        else:
            self._ended(f"speech-dispatcher did not speak: {said or f'{PROGRAM} ended with {code}'}")

    def _failed_to_start(self, error: QProcess.ProcessError) -> None:
        from PySide6.QtCore import QProcess

        if error == QProcess.ProcessError.FailedToStart:  # otherwise finished() follows
            assert self._process is not None
            self._ended(f"{PROGRAM} could not be started: {self._process.errorString()}")

    def _ended(self, problem: str | None) -> None:
        if not self._busy:  # stopped
            return
        self._busy = False
        self.problem = problem
        if problem is not None:
            log.warning("%s", problem)
            if self._on_problem is not None:
                self._on_problem(problem)
        if self._next is not None:
            self._start()
