"""The household PIN and the guest view.

The PIN guards settings, consent, export and the wipe. It is kept only as a salted scrypt hash
(slow on purpose: a stolen file does not give it up in seconds). Five wrong PINs lock entry for
30 seconds, and each further wrong PIN doubles the wait, up to an hour; the count and the lock
survive a restart. A forgotten PIN is cleared only by the new-occupier wipe.

In the guest view (for a lodger or a visitor) the display shows use but not the account:
balances, debt, tariff, costs and messages are hidden until the PIN is entered.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

PIN_DIGITS = (4, 8)  # shortest and longest PIN
FREE_TRIES = 5
FIRST_LOCK = timedelta(seconds=30)
LONGEST_LOCK = timedelta(hours=1)
# scrypt cost: about a tenth of a second on a Raspberry Pi 4, a few milliseconds less elsewhere
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


@dataclass(frozen=True, slots=True)
class PinHash:
    salt: str  # hex
    digest: str  # hex
    n: int = SCRYPT["n"]
    r: int = SCRYPT["r"]
    p: int = SCRYPT["p"]

    @staticmethod
    def of(pin: str, salt: bytes | None = None) -> PinHash:
        salt = salt or secrets.token_bytes(16)
        digest = hashlib.scrypt(pin.encode(), salt=salt, **SCRYPT, dklen=32)
        return PinHash(salt.hex(), digest.hex())

    def matches(self, pin: str) -> bool:
        digest = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(self.salt), n=self.n, r=self.r, p=self.p,
                                dklen=32)
        return hmac.compare_digest(digest.hex(), self.digest)


def pin_problem(pin: str) -> str | None:
    """A short reason a new PIN is not acceptable, or None."""
    if not (pin.isascii() and pin.isdigit()):
        return "digits"
    if not PIN_DIGITS[0] <= len(pin) <= PIN_DIGITS[1]:
        return "length"
    if len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
        return "guessable"
    return None


@dataclass(frozen=True, slots=True)
class Household:
    """What the display keeps about who may do what: the PIN, its lock, and the guest view."""

    pin: PinHash | None = None
    failures: int = 0  # wrong PINs in a row
    locked_until: datetime | None = None
    guest: bool = False

    def lock_left(self, now: datetime) -> timedelta:
        if self.locked_until is None or now >= self.locked_until:
            return timedelta(0)
        # A clock set back (a Pi without a real-time clock) must not make a lock last for days.
        return min(self.locked_until - now, LONGEST_LOCK)

    def try_pin(self, pin: str, now: datetime) -> tuple[bool, Household]:
        """(right, the household after the try); a locked household refuses even the right PIN."""
        if self.pin is None:
            return True, self
        if self.lock_left(now):
            return False, self
        if self.pin.matches(pin):
            return True, replace(self, failures=0, locked_until=None)
        failures = self.failures + 1
        locked_until = None
        if failures >= FREE_TRIES:
            wait = min(FIRST_LOCK * 2 ** (failures - FREE_TRIES), LONGEST_LOCK)
            locked_until = now + wait
        return False, replace(self, failures=failures, locked_until=locked_until)

    def as_dict(self) -> dict[str, Any]:
        return {
            "pin": None if self.pin is None else {"salt": self.pin.salt, "digest": self.pin.digest,
                                                  "n": self.pin.n, "r": self.pin.r, "p": self.pin.p},
            "failures": self.failures,
            "locked_until": self.locked_until.isoformat() if self.locked_until else None,
            "guest": self.guest,
        }

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Household:
        """From the saved file; a damaged part is read as its safe default (a damaged PIN is kept
        as unusable, not dropped: dropping it would open the account to anyone)."""
        pin = None
        raw = data.get("pin")
        if raw is not None:
            try:
                pin = PinHash(str(raw["salt"]), str(raw["digest"]), int(raw["n"]), int(raw["r"]), int(raw["p"]))
                bytes.fromhex(pin.salt)
            except (KeyError, TypeError, ValueError):
                pin = PinHash("00", "damaged")  # matches nothing: only the wipe clears it
        try:
            locked_until = datetime.fromisoformat(data["locked_until"]) if data.get("locked_until") else None
        except (TypeError, ValueError):
            locked_until = None
        failures = data.get("failures")
        return Household(pin, failures if isinstance(failures, int) and failures >= 0 else 0, locked_until,
                         data.get("guest") is True)
