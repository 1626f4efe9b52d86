"""What ihd-feeds says of its sources reaches the display as any bridge record does: the forward
view says when prices stopped coming, and About has the technical detail."""

from ihd.core.feeds_status import SourceStatus
from ihd.han.dialects.native_feeds import OFFLINE, status


def test_prices_unavailable_since_is_said_on_the_forward_view_and_about(make_display, qtbot):
    display = make_display(demo=True)
    qtbot.waitUntil(display.settled, timeout=5000)
    since = display.clock.now().replace(second=0, microsecond=0)
    failing = status(since, {"prices": SourceStatus("unavailable", since, "the server failed (500)"),
                             "carbon": SourceStatus("ok", since)})
    display.feed.receive("ihd/v1/feeds/status", failing, True)
    qtbot.waitUntil(lambda: display.figures.live.snapshot().feeds is not None, timeout=5000)
    display.window.show_screen("ahead")
    clock = display.shared.i18n.time(since, display.shared.tz)
    qtbot.waitUntil(lambda: display.ahead.screen.note.text().startswith(
        f"Prices from the internet unavailable since {clock}."), timeout=5000)
    display.window.show_screen("about")
    words = "\n".join(text.text() for _heading, text in display.appliance.screen.sections)
    assert f"prices: unavailable {clock} (the server failed (500))" in words
    display.feed.receive("ihd/v1/feeds/status", OFFLINE, True)  # its last will
    display.window.show_screen("ahead")
    qtbot.waitUntil(lambda: display.ahead.screen.note.text().startswith("ihd-feeds has stopped"), timeout=5000)
