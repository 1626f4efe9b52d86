"""ihd: an in-home energy display for GB smart meters."""

from ihd import dataclass_cache

__version__ = "0.1.0"

dataclass_cache.install()  # before any of the package's dataclasses is made
