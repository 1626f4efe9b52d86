"""How long the display keeps what: the one place the policy lives, driven by consent."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Retention:
    """How long the display keeps each kind of record, in days."""

    raw_days: int = 14  # register readings as they came, for merging late or re-sent ones
    half_hour_days: int = 400  # half-hour totals: 13 months and a little more, for "this time last year"
    day_days: int = 3653  # day totals: ten years
    quarantine_days: int = 30  # refused readings, kept to show why


def retention_policy(detailed_history: bool = True) -> Retention:
    """Without consent to detailed history, only today's half-hours and readings are kept (today's
    total is counted from them); every earlier day survives as its daily total alone."""
    if detailed_history:
        return Retention()
    return Retention(raw_days=0, half_hour_days=0)
