"""Pay as you go, Home Assistant, the About screen and the glance line, each built alone."""

from fakes import Calls

from ihd.core import utrn
from ihd.core.account_view import Stage
from ihd.core.consent import Category, ConsentRecord, ConsentState
from ihd.core.link import Link, LinkState
from ihd.core.units import Fuel
from ihd.han.dialects import make_dialect


def test_a_top_up_code_is_checked_confirmed_and_sent(make_shared, qtbot):
    from ihd.features.account import Account

    shared = make_shared()
    sent, told = Calls(), Calls()
    account = Account(shared, make_dialect("native").command, sent, lambda: True, told, None)
    account.set_connected(True)
    assert shared.window.built("topup") is None
    account.open_top_up(Fuel.ELECTRICITY)
    assert shared.current == "topup"
    account.check("1234")
    assert account.topup.stage is Stage.ENTER
    assert account.topup.problem
    code = utrn.make(1000, 1, 7)
    account.check(code)
    assert account.topup.stage is Stage.CONFIRM
    account.send()
    assert account.topup.stage is Stage.WAITING
    topic, payload, _qos, retain = sent.calls[-1]
    assert topic.startswith("ihd/v1/")
    assert "top-up" in topic
    assert code.encode() in payload
    assert not retain


def test_the_guest_view_sees_no_account_actions(make_shared, qtbot):
    from ihd.core.account_view import Action
    from ihd.features.account import Account

    shared = make_shared()
    sent = Calls()
    account = Account(shared, make_dialect("native").command, sent, lambda: False, Calls(), None)
    account.set_connected(True)
    account.act(Fuel.ELECTRICITY, Action.EMERGENCY_CREDIT)
    assert shared.current == "home"
    assert not sent.calls


def test_home_devices_follow_the_households_choice(make_shared, qtbot):
    from ihd.core.live import LiveModel
    from ihd.features.home_devices import HomeDevices

    shared = make_shared()
    sent = Calls()
    state = [None]
    live = LiveModel(shared.clock, shared.tz)
    devices = HomeDevices(shared, sent, lambda: state[0], live.snapshot, lambda: None)
    devices.set_connected(True)
    assert not sent.calls  # the choices are not read yet
    allowed = ConsentRecord(Category.HOME_DEVICES, True, shared.clock.now(), 2, "en_GB", "words")
    state[0] = ConsentState([allowed])
    devices.update(force=True)
    topics = [c[0] for c in sent.calls]
    assert any(t.startswith("homeassistant/") for t in topics)
    assert "ihd/v1/display/availability" in topics
    sent.calls.clear()
    state[0] = state[0].with_choice(ConsentRecord(Category.HOME_DEVICES, False, shared.clock.now(), 2, "en_GB", "w"))
    devices.update()
    assert all(payload == b"" for _t, payload, _q, _r in sent.calls)
    assert sent.calls


def test_about_counts_what_came_in(make_shared, qtbot):
    from ihd.core.live import LiveModel
    from ihd.features.appliance import Appliance
    from ihd.han.dialects import make_dialect
    from ihd.han.feed import Feed
    from ihd.han.rejections import RejectionLog

    shared = make_shared()
    rejections = RejectionLog(shared.clock.monotonic)
    feed = Feed(make_dialect("native"), rejections, wake=lambda: None)
    feed.receive("ihd/v1/electricity/demand", b"not json", False)
    live = LiveModel(shared.clock, shared.tz)
    feed.drain(live)
    link = Link(LinkState.CONNECTED)
    about = Appliance(shared, feed, rejections, live.snapshot, lambda: link, lambda _l, _s: ("Connected", True))
    assert shared.window.built("about") is None
    shared.show("about")
    words = " ".join(label.text() for label in about.screen.findChildren(type(about.screen.title)))
    assert "1 received: 0 taken, 1 refused, 0 dropped" in words
    assert about._status(link) == f"connected to {shared.config.bridge.broker}"
    about.stop()


def test_the_glance_line_says_nothing_of_cheap_hours_on_a_single_rate(make_shared, qtbot):
    from ihd.core.pricing import Pricer
    from ihd.features.glance_line import GlanceLine

    shared = make_shared()
    line = GlanceLine(shared, lambda: Pricer(shared.tz), lambda: True)
    glance = line.glance(shared.clock.now())
    assert glance.cheap is None
