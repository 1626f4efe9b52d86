"""The running app as a screen reader meets it: the real accessibility tree over AT-SPI,
in a real X window, driven by real key presses."""

import pytest
from session import Session, focused, missing, walk

LIVE_VALUES = ("Electricity, Now, ", "Electricity, Today, ", "Gas, Today, ")


@pytest.fixture
def session(tmp_path):
    gone = missing()
    if gone:
        pytest.fail(f"the accessibility test needs: {', '.join(gone)} "
                    "(sh packaging/dev.sh test installs them)")
    made = []

    def start(*args, size="800x480"):
        s = Session(["--demo", "--data-dir", str(tmp_path), *args], size, tmp_path / "app.log")
        made.append(s)
        return s

    yield start
    for s in made:
        s.close()


def has_live_values(tree):
    """Every figure there with its value (at start each says it is waiting for the meter)."""
    names = [n["name"] for n in walk(tree)]
    return all(any(name.startswith(v) and "Waiting" not in name for name in names) for v in LIVE_VALUES)


def test_every_control_has_a_name_and_every_live_value_is_there(session):
    s = session()
    tree = s.wait_for(has_live_values)
    unnamed = [n["role"] for n in walk(tree) if "focusable" in n["states"] and "showing" in n["states"]
               and not n["name"].strip()]
    assert not unnamed, f"focusable objects without a name: {unnamed}"
    names = [n["name"] for n in walk(tree)]
    now = next(n for n in names if n.startswith("Electricity, Now, "))
    assert "pence an hour" in now or "an hour" in now  # the unit is read with the value
    assert any(n.startswith("DEMO") for n in names)
    for control in ("Read aloud", "Settings", "kWh", "£ and p", "CO2e"):
        assert control in names  # each named first by the words on it (voice control says those)
    described = {n["name"]: n["description"] for n in walk(tree)}
    assert described["kWh"] == "Show energy in kilowatt hours"


def test_tab_goes_through_the_home_screen_in_reading_order(session):
    s = session()
    s.wait_for(has_live_values)
    order = []
    for _ in range(6):
        s.key("Tab")
        node = focused(s.wait_for(focused))
        order.append(node["name"])
    level = order.pop(0)
    assert level.split(".")[0] in ("Low", "Medium", "High")  # the colour's level, in words
    # the unit switch is a radio group: one Tab stop, on the chosen unit; then the bottom row
    assert order[:5] == ["£ and p", "History", "Settings", "Kettle on", "Read aloud"]


def test_keys_reach_settings_change_the_language_and_come_back(session):
    s = session()
    s.wait_for(has_live_values)
    s.key("Tab", "Tab", "Tab", "Tab", "Return")  # past the band, the units and History to Settings
    assert focused(s.wait_for(focused))["name"] == "Back"
    tree = s.tree()
    assert any(n["name"] == "Large print" and "focusable" in n["states"] for n in walk(tree))
    s.press("Cymraeg")
    s.wait_for(lambda t: any(n["name"] == "Yn ôl" for n in walk(t)))
    s.key("Escape")
    tree = s.wait_for(lambda t: any(n["name"].startswith("Trydan, Nawr, ") for n in walk(t)))
    assert any(n["name"] == "Darllen yn uchel" for n in walk(tree))


def test_large_print_high_contrast_in_urdu_is_complete(session):
    s = session("--profile", "large-high-contrast", "--lang", "ur", size="720x1280")
    tree = s.wait_for(lambda t: any(n["name"].lstrip("\u200f").startswith("بجلی") for n in walk(t)))
    unnamed = [n["role"] for n in walk(tree) if "focusable" in n["states"] and "showing" in n["states"]
               and not n["name"].strip()]
    assert not unnamed
    assert any(n["name"].lstrip("\u200f") == "بلند آواز سے پڑھیں" for n in walk(tree))
