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
