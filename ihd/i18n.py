"""Languages and locale-aware formatting, through babel and gettext.

Catalogues are `translations/<lang>/LC_MESSAGES/ihd.po` (compiled to .mo at install); English (UK)
is the source language. Every number, amount of money and time on screen is formatted here.
"""

from __future__ import annotations

import gettext
import io
import re
from datetime import date, datetime
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ihd.core.rounding import rounded

if TYPE_CHECKING:
    from types import ModuleType

    from babel import Locale

DOMAIN = "ihd"
# An installed wheel carries compiled catalogues inside the package; a checkout has only the .po
# sources in translations/ (compiled .mo files are build output, not committed), which are then
# compiled in memory on first use.
COMPILED_DIR = Path(__file__).parent / "locale"
SOURCE_DIR = Path(__file__).parents[1] / "translations"
PSEUDO = "pseudo"
# Languages written right to left, as CLDR has them: a language ("ur"), or a language in a script
# ("pa_Arab") where its usual script runs the other way. A test holds every shipped language to
# babel's word; known without loading babel, which the first frame does without.
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur"})


@cache
def _numbers() -> ModuleType:
    """babel's number formatting, loaded once home is drawn (`I18n.load`); kept here, as an import
    statement in each call would cost more than the call's own work."""
    from babel import numbers

    return numbers


@cache
def _dates() -> ModuleType:
    from babel import dates

    return dates


def _catalogue(language: str, compiled: Path, sources: Path) -> gettext.NullTranslations:
    for code in (language, language.split("_")[0]):
        mo = compiled / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if mo.exists():
            with mo.open("rb") as handle:
                return gettext.GNUTranslations(handle)
        po = sources / code / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.exists():
            return _compile(po, code)
    return gettext.NullTranslations()


def _compile(po: Path, code: str) -> gettext.GNUTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class PseudoTranslations(gettext.NullTranslations):
    """Accented, bracketed, a third longer: shows clipped or untranslated text at a glance."""

    _ACCENTS = str.maketrans("aceinousyACEINOUSY", "àçéîñöûšýÀÇÉÎÑÖÛŠÝ")

    def gettext(self, message: str) -> str:
        parts = re.split(r"(\{[^}]*\})", message)  # placeholders stay as they are
        text = "".join(p if p.startswith("{") else p.translate(self._ACCENTS) for p in parts)
        return f"[{text}{'~' * (len(message) // 3)}]"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


class I18n:
    """The active language: translation plus formatting. Replaced as a whole on a language change."""

    def __init__(self, language: str = "en_GB", compiled: Path = COMPILED_DIR,
                 sources: Path = SOURCE_DIR) -> None:
        self.language = language.replace("-", "_")
        pseudo = self.language == PSEUDO
        self._locale_name = "en_GB" if pseudo else self.language
        self.rtl = self._locale_name in RIGHT_TO_LEFT or self._locale_name.split("_")[0] in RIGHT_TO_LEFT
        self._t = PseudoTranslations() if pseudo else _catalogue(self.language, compiled, sources)

    @cached_property
    def locale(self) -> Locale:
        """babel and its locale data come once home is drawn (`load`), or with a new language's
        first figure: not on the way to the first frame."""
        from babel import Locale

        return Locale.parse(self._locale_name)

    def load(self) -> None:
        """babel and the locale's data now (about 20 ms): called at a quiet moment once home is
        drawn, so that they do not come with the first figure, in what may be a burst of
        thousands of readings."""
        self.money(Decimal(0))  # (babel's numbers bring its dates with them)

    @cached_property
    def _gbp(self) -> str:
        return _numbers().get_currency_symbol("GBP", self.locale)

    def _(self, message: str) -> str:
        return self._directed(self._t.gettext(message))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._directed(self._t.ngettext(singular, plural, n))

    def _directed(self, text: str) -> str:
        """In a right-to-left language every message starts with a right-to-left mark, so its
        paragraph reads right to left even when it begins with Latin text or a figure
        ("PIN بھول گئے؟", "kg CO2e فی گھنٹہ"); figures inside are isolated (see _isolate)."""
        return f"\u200f{text}" if self.rtl and text and not text.startswith("\u200f") else text

    def number(self, value: Decimal | float, digits: int) -> str:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return self._isolate(_numbers().format_decimal(rounded(value, digits), pattern, locale=self.locale))

    def _isolate(self, text: str) -> str:
        """In a right-to-left language keep a figure such as "£0.12" in one left-to-right piece:
        without this, Qt can show it as "0.12£" after a line break in rich text."""
        return f"\u2066{text}\u2069" if self.rtl else text

    def money(self, pence: Decimal) -> str:
        """Rounded once, to the nearest penny. Under a pound, GB usage says '36p'."""
        numbers = _numbers()
        pence = rounded(pence)
        if abs(pence) < 100 and self.locale.language in ("en", "cy"):
            return self._("{amount}p").format(amount=numbers.format_decimal(pence, "0", locale=self.locale))
        pounds = pence / 100
        text = numbers.format_currency(pounds, "GBP", locale=self.locale)
        # Some locales write the pound as "GBP"; on a British display it is always "£".
        return self._isolate(text.replace(self._gbp, "£") if self._gbp != "£" else text)

    def money_spoken(self, pence: Decimal) -> str:
        pence = rounded(pence)
        if abs(pence) < 100:
            words = self.ngettext("{amount} penny", "{amount} pence", abs(int(pence)))
            return words.format(amount=_numbers().format_decimal(pence, "0", locale=self.locale))
        return self.money(pence)

    def date(self, day: date, pattern: str) -> str:
        """A date in a CLDR pattern: "EEE" a short weekday, "d MMMM" a day and month, "LLLL y"."""
        return _dates().format_date(day, pattern, locale=self.locale)

    def time(self, when: datetime, tz: ZoneInfo) -> str:
        """"HH:mm" on the local clock: CLDR's pattern, which babel writes alike in every language
        (a test holds it to babel's), so home's clock needs no locale data."""
        local = when.astimezone(tz)
        return self._isolate(f"{local.hour:02d}:{local.minute:02d}")
