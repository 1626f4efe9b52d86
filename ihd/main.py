"""The process: logging, the Qt application, a clean stop on SIGTERM, and the display until it closes."""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
from collections.abc import Callable

from ihd import dataclass_cache
from ihd.logs import set_up as set_up_logging
from ihd.options import Options

log = logging.getLogger("ihd")


SWITCH_INTERVAL_S = 0.001  # the GUI thread waits at most this long for the interpreter lock


def tune_process() -> None:
    """Once the display is built: the GUI thread waits at most a millisecond for the interpreter
    lock when the network thread has it (a flood of readings then never makes a tap wait), and
    what start-up made is kept out of the garbage collector's passes (it is never garbage; until
    now the collector was off, as start-up makes objects by the hundred thousand and frees few)."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    gc.freeze()
    gc.enable()


def skip_feature_scan() -> None:
    """PySide reads the whole source of each module an import statement names once it is in (the
    stdlib's typing, datetime, logging...), to see whether it switches PySide's optional
    __feature__s (snake_case, true_property) on. The display switches none, so every module already
    loaded is marked as one that does not: some 80 files not read on the way to the first frame.
    Modules loaded from now on (the screens) are still read."""
    feature = sys.modules.get("shibokensupport.feature")
    marks = getattr(feature, "pyside_feature_dict", None)
    if isinstance(marks, dict):
        for name in list(sys.modules):
            marks.setdefault(name, -1)  # PySide's mark for "leave this module alone"


def run(options: Options) -> int:
    gc.disable()  # until the display is up (see tune_process): a hundred passes would find nothing
    if options.screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The display's Qt-free parts before Qt: once PySide6 is in, it reads the source of every module
    # imported after it (looking for its __feature__ switches), a hundred of ihd's files among them.
    from ihd.app import Display

    set_up_logging()
    from PySide6.QtWidgets import QApplication

    skip_feature_scan()
    from ihd.ui.qtlog import route_qt_messages

    route_qt_messages()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ihd")  # how screen readers and window lists name it
    display = Display(options)
    for warning in options.warnings:
        log.warning("%s", warning)
    # systemd stops a service with SIGTERM: close as after the window's own close, saving everything
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    display.start()
    display.window.first_painted.connect(dataclass_cache.save)  # for the next start, once this one is drawn
    tune_process()
    if options.screenshot is not None:
        from ihd.ui.screenshot import Screenshot

        shot = Screenshot(display.window, options.screenshot, whole(display))  # noqa: F841 - kept alive
    try:
        return app.exec()
    finally:
        display.stop()
        dataclass_cache.save()  # what the screens opened since then made


def whole(display) -> Callable[[], bool]:  # type: ignore[no-untyped-def]
    """When to take the picture: everything arrived is on screen and, in the demo, its year of
    history written and shown too, so the picture is the home a newcomer sees a moment after start
    (yesterday's comparison, the last hour's line)."""
    written = display.demo is None

    def ready() -> bool:
        nonlocal written
        if not display.settled():
            return False
        if not written:
            display.seed_demo_history()
            written = display.writer.flush()
            return False  # the writer's reports are posted: shown at the next look
        return True

    return ready
