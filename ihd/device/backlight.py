"""The panel's backlight through /sys/class/backlight, where the display may write to it.

On a Raspberry Pi with the official touchscreen the brightness file is writable once the
installer's udev rule has run; anywhere else there is no such file, and nothing is touched.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)
SYSFS = Path("/sys/class/backlight")


class Backlight:
    def __init__(self, root: Path = SYSFS) -> None:
        self._device = next((d for d in sorted(root.glob("*")) if (d / "brightness").exists()
                             and (d / "max_brightness").exists()), None) if root.exists() else None
        self._saved: int | None = None

    @property
    def usable(self) -> bool:
        return self._device is not None and os.access(self._device / "brightness", os.W_OK)

    def dim(self, percent: int) -> bool:
        """Lower the backlight to `percent` of full, 0 for off (remembering where it was). False if it
        cannot."""
        if not self.usable:
            return False
        assert self._device is not None
        try:
            top = int((self._device / "max_brightness").read_text().strip())
            if self._saved is None:
                self._saved = int((self._device / "brightness").read_text().strip())
            self._write(max(1, top * percent // 100) if percent else 0)
        except (OSError, ValueError) as error:
            log.warning("cannot dim the backlight: %s", error)
            return False
        return True

    def restore(self) -> None:
        if self._saved is not None and self.usable:
            try:
                self._write(self._saved)
            except OSError as error:
                log.warning("cannot restore the backlight: %s", error)
        self._saved = None

    def _write(self, value: int) -> None:
        assert self._device is not None
        (self._device / "brightness").write_text(f"{value}\n")
