"""Capped exponential backoff with jitter, so a houseful of displays does not reconnect in step."""

from __future__ import annotations

import random
from collections.abc import Callable


class Backoff:
    def __init__(self, first: float = 1.0, cap: float = 30.0, rand: Callable[[], float] = random.random):
        self._first = first
        self._cap = cap
        self._rand = rand
        self._attempt = 0

    def next(self) -> float:
        """The next wait: between half and all of min(cap, first * 2**attempt)."""
        ceiling = min(self._cap, self._first * 2**self._attempt)
        self._attempt = min(self._attempt + 1, 32)
        return ceiling / 2 + self._rand() * ceiling / 2

    def reset(self) -> None:
        self._attempt = 0
