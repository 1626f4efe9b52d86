"""The talking display's rules: not the same words twice within a minute; the high band
repeated after one minute, then every ten; silence when off or asleep."""

from ihd.core.speech import SpeechPolicy


def test_a_change_is_not_repeated_within_60_seconds():
    policy = SpeechPolicy(enabled=True)
    assert policy.change("link", "Connection lost", 0) == "Connection lost"
    assert policy.change("link", "Connection lost", 30) is None
    assert policy.change("link", "Connected", 31) == "Connected"  # different words are news
    assert policy.change("link", "Connection lost", 40) == "Connection lost"
    assert policy.change("link", "Connection lost", 99) is None
    assert policy.change("link", "Connection lost", 101) == "Connection lost"


def test_different_things_do_not_hold_each_other_back():
    policy = SpeechPolicy(enabled=True)
    assert policy.change("electricity", "No reading", 0)
    assert policy.change("gas", "No reading", 1)


def test_high_band_repeats_after_one_minute_then_every_ten():
    policy = SpeechPolicy(enabled=True)
    assert policy.change("level", "High", 0, high=True) == "High"
    assert policy.due(59) == []
    assert policy.due(60) == ["High"]
    assert policy.due(61) == []
    assert policy.due(60 + 599) == []
    assert policy.due(60 + 600) == ["High"]
    assert policy.due(60 + 1200) == ["High"]


def test_leaving_the_high_band_stops_the_repeats():
    policy = SpeechPolicy(enabled=True)
    policy.change("level", "High", 0, high=True)
    assert policy.change("level", "Medium", 30) == "Medium"
    assert policy.due(1000) == []


def test_clear_stops_repeats():
    policy = SpeechPolicy(enabled=True)
    policy.change("credit", "Low credit", 0, high=True)
    policy.clear("credit")
    assert policy.due(100) == []


def test_silent_when_off_or_asleep():
    policy = SpeechPolicy(enabled=False)
    assert policy.change("link", "Connection lost", 0) is None
    policy.enabled = True
    policy.asleep = True
    assert policy.change("link", "Connection lost", 1) is None
    policy.asleep = False
    assert policy.change("link", "Connection lost", 2) == "Connection lost"
    policy.change("level", "High", 3, high=True)
    policy.asleep = True
    assert policy.due(100) == []
