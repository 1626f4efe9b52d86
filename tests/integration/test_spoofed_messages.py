"""Supplier messages on a real mosquitto: a right-to-left override shows the raw text (what a
screen reader hears), a 480-character word wraps inside the screen with its button on it, and a
message with a bad id is refused alone."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from PySide6.QtWidgets import QLabel, QWidget

from ihd.core.clock import ManualClock

RLO, PDF = "\u202e", "\u202c"


def test_spoofing_and_oversized_messages(qtbot, broker, make_display):
    now = datetime.now(UTC)
    ts = f"{now:%Y-%m-%dT%H:%M:%SZ}"
    pub = broker.publisher()
    pub.send("ihd/v1/capabilities", json.dumps({"contract": "ihd/v1", "commands": ["confirm-message"]}),
             retain=True)
    pub.send("ihd/v1/electricity/prepayment",
             json.dumps({"ts": ts, "mode": "prepayment", "credit_p": 532}), retain=True)
    word = "W" * 480
    pub.send("ihd/v1/messages", json.dumps({"messages": [
        {"id": "1", "ts": ts, "text": f"Your credit is {RLO}05.32£{PDF}", "importance": "high"},
        {"id": "2", "ts": ts, "text": word, "confirm": True},
        {"id": "x" * 65, "ts": ts, "text": "refused: its id is too long"},
    ]}), retain=True)
    display = make_display({"bridge": {"broker": broker.url}}, clock=ManualClock(now))
    qtbot.waitUntil(lambda: display.figures.view().electricity.account
                    and len(display.figures.live.snapshot().account.messages) == 2, timeout=5000)
    assert sum(n for kind, n in display.rejections.counts().items() if "left out" in kind) == 1
    display.window.show_screen("prepayment")
    display.account.refresh()
    screen = display.account.screen

    def shown() -> list[str]:
        return [w.text() for w in screen.findChildren(QLabel) if w.isVisible()]

    qtbot.waitUntil(lambda: "Your credit is 05.32£" in shown(), timeout=3000)  # no override: as spoken
    texts = shown()
    names = [w.accessibleName() for w in screen.findChildren(QWidget)]  # what a screen reader says
    assert not any(c in "".join(texts + names) for c in (RLO, PDF))
    assert not any("too long" in t for t in texts)

    width = display.window.width()
    long_label = next(w for w in screen.findChildren(QLabel) if w.text().replace("\u200b", "") == word)
    assert long_label.width() <= width
    read = next(b for b in screen.findChildren(type(display.home.news)) if b.text() == "I have read this")
    screen.scroll.ensureWidgetVisible(read)
    qtbot.wait(50)
    corner = read.mapTo(display.window, read.rect().bottomRight())
    assert 0 <= corner.x() <= width  # the button is on the screen, not pushed off to the side
    pub.close()
