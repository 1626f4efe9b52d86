"""Every Urdu message reads right to left as a paragraph, whatever it starts with."""

from babel.messages.pofile import read_po
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from test_catalogues import ROOT

from ihd.i18n import I18n


def test_every_urdu_message_is_laid_out_right_to_left(qapp):
    with (ROOT / "translations" / "ur" / "LC_MESSAGES" / "ihd.po").open("rb") as f:
        catalogue = read_po(f, locale="ur")
    urdu = I18n("ur")
    wrong = []
    for message in catalogue:
        if not message.id:
            continue
        single = isinstance(message.id, str)
        shown = urdu._(message.id) if single else urdu.ngettext(message.id[0], message.id[1], 2)
        sample = shown.format_map(_Figures())
        doc = QTextDocument()
        doc.setPlainText(sample)
        if doc.firstBlock().textDirection() != Qt.LayoutDirection.RightToLeft:
            wrong.append(sample)
    assert not wrong, wrong[:10]


def test_english_is_left_to_right_and_unmarked():
    assert I18n("en_GB")._("Forgot PIN?") == "Forgot PIN?"


class _Figures(dict):
    """Placeholders filled as the display fills them: a figure, isolated as I18n isolates it."""

    def __missing__(self, key):
        return I18n("ur").number(12.5, 1)
