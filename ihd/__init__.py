"""ihd: an in-home energy display for GB smart meters."""

__version__ = "0.1.0"
