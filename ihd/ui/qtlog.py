"""Qt's own messages go to the same log as ours, less one the offscreen platform always prints."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("ihd.qt")

# Harmless: the offscreen platform cannot pass size hints to a window manager it does not have.
IGNORED = ("This plugin does not support propagateSizeHints()",)
_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _handle(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    if message not in IGNORED:
        log.log(_LEVELS.get(kind, logging.WARNING), "%s", message)


def route_qt_messages() -> None:
    qInstallMessageHandler(_handle)
