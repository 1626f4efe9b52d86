"""Speaking through speech-dispatcher: ihd.ui.speech.Speaker runs the real spd-say against a real
speech-dispatcher (tests/speechd.py), whose voice writes down what it was given instead of sounding it."""

import subprocess

import pytest
from speechd import Passage

from ihd.config import parse_config
from ihd.ui.speech import ENGINES, Speaker, spd_arguments, spd_language

SLOW = "Electricity, Now, 1.2 kilowatts; said slowly"


@pytest.fixture
def speakers(qapp):
    made = []

    def make(*args, **kwargs) -> Speaker:
        speaker = Speaker(*args, **kwargs)
        made.append(speaker)
        return speaker

    yield make
    for speaker in made:
        speaker.stop()


def test_the_words_language_speed_and_volume_reach_speech_dispatcher(qtbot, speech_server, speakers):
    speaker = speakers("speechd")
    asked = [("Trydan, Nawr, 1.2 cilowat", "cy", 2, 5, Passage("Trydan, Nawr, 1.2 cilowat", "cy", 40, 0)),
             ("Prąd, Teraz", "pl", -5, 10, Passage("Prąd, Teraz", "pl", -100, 100)),
             ("بجلی، ابھی", "ur", 5, 0, Passage("بجلی، ابھی", "ur", 100, -100)),
             ("Low. £2.34 today", "en_GB", 0, 8, Passage("Low. £2.34 today", "en-gb", 0, 60)),
             ("[Ĺöŵ]", "pseudo", 1, 7, Passage("[Ĺöŵ]", "en-gb", 20, 40))]
    for text, language, rate, volume, passage in asked:
        assert speaker.say(text, language, rate, volume)
        qtbot.waitUntil(lambda text=text: text in speech_server.ended(), timeout=10000)
        assert speech_server.started()[-1] == passage
    assert speaker.problem is None
    assert list(speaker.said) == [text for text, *_ in asked]


def test_words_that_look_like_options_or_shell_are_said_as_they_are(qtbot, speech_server, speakers):
    speaker = speakers("speechd")
    text = "-5 °C --volume 100; O'Brien's \"$HOME\" `id` \\ 50%"
    assert speaker.say(text, "en_GB", 0, 5)
    qtbot.waitUntil(lambda: text in speech_server.ended(), timeout=10000)
    assert speech_server.started()[-1].text == text


def test_a_new_passage_cuts_off_the_one_being_said(qtbot, speech_server, speakers):
    speaker = speakers("speechd")
    speaker.say(SLOW, "en_GB", 0, 8)
    qtbot.waitUntil(lambda: [p.text for p in speech_server.started()] == [SLOW], timeout=10000)
    speaker.say("Connection lost", "en_GB", 0, 8)
    qtbot.waitUntil(lambda: "Connection lost" in speech_server.ended(), timeout=10000)
    # had the first gone on, it would have ended before the second began
    assert [p.text for p in speech_server.started()] == [SLOW, "Connection lost"]
    assert speech_server.ended() == ["Connection lost"]


def test_passages_asked_for_in_a_burst_leave_only_the_newest_waiting(qtbot, speech_server, speakers):
    speaker = speakers("speechd")
    for text in (SLOW, "Medium", "High"):
        assert speaker.say(text, "en_GB", 0, 8)
    qtbot.waitUntil(lambda: "High" in speech_server.ended(), timeout=10000)
    # dropped, never handed over (the first was, and the run that said "High" cut it off, unless
    # speech-dispatcher's generic voice had not quite begun it: a race of its own)
    assert "Medium" not in [p.text for p in speech_server.started()]
    assert list(speaker.said) == [SLOW, "Medium", "High"]


def test_stop_cuts_off_what_is_being_said(qtbot, speech_server, speakers):
    speaker = speakers("speechd")
    speaker.say(SLOW, "en_GB", 0, 8)
    qtbot.waitUntil(lambda: [p.text for p in speech_server.started()] == [SLOW], timeout=10000)
    speaker.stop()
    # another client's passage, which waits for anything still being said
    subprocess.run(["spd-say", "--wait", "--", "after"], check=True, timeout=10)
    assert [p.text for p in speech_server.started()] == [SLOW, "after"]
    assert speech_server.ended() == ["after"]


def test_no_spd_say_is_a_problem_in_words_not_a_crash(qtbot, speakers, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    told = []
    speaker = speakers("speechd", on_problem=told.append)
    assert speaker.say("Low", "en_GB", 0, 8) is False
    assert speaker.problem == "speech-dispatcher is not installed (no spd-say on the PATH)"
    assert told == []  # said by the False, at once
    speaker.stop()


def test_a_speech_dispatcher_that_does_not_answer_is_reported_and_tried_again(qtbot, speech_server, speakers,
                                                                             tmp_path, monkeypatch):
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{tmp_path / 'nobody.sock'}")
    told = []
    speaker = speakers("speechd", on_problem=told.append)
    assert speaker.say("Low", "en_GB", 0, 8)  # spd-say runs; it fails after say() has returned
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    assert told[0].startswith("speech-dispatcher did not speak: ")
    assert "connect" in told[0]  # spd-say's own words
    assert speaker.problem == told[0]
    monkeypatch.setenv("SPEECHD_ADDRESS", speech_server.address)  # the server is back
    assert speaker.say("High", "en_GB", 0, 8)
    qtbot.waitUntil(lambda: "High" in speech_server.ended(), timeout=10000)
    qtbot.waitUntil(lambda: speaker.problem is None, timeout=10000)
    assert len(told) == 1


def test_the_silent_engines(speakers):
    mock = speakers("mock")
    assert mock.say("Low", "cy", 0, 8)
    assert list(mock.said) == ["Low"]
    assert mock.problem is None
    off = speakers("none")
    assert off.say("Low", "cy", 0, 8) is False
    assert "turned off" in off.problem
    with pytest.raises(ValueError, match="expected one of speechd, none, mock"):
        Speaker("espeak")


def test_every_engine_is_a_setting_and_only_those():
    for engine in ENGINES:
        assert parse_config({"speech": {"engine": engine}}).speech.engine == engine
    assert parse_config({}).speech.engine == "speechd"
    with pytest.raises(ValueError, match=r"speech\.engine"):
        parse_config({"speech": {"engine": "flite"}})


def test_arguments_and_languages():
    assert spd_language("en_GB") == "en-GB"
    assert spd_language("pseudo") == "en-GB"
    assert [spd_language(code) for code in ("cy", "pl", "ur")] == ["cy", "pl", "ur"]
    assert spd_arguments("Low", "cy", -5, 0) == [
        "--application-name", "ihd", "--cancel", "--priority", "message", "--language", "cy",
        "--rate", "-100", "--volume", "-100", "--", "Low"]
