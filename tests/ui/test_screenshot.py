"""`--screenshot` saves the frame a person sees: words set a moment before are laid out in it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel

from ihd.main import whole
from ihd.ui.screenshot import Screenshot


def cut_words(screen) -> list[str]:
    """The wrapped words in History's column drawn shorter than they need."""
    labels = [w for w in screen.words.findChildren(QLabel) if w.isVisibleTo(screen.words) and w.wordWrap()]
    assert labels
    return [w.text() for w in labels if w.height() < w.heightForWidth(w.width())]


@pytest.mark.parametrize("display_config", [{"profile": "large-print"}, {"language": "ur"}])
def test_the_picture_is_taken_once_new_words_are_laid_out(make_display, qtbot, tmp_path, display_config):
    """`ihd --demo --screen history --screenshot` on a fresh data folder: the year is written just
    before the picture is due. The picture is the frame once the words' posted layouts have run."""
    display = make_display({"display": display_config}, demo=True, screen="history")
    path, done = tmp_path / "shot.png", []
    # as the picture is saved, before anything else runs: what the picture holds
    saved = lambda status: done.append((status, cut_words(display.history.screen)))  # noqa: E731
    shot = Screenshot(display.window, path, whole(display), done=saved)  # noqa: F841 - kept alive
    qtbot.waitUntil(lambda: bool(done), timeout=15000)
    assert done == [(0, [])]
    assert not QImage(str(path)).isNull()


def test_something_arriving_between_settled_and_the_picture_is_waited_for(qtbot, tmp_path):
    """Settled when looked at, then not (the history's comparison with yesterday comes in): the
    picture waits for it to settle again."""
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    qtbot.addWidget(window)
    window.resize(200, 100)
    window.show()
    looks, done = [], []

    def settled() -> bool:
        looks.append(True)
        return len(looks) not in (2, 3)  # settled, then not for two more looks, then settled again

    shot = Screenshot(window, tmp_path / "shot.png", settled, done=done.append)  # noqa: F841 - kept alive
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert done == [0]
    assert len(looks) >= 4  # looked again after the picture was due, and waited
