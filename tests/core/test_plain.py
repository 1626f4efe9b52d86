"""Supplier text shows what a screen reader says, and wraps on any screen."""

from ihd.core.plain import LONG_WORD, breakable, plain

RLO, PDF = "\u202e", "\u202c"


def test_bidirectional_controls_are_removed_so_the_screen_shows_the_raw_text():
    assert plain(f"Your balance is {RLO}05.32£{PDF}") == "Your balance is 05.32£"
    for control in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert plain(f"a{control}b") == "ab"
    assert plain("bell\x07 and null\x00, a line\nkept") == "bell and null, a line\nkept"
    assert plain("قیمت میں تبدیلی") == "قیمت میں تبدیلی"  # right-to-left text itself is kept


def test_a_long_word_may_break_and_short_ones_are_untouched():
    word = "x" * 480
    broken = breakable(f"see {word} now")
    assert broken.replace("\u200b", "") == f"see {word} now"
    assert max(len(part) for part in broken.replace(" ", "\u200b").split("\u200b")) == LONG_WORD
    assert breakable("Price change from 1 January.") == "Price change from 1 January."
    assert breakable(breakable(word)) == breakable(word)
