"""Languages and locale-aware formatting, through babel and gettext.

Catalogues are `translations/<lang>/LC_MESSAGES/ihd.po` (compiled to .mo at install); English (UK)
is the source language. Every number, amount of money and time on screen is formatted here.
"""

from __future__ import annotations

import gettext
from collections.abc import Sequence
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_time
from babel.numbers import format_currency, format_decimal, get_currency_symbol

DOMAIN = "ihd"
# A checkout keeps catalogues beside the package; an installed wheel carries them inside it.
CATALOGUE_DIRS = (Path(__file__).parent / "locale", Path(__file__).parents[1] / "translations")
PENNY = Decimal("0.01")


def _catalogue(language: str, dirs: Sequence[Path]) -> gettext.NullTranslations:
    for folder in dirs:
        try:
            return gettext.translation(DOMAIN, folder, languages=[language, language.split("_")[0]])
        except OSError:
            continue
    return gettext.NullTranslations()


class I18n:
    """The active language: translation plus formatting. Replaced as a whole on a language change."""

    def __init__(self, language: str = "en_GB", dirs: Sequence[Path] = CATALOGUE_DIRS) -> None:
        self.language = language.replace("-", "_")
        self.locale = Locale.parse(self.language)
        self.rtl = self.locale.character_order == "right-to-left"
        self._t = _catalogue(self.language, dirs)
        self._gbp = get_currency_symbol("GBP", self.locale)

    def _(self, message: str) -> str:
        return self._t.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    def number(self, value: Decimal | float, digits: int) -> str:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(Decimal(str(value)), pattern, locale=self.locale)

    def money(self, pence: Decimal) -> str:
        """Rounded once, to the nearest penny. Under a pound, GB usage says '36p'."""
        pence = pence.quantize(Decimal(1), ROUND_HALF_UP)
        if abs(pence) < 100 and self.locale.language in ("en", "cy"):
            return self._("{amount}p").format(amount=format_decimal(pence, "0", locale=self.locale))
        pounds = (pence / 100).quantize(PENNY, ROUND_HALF_UP)
        text = format_currency(pounds, "GBP", locale=self.locale)
        # Some locales write the pound as "GBP"; on a British display it is always "£".
        return text.replace(self._gbp, "£") if self._gbp != "£" else text

    def money_spoken(self, pence: Decimal) -> str:
        pence = pence.quantize(Decimal(1), ROUND_HALF_UP)
        if abs(pence) < 100:
            words = self.ngettext("{amount} penny", "{amount} pence", abs(int(pence)))
            return words.format(amount=format_decimal(pence, "0", locale=self.locale))
        return self.money(pence)

    def time(self, when: datetime, tz: ZoneInfo) -> str:
        return format_time(when.astimezone(tz), "HH:mm", tzinfo=tz, locale=self.locale)
