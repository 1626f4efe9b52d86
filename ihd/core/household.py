"""The household PIN and the guest view.

The PIN guards settings, consent, export and the wipe. It is kept only as a salted scrypt hash
(slow on purpose: a stolen file does not give it up in seconds). Five wrong PINs lock entry for
30 seconds, and each further wrong PIN doubles the wait, up to an hour; the count and the lock
survive a restart.

No one without the PIN can erase the household's data at once, the guest view included. A new
occupier whose predecessor left a PIN behind asks for the wipe with "Forgot PIN?": it is then
scheduled WIPE_NOTICE ahead and shown on the home screen, so a household that still lives here
sees it and stops it with the PIN. Requests, stops and wipes are kept in a short audit trail.

In the guest view (for a lodger or a visitor) the display shows use but not the account:
balances, debt, tariff, costs and messages are hidden until the PIN is entered.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

PIN_DIGITS = (4, 8)  # shortest and longest PIN
FREE_TRIES = 5
FIRST_LOCK = timedelta(seconds=30)
LONGEST_LOCK = timedelta(hours=1)
WIPE_NOTICE = timedelta(days=3)  # long enough for a household away for a weekend to see it
AUDIT_KEPT = 50  # the newest entries of the audit trail
# scrypt cost: about a tenth of a second on a Raspberry Pi 4, a few milliseconds less elsewhere
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


@dataclass(frozen=True, slots=True)
class PinHash:
    """The household PIN as kept: a salted scrypt hash, never the PIN itself."""

    salt: str  # hex
    digest: str  # hex
    n: int = SCRYPT["n"]
    r: int = SCRYPT["r"]
    p: int = SCRYPT["p"]

    @staticmethod
    def of(pin: str, salt: bytes | None = None) -> PinHash:
        import hashlib  # hashlib, hmac and secrets load OpenSSL's library: not on the way to the first frame
        import secrets

        salt = salt or secrets.token_bytes(16)
        digest = hashlib.scrypt(pin.encode(), salt=salt, **SCRYPT, dklen=32)
        return PinHash(salt.hex(), digest.hex())

    def matches(self, pin: str) -> bool:
        import hashlib
        import hmac

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


class Audit:
    """What the audit trail records (kept as these words, shown translated)."""

    WIPE_REQUESTED = "wipe-requested"
    WIPE_STOPPED = "wipe-stopped"
    WIPED = "wiped"  # the first entry of a display that was wiped


@dataclass(frozen=True, slots=True)
class Household:
    """What the display keeps about who may do what: the PIN, its lock, and the guest view."""

    pin: PinHash | None = None
    failures: int = 0  # wrong PINs in a row
    locked_until: datetime | None = None
    guest: bool = False
    wipe_at: datetime | None = None  # a wipe asked for without the PIN, due then
    audit: tuple[tuple[datetime, str], ...] = ()  # (when, what): see Audit

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

    def noted(self, what: str, now: datetime) -> Household:
        return replace(self, audit=(*self.audit, (now, what))[-AUDIT_KEPT:])

    def schedule_wipe(self, now: datetime) -> Household:
        """A wipe asked for without the PIN: due after the notice (an earlier request stands)."""
        if self.wipe_at is not None:
            return self
        return replace(self, wipe_at=now + WIPE_NOTICE).noted(Audit.WIPE_REQUESTED, now)

    def stop_wipe(self, now: datetime) -> Household:
        if self.wipe_at is None:
            return self
        return replace(self, wipe_at=None).noted(Audit.WIPE_STOPPED, now)

    def wipe_due(self, now: datetime) -> bool:
        return self.wipe_at is not None and now >= self.wipe_at

    def as_dict(self) -> dict[str, Any]:
        return {
            "pin": None if self.pin is None else {"salt": self.pin.salt, "digest": self.pin.digest,
                                                  "n": self.pin.n, "r": self.pin.r, "p": self.pin.p},
            "failures": self.failures,
            "locked_until": self.locked_until.isoformat() if self.locked_until else None,
            "guest": self.guest,
            "wipe_at": self.wipe_at.isoformat() if self.wipe_at else None,
            "audit": [[at.isoformat(), what] for at, what in self.audit],
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
                         data.get("guest") is True, _when(data.get("wipe_at")), _audit(data.get("audit")))


def _when(raw: object) -> datetime | None:
    try:
        found = datetime.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None
    return found if found is not None and found.tzinfo is not None else None


def _audit(raw: object) -> tuple[tuple[datetime, str], ...]:
    if not isinstance(raw, list):
        return ()
    found = []
    for entry in raw[-AUDIT_KEPT:]:
        if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], str) and (at := _when(entry[0])):
            found.append((at, entry[1]))
    return tuple(found)
