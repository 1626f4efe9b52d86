"""Fetching from a web source: one GET with a timeout, conditional on what was last seen, with its
body bounded and checked whole; and a few attempts with backoff and jitter that honour a server's
Retry-After.

This is the standard library's urllib, on purpose. ihd-feeds makes a few requests an hour to two
hosts: what it needs of HTTP is a timeout, TLS with the system's certificates, a proxy from the
environment (all urllib's own), and the policy here (retries, Retry-After, validators, refusing
a body cut short), which a client library would not have decided for us: urllib3's retries, for
one, sleep in time.sleep, where these wait on the service's stop signal and, in the tests, on
nothing. So the appliance gains no dependency to keep up to date beyond Python itself.
"""

from __future__ import annotations

import email.utils
import http.client
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar
from urllib.parse import urlsplit

from ihd import __version__
from ihd.han.backoff import Backoff

TIMEOUT_S = 20.0
MAX_BYTES = 4 * 1024 * 1024  # the largest real answer (a 48-hour regional forecast) is under 100 KiB
USER_AGENT = f"ihd-feeds/{__version__} (open-source in-home display)"
LONGEST_WAIT_S = 120.0  # a Retry-After beyond this ends the round; the schedule comes back then
LONGEST_RETRY_AFTER_S = 24 * 3600.0


class FetchFailed(Exception):
    """Why a source gave nothing usable, in plain words; whether trying again soon may help, and
    how long the server asked us to wait (its Retry-After), if it said."""

    def __init__(self, reason: str, *, retry: bool, after: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.retry, self.after = reason, retry, after


class Stopped(Exception):
    """The service is stopping: a wait between attempts was cut short."""


@dataclass(frozen=True, slots=True)
class Validators:
    """What the server said identifies its answer, sent back to ask 'has it changed?'."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """What a fetch brought back: the body, or word that it has not changed."""

    url: str
    body: bytes  # empty when unchanged
    unchanged: bool  # 304 Not Modified: what we have is still the answer
    validators: Validators


class Http:
    def __init__(self, now: Callable[[], datetime], timeout: float = TIMEOUT_S, max_bytes: int = MAX_BYTES) -> None:
        self._now, self._timeout, self._max = now, timeout, max_bytes
        self._opener = urllib.request.build_opener()

    def get(self, url: str, validators: Validators | None = None) -> Answer:
        """One GET; raises FetchFailed with the reason."""
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if validators is not None and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators is not None and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        where = urlsplit(url).netloc
        try:
            response = self._opener.open(urllib.request.Request(url, headers=headers), timeout=self._timeout)
        except urllib.error.HTTPError as error:
            error.close()
            if error.code == 304 and validators is not None:
                return Answer(url, b"", True, validators)
            raise self._refusal(error) from None
        except urllib.error.URLError as error:
            raise FetchFailed(_unreachable(where, error.reason), retry=True) from None
        except (OSError, http.client.HTTPException) as error:
            raise FetchFailed(_unreachable(where, error), retry=True) from None
        with response:
            body = self._body(response, where)
            found = Validators(response.headers.get("ETag"), response.headers.get("Last-Modified"))
        return Answer(url, body, False, found)

    def _body(self, response: http.client.HTTPResponse, where: str) -> bytes:
        promised = response.length  # None when the server did not say
        if promised is not None and promised > self._max:
            raise FetchFailed(f"the answer from {where} is larger than {self._max // 1024} KiB", retry=False)
        chunks, total = [], 0
        try:
            while chunk := response.read(64 * 1024):
                total += len(chunk)
                if total > self._max:
                    raise FetchFailed(f"the answer from {where} is larger than {self._max // 1024} KiB", retry=False)
                chunks.append(chunk)
        except (OSError, http.client.HTTPException):
            raise FetchFailed(f"the answer from {where} was cut short after {total} bytes", retry=True) from None
        if response.length:  # bytes promised and never sent: the connection closed early
            raise FetchFailed(f"the answer from {where} was cut short: {total} of {promised} bytes", retry=True)
        return b"".join(chunks)

    def _refusal(self, error: urllib.error.HTTPError) -> FetchFailed:
        code, words = error.code, f"{error.code} {error.reason}".strip()
        after = _retry_after(error.headers.get("Retry-After"), self._now())
        if code == 429:
            return FetchFailed(f"the server asked us to wait ({words})", retry=True, after=after)
        if code >= 500:
            return FetchFailed(f"the server failed ({words})", retry=True, after=after)
        if code == 404:
            return FetchFailed(f"the server does not know that address ({words})", retry=False)
        return FetchFailed(f"the server refused the request ({words})", retry=False)


def _unreachable(where: str, why: object) -> str:
    match why:
        case socket.gaierror():
            return f"the name {urlsplit('//' + where).hostname!r} cannot be found"
        case ConnectionRefusedError():
            return f"nothing answers at {where}"
        case TimeoutError():
            return f"{where} did not answer within {TIMEOUT_S:.0f} s"
        case ssl.SSLError():
            return f"the secure connection to {where} failed ({getattr(why, 'reason', None) or why})"
        case http.client.RemoteDisconnected():
            return f"{where} closed the connection without an answer"
    return f"cannot reach {where} ({getattr(why, 'strerror', None) or why})"


def _retry_after(value: str | None, now: datetime) -> float | None:
    """Retry-After in seconds: a number of seconds, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), LONGEST_RETRY_AFTER_S)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max(0.0, (when - now).total_seconds()), LONGEST_RETRY_AFTER_S)


T = TypeVar("T")


def with_retries(attempt: Callable[[], T], sleep: Callable[[float], bool], backoff: Backoff,
                 attempts: int = 3) -> T:
    """Up to `attempts` tries of `attempt`, waiting between them as the server asked or by the
    backoff (with jitter). A failure that trying again will not mend, or a wait longer than
    LONGEST_WAIT_S, ends it at once with that failure. `sleep(seconds)` returns True when the
    service is stopping."""
    for tried in range(1, attempts + 1):
        try:
            return attempt()
        except FetchFailed as failure:
            if not failure.retry or tried == attempts:
                raise
            wait = failure.after if failure.after is not None else backoff.next()
            if wait > LONGEST_WAIT_S:
                raise
            if sleep(wait):
                raise Stopped from None
    raise AssertionError("unreachable")  # pragma: no cover
