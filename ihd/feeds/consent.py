"""The household's choice about carbon look-ups, as the display publishes it (retained) on the
broker: the consent record, and the postcode district it shares while look-ups are allowed
(docs/contract.md, "What the display publishes").

Heard on the network thread, asked on the fetching one. Only a record that says carbon-lookup is
granted allows it: no record, an empty one (deleted), or one that cannot be read, does not.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from ihd.config_keys import postcode_district
from ihd.core.consent import Category
from ihd.han.dialects.native_share import CARBON_REGION, CONSENT
from ihd.han.payload import PayloadError, load_object

log = logging.getLogger(__name__)


class ConsentWatch:
    def __init__(self, prefix: str, configured_district: str = "", changed: Callable[[], None] = lambda: None) -> None:
        self._consent_topic = f"{prefix}/{CONSENT}"
        self._region_topic = f"{prefix}/{CARBON_REGION}"
        self._configured = configured_district or None
        self.changed = changed  # called on the network thread when the choice or the district changes
        self._lock = threading.Lock()
        self._allowed = False
        self._shared: str | None = None  # the district the display shares while allowed
        self.heard = threading.Event()  # a consent record (or its deletion) has been heard

    def topics(self) -> list[str]:
        return [self._consent_topic, self._region_topic]

    def message(self, topic: str, payload: bytes, _retained: bool = True) -> None:
        if topic == self._consent_topic:
            self._set(allowed=_carbon_allowed(payload))
            self.heard.set()
        elif topic == self._region_topic:
            self._set(shared=_district(payload))

    def _set(self, **values: Any) -> None:
        with self._lock:
            before = (self._allowed, self._shared)
            if "allowed" in values:
                self._allowed = values["allowed"]
            if "shared" in values:
                self._shared = values["shared"]
            now = (self._allowed, self._shared)
        if now[0] != before[0]:
            log.info("carbon look-ups are %s", "allowed" if now[0] else "not allowed")
        if now != before:
            self.changed()

    def allowed(self) -> bool:
        with self._lock:
            return self._allowed

    def district(self) -> str | None:
        """The outward code to look up, or None: only while the household allows carbon look-ups.
        The one the display shares wins over the one in this process's config."""
        with self._lock:
            if not self._allowed:
                return None
            return self._shared or self._configured


def _carbon_allowed(payload: bytes) -> bool:
    if not payload:
        return False  # the record was deleted
    try:
        category = load_object(payload).get("categories", {}).get(Category.CARBON_LOOKUP.value)
        return isinstance(category, dict) and category.get("granted") is True
    except (PayloadError, AttributeError):
        log.warning("the consent record cannot be read; carbon look-ups are taken as not allowed")
        return False


def _district(payload: bytes) -> str | None:
    if not payload:
        return None  # cleared when the household withdrew
    try:
        found = load_object(payload).get("postcode_district")
        return postcode_district(found) or None
    except (PayloadError, ValueError):
        log.warning("the shared carbon region cannot be read")
        return None
