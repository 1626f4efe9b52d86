"""The household's choices survive a restart; damage or a full disk loses nothing else."""

import json

import pytest

from ihd.core.preferences import Preferences
from ihd.store.preferences import FILENAME, load_preferences, save_preferences


def test_saved_choices_come_back(tmp_path):
    prefs = Preferences(profile="large-high-contrast", language="cy", unit="carbon", speak_changes=True,
                        speech_rate=-2, speech_volume=5)
    save_preferences(tmp_path, prefs)
    assert load_preferences(tmp_path, Preferences()) == prefs


def test_missing_file_gives_the_defaults(tmp_path):
    defaults = Preferences(profile="large-print")
    assert load_preferences(tmp_path, defaults) is defaults


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", "\xff\xfe"])
def test_damaged_file_gives_the_defaults(tmp_path, content, caplog):
    (tmp_path / FILENAME).write_text(content, encoding="latin-1")
    assert load_preferences(tmp_path, Preferences()) == Preferences()
    assert "starting without the saved settings" in caplog.text


def test_bad_values_are_ignored_and_good_ones_kept(tmp_path, caplog):
    (tmp_path / FILENAME).write_text(json.dumps({"profile": "tiny", "language": "pl", "speech_rate": 99,
                                                 "speak_changes": "yes", "colour": "red"}))
    prefs = load_preferences(tmp_path, Preferences())
    assert prefs == Preferences(language="pl")
    assert "colour, profile, speak_changes, speech_rate" in caplog.text
