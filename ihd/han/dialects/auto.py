"""Listens for every known bridge format and hands each message to the dialect it belongs to."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from ihd.core.readings import Parsed

if TYPE_CHECKING:
    from ihd.han.dialects import Dialect


class AutoDialect:
    name = "auto"

    def __init__(self, dialects: Sequence[Dialect]) -> None:
        self._dialects = list(dialects)

    def subscriptions(self) -> list[str]:
        return [topic for d in self._dialects for topic in d.subscriptions()]

    def claims(self, topic: str) -> bool:
        return any(d.claims(topic) for d in self._dialects)

    def parse(self, topic: str, payload: bytes) -> Parsed:
        for dialect in self._dialects:
            if dialect.claims(topic):
                return dialect.parse(topic, payload)
        return Parsed.reject(topic, "topic belongs to no known bridge format")

    def command(self, name: str, request_id: str, at: datetime, **fields: object) -> tuple[str, bytes] | None:
        """Through the first format that can carry commands (the native contract)."""
        for dialect in self._dialects:
            if (made := dialect.command(name, request_id, at, **fields)) is not None:
                return made
        return None
