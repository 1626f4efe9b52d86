"""The live figures and the history browser, each built alone."""

import json

from fakes import Calls

from ihd.core.link import Link, LinkState
from ihd.core.periods import PeriodKind
from ihd.core.speech import SpeechPolicy
from ihd.core.units import DisplayUnit, Fuel


def make_home(shared):
    from ihd.core.live import LiveModel
    from ihd.core.viewmodels import Glance
    from ihd.features.home import Home, HomeParts
    from ihd.han.dialects import make_dialect
    from ihd.han.feed import Feed
    from ihd.han.rejections import RejectionLog

    said = Calls()
    feed = Feed(make_dialect("native"), RejectionLog(shared.clock.monotonic), wake=lambda: None)
    home = Home(shared, lambda: LiveModel(shared.clock, shared.tz), feed, SpeechPolicy(False), said,
                Link(LinkState.DEMO))
    shown = Calls()
    home.use(HomeParts(lambda snap: None, lambda snap: None, lambda now: Glance("", True, None, None),
                       lambda: DisplayUnit.ENERGY, lambda: ["energy", "money"], lambda: False, lambda: "", shown))
    return home, feed, said, shown


def test_home_drains_readings_to_the_screen_and_the_history(make_shared, qtbot):
    shared = make_shared(home=False)
    home, feed, said, shown = make_home(shared)
    shared.show("home")
    recorded = Calls()
    home.for_history.connect(recorded)
    at = shared.clock.now().isoformat().replace("+00:00", "Z")
    feed.receive("ihd/v1/electricity/demand", json.dumps({"ts": at, "watts": 2100}).encode(), False)
    home.drain()
    assert home.live.snapshot().electricity.recent_kw == 2.1
    assert recorded.calls == []  # a demand is live only: nothing for the history
    home.refresh()
    view = shown.calls[-1][0]
    assert "2.1" in view.electricity.main.value
    home.read_aloud()
    assert "2.1" in said.calls[-1][0]
    home.set_link(Link(LinkState.LOST))
    assert not home.connected


def test_the_wipe_gives_home_a_new_live_model(make_shared, qtbot):
    shared = make_shared(home=False)
    home, feed, _said, _shown = make_home(shared)
    at = shared.clock.now().isoformat().replace("+00:00", "Z")
    feed.receive("ihd/v1/electricity/demand", json.dumps({"ts": at, "watts": 900}).encode(), False)
    home.drain()
    shared.wiped.emit()
    assert home.live.snapshot().electricity.recent_kw is None


def test_history_is_built_when_first_shown_and_browses(make_shared, qtbot):
    from ihd.features.history import History

    shared = make_shared()
    chosen, said = Calls(), Calls()
    history = History(shared, lambda: DisplayUnit.ENERGY, lambda: ["energy", "money", "co2"], chosen, said)
    assert shared.window.built("history") is None
    shared.show("history")
    screen = shared.window.built("history")
    assert screen is not None
    shared.show("home")
    shared.show("history")
    assert shared.window.built("history") is screen  # built once
    history.browse(kind=PeriodKind.WEEK, offset=-1)
    assert (history.kind, history.offset) == (PeriodKind.WEEK, -1)
    assert history.view().period.start_utc < shared.clock.now()
    screen.moved.emit(+1)
    assert history.offset == 0
    screen.moved.emit(+1)
    assert history.offset == 0  # never into the future
    screen.fuel_chosen.emit("gas")
    assert history.fuel is Fuel.GAS
    screen.unit_chosen.emit("money")
    assert chosen.calls == [(DisplayUnit.MONEY,)]
    screen.read_aloud.emit()
    assert said.calls
    assert said.calls[0][0] == history.view().summary
    history.stop()


def _in_accessibility_tree(root, widget):
    from PySide6.QtGui import QAccessible

    todo = [QAccessible.queryAccessibleInterface(root)]
    while todo:
        node = todo.pop()
        if node is None or not node.isValid():
            continue
        if node.object() is widget:
            return node
        todo += [node.child(i) for i in range(node.childCount())]
    return None


def test_the_home_screen_draws_the_last_hour_of_demand_it_received(make_shared, qtbot):
    from PySide6.QtGui import QAccessible, QColor

    shared = make_shared(home=False)
    home, feed, _said, _shown = make_home(shared)
    shared.window.resize(720, 1280)  # portrait: the room for it
    shared.show("home")
    shared.retranslated.emit(shared.i18n)  # its words, as at start
    sent = [400, 1800, 600, 3200, 900]
    for watts in sent:
        at = shared.clock.now().isoformat().replace("+00:00", "Z")
        feed.receive("ihd/v1/electricity/demand", json.dumps({"ts": at, "watts": watts}).encode(), False)
        home.drain()
        shared.clock.advance(60)
    home.refresh()
    trend = home.screen.trend
    qtbot.waitUntil(trend.isVisible, timeout=3000)
    assert [p for p in trend.line.points if p is not None] == [w / 1000 for w in sent]
    (run,) = trend.line.runs()  # one unbroken line: a reading every minute
    heights = [-point.y() for point in run]
    assert sorted(range(len(sent)), key=heights.__getitem__) == sorted(range(len(sent)), key=sent.__getitem__)
    assert run[0].x() < run[-1].x()  # the latest on the right
    # drawn, in the profile's colour
    image, accent = trend.line.grab().toImage(), QColor(shared.theme.colours["accent"])

    def near(c):
        return abs(c.red() - accent.red()) + abs(c.green() - accent.green()) + abs(c.blue() - accent.blue()) < 40

    assert sum(near(image.pixelColor(x, y)) for x in range(image.width()) for y in range(image.height())) > 50
    node = _in_accessibility_tree(shared.window, trend)
    assert node is not None
    assert node.text(QAccessible.Text.Name) == "Use over the last hour"
    assert node.text(QAccessible.Text.Description) == ("Use over the last hour: between 0.40 and 3.20 kilowatts, "
                                                       "0.90 kilowatts most recently")
