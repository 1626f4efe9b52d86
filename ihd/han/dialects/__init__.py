"""Dialects turn one bridge's (topic, payload) into core readings, or say why they cannot.

Each is a small object with `subscriptions()`, `claims(topic)`, `parse(topic, payload)` and
`command(...)`; parse never raises for bad input, it returns a `Parsed` holding rejections.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from ihd.core.readings import Parsed


class Dialect(Protocol):
    name: str

    def subscriptions(self) -> list[str]: ...

    def claims(self, topic: str) -> bool: ...

    def parse(self, topic: str, payload: bytes) -> Parsed: ...

    def command(self, name: str, request_id: str, at: datetime, **fields: object) -> tuple[str, bytes] | None:
        """The (topic, payload) that asks the bridge to do `name`; None if it cannot relay commands."""
        ...


DIALECT_NAMES = ("auto", "native", "glow")


def make_dialect(name: str, *, native_prefix: str = "ihd/v1", glow_prefix: str = "glow",
                 glow_device: str | None = None) -> Dialect:
    from ihd.han.dialects.auto import AutoDialect
    from ihd.han.dialects.glow import GlowDialect
    from ihd.han.dialects.native import NativeDialect

    native = NativeDialect(native_prefix)
    glow = GlowDialect(glow_prefix, glow_device)
    if name == "native":
        return native
    if name == "glow":
        return glow
    if name == "auto":
        return AutoDialect([native, glow])
    raise ValueError(f"unknown dialect {name!r}; expected one of {', '.join(DIALECT_NAMES)}")
