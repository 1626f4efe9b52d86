"""Every text and background pair in every profile meets its contrast target."""

import pytest

from ihd.core.profiles import PROFILES, VISION, contrast_ratio, seen_difference

# (foreground, background) as the stylesheet and the figures pair them
TEXT_PAIRS = [
    ("text", "background"), ("text", "surface"), ("muted", "surface"), ("muted", "background"),
    ("accent_text", "accent"), ("warning_text", "warning"), ("accent", "background"),
    ("level_low_text", "level_low"), ("level_medium_text", "level_medium"), ("level_high_text", "level_high"),
    ("supply_off_text", "supply_off"), ("supply_armed_text", "supply_armed"), ("emergency_text", "emergency"),
    ("credit_low_text", "credit_low"),
]
# Non-text: the focus ring and control borders need 3:1 against what they sit on (WCAG 1.4.11).
UI_PAIRS = [("focus", "background"), ("focus", "surface"), ("border", "surface"), ("border", "background")]


@pytest.mark.parametrize("profile", list(PROFILES.values()), ids=list(PROFILES))
def test_text_contrast(profile):
    colours = profile.colours
    for fg, bg in TEXT_PAIRS:
        ratio = contrast_ratio(getattr(colours, fg), getattr(colours, bg))
        assert ratio >= profile.contrast_target, f"{profile.name}: {fg} on {bg} is {ratio:.2f}:1"


@pytest.mark.parametrize("profile", list(PROFILES.values()), ids=list(PROFILES))
def test_controls_and_focus_ring_are_visible(profile):
    for fg, bg in UI_PAIRS:
        ratio = contrast_ratio(getattr(profile.colours, fg), getattr(profile.colours, bg))
        assert ratio >= 3.0, f"{profile.name}: {fg} on {bg} is {ratio:.2f}:1"


def test_high_contrast_profiles_meet_aaa_and_large_print_is_half_as_big_again():
    assert PROFILES["high-contrast"].contrast_target >= 7
    assert PROFILES["large-high-contrast"].contrast_target >= 7
    standard = PROFILES["standard"].body_px
    assert PROFILES["large-print"].body_px >= 1.5 * standard
    assert PROFILES["large-print"].body_px >= 24
    assert standard >= 16
    assert PROFILES["high-contrast"].focus_px >= 4  # a thick, visible focus ring


def test_contrast_ratio_matches_wcag_examples():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("profile", list(PROFILES.values()), ids=list(PROFILES))
@pytest.mark.parametrize("vision", [None, *VISION])
def test_ambient_levels_stay_apart_under_colour_vision_deficiencies(profile, vision):
    levels = [profile.colours.level_low, profile.colours.level_medium, profile.colours.level_high]
    for i, a in enumerate(levels):
        for b in levels[i + 1:]:
            assert seen_difference(a, b, vision) >= 35, f"{profile.name}, {vision}: {a} and {b} look alike"


def test_the_simulation_tells_red_from_green_only_for_typical_vision():
    red, green = "#D00000", "#00A000"
    assert seen_difference(red, green) > 100
    assert seen_difference(red, green, "deuteranopia") < seen_difference(red, green) / 2


@pytest.mark.parametrize("profile", list(PROFILES.values()), ids=list(PROFILES))
def test_supply_and_credit_alerts_look_unlike_each_other_and_unlike_low_use(profile):
    c = profile.colours
    alerts = [c.supply_off, c.supply_armed, c.emergency, c.credit_low]
    for i, a in enumerate(alerts):
        for b in alerts[i + 1:]:
            assert seen_difference(a, b) >= 25, f"{profile.name}: {a} and {b} look alike"
    # the calm blue "Low" must never be mistaken for a house without power
    assert seen_difference(c.supply_off, c.level_low) >= 35
