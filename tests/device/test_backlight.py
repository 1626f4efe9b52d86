"""The backlight through a sysfs-shaped folder: dimmed, restored, and left alone when read-only."""

from ihd.device.backlight import Backlight


def panel(root, brightness=200, top=255):
    device = root / "10-0045"
    device.mkdir(parents=True)
    (device / "brightness").write_text(f"{brightness}\n")
    (device / "max_brightness").write_text(f"{top}\n")
    return device


def test_dims_to_a_share_of_full_and_restores(tmp_path):
    device = panel(tmp_path)
    light = Backlight(tmp_path)
    assert light.usable
    assert light.dim(20)
    assert (device / "brightness").read_text().strip() == "51"
    light.restore()
    assert (device / "brightness").read_text().strip() == "200"


def test_no_backlight_no_harm(tmp_path):
    light = Backlight(tmp_path / "nothing-here")
    assert not light.usable
    assert not light.dim(20)
    light.restore()
