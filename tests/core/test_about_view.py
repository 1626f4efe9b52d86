"""The About screen's words: the counts add up, and a bridge's clock going back is said."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from ihd.core.about_view import Counts, about_view
from ihd.i18n import I18n

LONDON = ZoneInfo("Europe/London")


def test_the_counts_and_a_clock_that_went_back():
    counts = Counts(10, 6, 3, 1, {"reading is stamped ahead of this display's clock": 2})
    view = about_view(I18n("en_GB"), LONDON, "1.0", "mqtt://x", "Connected", counts, [],
                      datetime(2026, 1, 15, 16, 20, tzinfo=UTC))
    messages = dict(view.sections)["Messages"]
    assert messages.splitlines() == [
        "10 received: 6 taken, 3 refused, 1 dropped when too many came at once",
        "2 refused: reading is stamped ahead of this display's clock",
        "The bridge's clock went back at 16:20; its readings are followed again.",
    ]


def test_the_home_id_follows_the_version_with_what_it_is_for():
    view = about_view(I18n("en_GB"), LONDON, "1.0", None, "Demo", Counts(0, 0, 0, 0, {}), [],
                      home_id="K7QM-2XD4-P9RT")
    headings = [heading for heading, _text in view.sections]
    assert headings[:2] == ["Version", "Home ID"]
    text = dict(view.sections)["Home ID"]
    assert text.startswith("K7QM-2XD4-P9RT\n")
    assert "does not say where the home is" in text
