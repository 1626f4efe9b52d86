"""The chart's labels under the bars: the first is drawn even where it is wider than its bar
(Urdu's جنوری, and "Jan" in large print, were dropped), and each has the height of a whole line,
descenders too."""

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter

from ihd.core.history_view import Bar
from ihd.core.profiles import PROFILES
from ihd.ui.theme import Theme, load_fonts
from ihd.ui.widgets.chart import BarChart

MONTHS = ["جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی", "اگست", "ستمبر", "اکتوبر", "نومبر", "دسمبر"]


def drawn_labels(chart: BarChart) -> list[str]:
    axis = chart._plot.getAxis("bottom")
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _rect, _flags, text in specs[2]] if specs is not None else []


@pytest.mark.parametrize(("profile", "months"), [("large-print", ["Jan", "Feb", "Mar", "Apr", "May", "June", "July",
                                                                   "Aug", "Sept", "Oct", "Nov", "Dec"]),
                                                  ("standard", MONTHS)])
def test_the_first_label_is_drawn_and_no_descender_is_cut(qtbot, profile, months):
    load_fonts()
    chart = BarChart(Theme(PROFILES[profile], roomy=False))
    qtbot.addWidget(chart)
    chart.resize(440, 300)
    chart.show()
    chart.show_bars([Bar(m, m, 50.0 + i, 40.0, "", "", m) for i, m in enumerate(months)], lambda v: f"{v:.0f}p")
    qtbot.waitExposed(chart)
    qtbot.wait(50)  # laid out at the axis's new height
    labels = drawn_labels(chart)
    assert labels, "no label under the bars"
    assert labels[0] == months[0]
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    painter.setFont(chart._font)
    try:  # each label's box as a painter lays it out, whole lines of each font it takes
        tallest = max(painter.boundingRect(QRectF(0, 0, 1000, 1000), Qt.AlignmentFlag.AlignCenter, m).height()
                      for m in months)
    finally:
        painter.end()
    assert chart._plot.getAxis("bottom").height() >= tallest
