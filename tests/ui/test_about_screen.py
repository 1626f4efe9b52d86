"""About this display, as whoever supports the household opens it: version, broker, counts and
the last problems, from a real broker."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ihd import __version__

DEMAND = "ihd/v1/electricity/demand"


def sections(display) -> dict[str, str]:
    return {heading.text(): text.text() for heading, text in display.appliance.screen.sections}


def test_about_shows_the_broker_the_counts_and_the_last_problems(qtbot, broker, make_display):
    display = make_display({"bridge": {"broker": broker.url, "dialect": "native"}})
    qtbot.waitUntil(lambda: "Connected" in display.home.link.text(), timeout=5000)
    pub = broker.publisher()
    pub.send(DEMAND, b'{"watts": "lots"}')
    pub.send(DEMAND, b"\xff\xfe not even text")
    qtbot.waitUntil(lambda: display.rejections.total == 2, timeout=3000)

    qtbot.mouseClick(display.home.settings, Qt.MouseButton.LeftButton)
    display.choices.screen.scroll.ensureWidgetVisible(display.choices.screen.support)
    qtbot.mouseClick(display.choices.screen.support, Qt.MouseButton.LeftButton)
    assert display.window.current == "about"
    shown = sections(display)
    assert shown["Version"] == f"ihd {__version__}"
    assert shown["Broker"] == f"{broker.url}\nConnected to the bridge"
    received = display.feed.received  # the two, and the display's own consent record heard back
    taken = received - 2
    assert shown["Messages"] == (f"{received} received: {taken} taken, 2 refused, 0 dropped when too many "
                                 "came at once\n1 refused: 'ts' is missing\n"
                                 "1 refused: payload is not UTF-8 text")
    assert display.feed.taken + display.feed.refused + display.feed.dropped == received  # they add up
    assert f"WARNING: refused message on {DEMAND}" in shown["Last problems"]

    broker.stop()  # the broker goes: the screen says so within a second or two
    qtbot.waitUntil(lambda: "Connection lost" in sections(display)["Broker"], timeout=30000)
    qtbot.mouseClick(display.appliance.screen.back_button, Qt.MouseButton.LeftButton)
    assert display.window.current == "settings"
    pub.close()


def test_about_in_the_demo_says_there_is_no_broker(qtbot, make_display):
    display = make_display(demo=True)
    display.window.show_screen("about")
    shown = sections(display)
    assert shown["Broker"].startswith("none: the demo runs on a simulated home\nDEMO")
    assert display.appliance.screen.scroll.accessibleName() == "About this display"


def test_about_shows_the_home_id_kept_in_the_data_folder_and_a_new_one_after_the_wipe(qtbot, make_display):
    from ihd.store.home_id import FORM

    display = make_display(demo=True)
    display.window.show_screen("about")
    kept = (display.options.config.data_dir / "home-id").read_text().strip()
    assert FORM.fullmatch(kept)
    assert sections(display)["Home ID"].startswith(kept + "\n")
    display.household.wipe()
    display.writer.flush(5)
    display.window.show_screen("about")
    after = (display.options.config.data_dir / "home-id").read_text().strip()
    assert FORM.fullmatch(after)
    assert after != kept
    assert sections(display)["Home ID"].startswith(after + "\n")
