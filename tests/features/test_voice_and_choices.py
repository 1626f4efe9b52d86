"""Speech and the household's choices, each built alone."""

import json

from fakes import Calls

from ihd.core.preferences import Preferences
from ihd.core.units import DisplayUnit


def test_voice_speaks_through_the_engine_and_says_where_it_cannot(make_shared, qtbot):
    from ihd.features.voice import Voice

    shared = make_shared()
    voice = Voice(shared, "mock", speak_changes=False)
    voice.say("Using 2.1 kW")
    assert list(voice.speaker.said) == ["Using 2.1 kW"]
    voice.tell("Top-up accepted")  # speaking changes is off: a result is not spoken
    assert list(voice.speaker.said) == ["Using 2.1 kW"]
    voice.follow(Preferences(speak_changes=True, speech_rate=2, speech_volume=3))
    voice.tell("Top-up accepted")
    assert voice.speaker.said[-1] == "Top-up accepted"
    assert (voice.rate, voice.volume) == (2, 3)
    voice.stop()

    mute = Voice(shared, "none", speak_changes=False)  # a display set never to speak
    told = Calls()
    mute.unavailable.connect(told)
    mute.say("anything")
    assert told.calls == [("Speech is not available on this display.",)]


def test_choices_apply_save_and_are_guarded(make_shared, qtbot):
    from ihd.features.choices import Choices

    shared = make_shared()
    allowed, guest = [True], [False]
    changed = Calls()
    choices = Choices(shared, Preferences(), Preferences(), None, lambda: allowed[0], lambda: guest[0])
    choices.changed.connect(changed)
    assert shared.window.built("settings") is None  # not built until shown

    choices.set_unit(DisplayUnit.ENERGY)
    assert changed.calls[-1][0].unit == "energy"
    shared.writer.flush()
    assert json.loads((shared.data_dir / "preferences.json").read_text())["unit"] == "energy"

    choices.set_unit(DisplayUnit.MONEY)
    guest[0] = True
    assert choices.shown_unit is DisplayUnit.ENERGY  # a guest sees use, never money
    assert "money" not in choices.offered_units()

    allowed[0] = False
    screen = choices.screen
    before = len(changed.calls)
    screen.profile_chosen.emit("large-print")  # as an accessibility client could, without the PIN
    assert len(changed.calls) == before
    assert choices.profile_name == "standard"
    assert choices.problem == "Enter the household PIN first."

    allowed[0] = True
    screen.profile_chosen.emit("large-print")
    assert choices.profile_name == "large-print"
    assert shared.theme.profile.name == "large-print"


def test_ambient_darkens_the_night_and_keeps_quiet(make_shared, qtbot):
    from ihd.core.speech import SpeechPolicy
    from ihd.features.ambient import Ambient

    shared = make_shared({"display": {"night_start": "17:00", "night_end": "07:00"}})  # 18:00 now
    speech = SpeechPolicy(True)
    ambient = Ambient(shared, Preferences(), speech, lambda: True)
    ambient.watch_the_room()
    assert shared.window.shade.isVisible()
    assert speech.asleep
    shared.clock.advance(14 * 3600)  # 08:00
    ambient.watch_the_room()
    assert not shared.window.shade.isVisible()
    assert not speech.asleep
    ambient.follow(Preferences(ambient_mode="tariff", medium_kw=1.5))
    assert ambient.engine.settings.medium_kw == 1.5
