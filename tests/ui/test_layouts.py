"""Every screen, at both panel sizes, in every profile and language (and the pseudo-locale):
nothing sticks out of its parent, overlaps its neighbours, or has its text cut off."""

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ihd.gallery import render, shots
from ihd.ui.layout_check import problems


def test_every_screen_holds_in_every_profile_size_and_language(qtbot):
    wanted = list(shots())
    found = []

    def check(shot, display):
        found.extend(f"{shot.filename}: {p}" for p in problems(display.window))
        if display.window.size().toTuple() != shot.size:  # a page's minimum held the window open
            found.append(f"{shot.filename}: the window is {display.window.size().toTuple()}")

    render(None, wanted, check)
    assert len(wanted) == 2 * 4 * 5 * 13  # sizes, profiles, languages, screens (8 credit, 5 prepayment)
    assert not found, "\n".join(found)


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
