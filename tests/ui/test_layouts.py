"""Every screen, at both panel sizes, in every profile and language (and the pseudo-locale):
nothing sticks out of its parent, overlaps its neighbours, or has its text cut off, and what the
screen is for (its essentials) is fully in sight without scrolling."""

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ihd.gallery import render, shot_problems, shots
from ihd.ui.layout_check import missing_essentials, problems


def test_every_screen_holds_in_every_profile_size_and_language(qtbot):
    """Every screen, language and profile at both sizes, switched live from one to the next as
    the gallery does: nothing broken, and each screen's essentials fully in sight."""
    wanted = list(shots())
    found = []

    def check(shot, display):
        found.extend(f"{shot.filename}: {p}" for p in shot_problems(shot, display))

    render(None, wanted, check)
    assert len(wanted) == 2 * 4 * 5 * 15  # sizes, profiles, languages, screens (9 credit, 6 prepayment)
    assert not found, "\n".join(found)


def test_the_contract_sees_an_essential_out_of_sight(qtbot, make_display):
    display = make_display(demo=True)
    qtbot.waitUntil(display.settled, timeout=5000)
    window, home = display.window, display.home
    assert missing_essentials(window, home) == []
    home.scroll.verticalScrollBar().setMaximum(100)
    home.electricity.setMinimumHeight(window.height() * 2)  # the figures pushed past the bottom
    qtbot.wait(10)
    home.scroll.verticalScrollBar().setValue(home.scroll.verticalScrollBar().maximum())
    found = "\n".join(missing_essentials(window, home))
    assert "electricity figure" in found
    cover = QLabel("on top", window)
    cover.setGeometry(window.rect())
    cover.show()
    assert "covered by" in "\n".join(missing_essentials(window, display.history.screen)) or \
        "is not shown" in "\n".join(missing_essentials(window, display.history.screen))
    assert missing_essentials(window, QWidget()) == ["QWidget declares no essentials"]


def test_the_checker_sees_what_a_person_would(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    row = QHBoxLayout(window)
    cut = QLabel("a label far too long for the little room it has been given")
    cut.setMaximumWidth(60)
    row.addWidget(cut)
    squeezed = QPushButton("Read aloud, please, right now")
    squeezed.setMaximumWidth(40)
    row.addWidget(squeezed)
    stray = QLabel("stray", window)
    window.resize(300, 80)
    window.show()
    stray.setGeometry(280, 60, 100, 40)
    found = "\n".join(problems(window))
    assert "wider than its label" in found
    assert "does not fit its button" in found
    assert "sticks out of" in found
