"""Every shipped language is complete, keeps its placeholders, and compiles."""

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from ihd.core.preferences import LANGUAGES
from ihd.i18n import RIGHT_TO_LEFT, I18n

ROOT = Path(__file__).parents[1]
SHIPPED = [code for code in LANGUAGES if code != "en_GB"]
PLACEHOLDER = re.compile(r"\{[^}]*\}")


def catalogue(code):
    with (ROOT / "translations" / code / "LC_MESSAGES" / "ihd.po").open("rb") as f:
        return read_po(f, locale=code)


def extracted(tmp_path):
    pot = tmp_path / "ihd.pot"
    subprocess.run([Path(sys.executable).with_name("pybabel"), "extract", "-o", str(pot),
                    "-k", "_", "-k", "ngettext:1,2", "--no-location", str(ROOT / "ihd")],
                   check=True, capture_output=True)
    with pot.open("rb") as f:
        return {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(f) if m.id}


def ids(cat):
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in cat if m.id}


def test_template_is_current(tmp_path):
    with (ROOT / "translations" / "ihd.pot").open("rb") as f:
        committed = ids(read_po(f))
    assert extracted(tmp_path) == committed, "run: pybabel extract (see README, Translations)"


@pytest.mark.parametrize("code", SHIPPED)
def test_every_message_is_translated(code, tmp_path):
    cat = catalogue(code)
    assert ids(cat) == extracted(tmp_path), "run: pybabel update (see README, Translations)"
    untranslated = [m.id for m in cat if m.id and (not m.string or not all(m.string) or m.fuzzy)]
    assert not untranslated


@pytest.mark.parametrize("code", SHIPPED)
def test_placeholders_are_kept(code):
    for message in catalogue(code):
        if not message.id:
            continue
        sources = [message.id] if isinstance(message.id, str) else list(message.id)
        wanted = set(PLACEHOLDER.findall(sources[-1]))
        translations = [message.string] if isinstance(message.string, str) else list(message.string)
        for text in translations:
            assert set(PLACEHOLDER.findall(text)) == wanted, (code, message.id, text)


@pytest.mark.parametrize("code", SHIPPED)
def test_catalogue_compiles_and_is_used(code):
    buffer = io.BytesIO()
    write_mo(buffer, catalogue(code))
    assert buffer.getbuffer().nbytes > 1000
    assert I18n(code)._("Settings") != "Settings"


def test_pseudo_locale_lengthens_and_keeps_placeholders():
    fmt = I18n("pseudo")
    text = fmt._("Total today: {amount}")
    assert "{amount}" in text
    assert len(text) > len("Total today: {amount}")
    assert text.format(amount="£1") != "Total today: £1"


def test_right_to_left_language_is_known():
    assert I18n("ur").rtl
    assert I18n("ur_PK").rtl
    assert not I18n("cy").rtl


@pytest.mark.parametrize("code", [*LANGUAGES, *sorted(RIGHT_TO_LEFT)])
def test_each_language_reads_the_way_cldr_has_it(code):
    """The direction is known without babel's locale data (the first frame does without it): it
    must be CLDR's, for every shipped language and every one marked right to left."""
    from babel import Locale

    assert I18n(code).rtl == (Locale.parse(code).character_order == "right-to-left")


@pytest.mark.parametrize("code", [*LANGUAGES, *sorted(RIGHT_TO_LEFT)])
def test_a_time_of_day_is_written_as_babel_writes_it(code):
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from babel import Locale
    from babel.dates import format_time

    fmt, tz = I18n(code), ZoneInfo("Europe/London")
    for when in (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), datetime(2026, 10, 25, 13, 5, tzinfo=UTC)):
        babel_s = format_time(when.astimezone(tz), "HH:mm", tzinfo=tz, locale=Locale.parse(code))
        assert fmt.time(when, tz).strip("\u2066\u2069") == babel_s
