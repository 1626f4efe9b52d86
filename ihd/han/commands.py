"""The command channel: requests to the meter through the bridge, each with an id, answered once.

A request stays pending, under the same id, until its answer comes: it is sent again whenever
the connection comes back and every `retry_s` while unanswered, so a broker restart or a lost
message delays it but never duplicates it (the bridge answers a repeated id with its first
answer, and acts once). Pending requests are saved (through `save`) so a restart of the display
keeps them too. After `give_up_s` without an answer a request is dropped and reported, and the
household is told to check its balance before trying again.

Runs on the GUI thread; `publish` is the transport's, which is safe to call from it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from ihd.core.clock import Clock
from ihd.core.prepayment import CommandResponse
from ihd.core.utrn import redacted

log = logging.getLogger(__name__)

RETRY_S = 30.0
OVERDUE_S = 20.0  # a meter usually answers within seconds; after this the screen says it is waiting
GIVE_UP_S = 15 * 60.0
REMEMBERED_CODES = 50

Publish = Callable[[str, bytes], None]
MakeCommand = Callable[..., tuple[str, bytes] | None]  # (name, request id, time, **fields)


@dataclass
class Pending:
    """A request to the meter awaiting its answer, sent again under the same id until it comes."""

    id: str
    name: str
    fields: dict[str, Any]
    created: datetime
    sent_mono: float | None = None  # when last sent (monotonic); None: not yet
    first_mono: float | None = None
    sends: int = 0

    @property
    def what(self) -> str:
        """For logs: the command and its fields with any top-up code shortened."""
        shown = {k: redacted(v) if k == "utrn" else v for k, v in self.fields.items()}
        return f"{self.name} {self.id} {shown}"


@dataclass(frozen=True, slots=True)
class Answer:
    """A pending request and how it ended: answered by the meter, or given up on."""

    request: Pending
    response: CommandResponse | None  # None: no answer came


@dataclass
class UsedCode:
    """A top-up code this display has sent, remembered by its hash, so it is never sent twice."""

    digest: str
    at: datetime
    result: str = ""  # the meter's answer, once known
    amount_p: str = ""


@dataclass
class _Saved:
    """What survives a restart: the requests still pending and the top-up codes already sent."""

    pending: list[dict[str, Any]] = field(default_factory=list)
    codes: list[dict[str, Any]] = field(default_factory=list)


def code_digest(code: str) -> str:
    import hashlib  # OpenSSL's library: not on the way to the first frame

    return hashlib.sha256(code.encode()).hexdigest()


class CommandChannel:
    def __init__(self, make: MakeCommand, publish: Publish, clock: Clock,
                 save: Callable[[dict[str, Any]], None] = lambda _data: None,
                 saved: dict[str, Any] | None = None, *, retry_s: float = RETRY_S,
                 overdue_s: float = OVERDUE_S, give_up_s: float = GIVE_UP_S) -> None:
        self._make = make
        self._publish = publish
        self._clock = clock
        self._save = save
        self.retry_s, self.overdue_s, self.give_up_s = retry_s, overdue_s, give_up_s
        self.pending: dict[str, Pending] = {}
        self.codes: list[UsedCode] = []
        self.connected = False
        self._restore(saved or {})

    # -- asking

    def can_send(self, name: str) -> bool:
        """Whether this bridge format can carry the command at all (a Glow device cannot)."""
        return self._make(name, "probe", self._clock.now()) is not None

    def send(self, name: str, **fields: Any) -> Pending:
        import secrets

        request = Pending(secrets.token_hex(8), name, dict(fields), self._clock.now())
        self.pending[request.id] = request
        if name == "top-up":
            self.codes.insert(0, UsedCode(code_digest(str(fields["utrn"])), request.created))
            del self.codes[REMEMBERED_CODES:]
        self._persist()
        log.info("sending %s", request.what)
        self._send(request)
        return request

    def used(self, code: str) -> UsedCode | None:
        """The earlier sending of this top-up code, if this display sent it before."""
        digest = code_digest(code)
        return next((c for c in self.codes if c.digest == digest), None)

    def is_pending(self, name: str) -> bool:
        return any(p.name == name for p in self.pending.values())

    def overdue(self, request: Pending) -> bool:
        mono = self._clock.monotonic()
        return request.first_mono is not None and mono - request.first_mono >= self.overdue_s

    # -- hearing back

    def resolve(self, response: CommandResponse) -> Answer | None:
        """A response from the bridge: the request it answers, or None (not ours, or a repeat)."""
        request = self.pending.pop(response.id, None)
        if request is None:
            return None
        if request.name == "top-up":
            digest = code_digest(str(request.fields["utrn"]))
            for code in self.codes:
                if code.digest == digest and not code.result:
                    code.result = response.result.value
                    code.amount_p = str(response.amount_p or "")
        self._persist()
        log.info("%s answered: %s", request.what, response.result.value)
        return Answer(request, response)

    def set_connected(self, connected: bool) -> None:
        """The link changed; on coming back, everything pending is sent again, same ids."""
        was, self.connected = self.connected, connected
        if connected and not was:
            for request in list(self.pending.values()):
                self._send(request)

    def tick(self) -> list[Answer]:
        """Call every second or so: sends again what is due; returns requests given up on."""
        mono = self._clock.monotonic()
        given_up = []
        for request in list(self.pending.values()):
            if request.first_mono is not None and mono - request.first_mono >= self.give_up_s:
                del self.pending[request.id]
                log.warning("no answer to %s after %d sends; given up", request.what, request.sends)
                given_up.append(Answer(request, None))
            elif request.sent_mono is None or mono - request.sent_mono >= self.retry_s:
                self._send(request)
        if given_up:
            self._persist()
        return given_up

    def forget(self, request_id: str) -> None:
        """The household stops waiting (the meter may still act on what it already has)."""
        if self.pending.pop(request_id, None) is not None:
            self._persist()

    # -- internals

    def _send(self, request: Pending) -> None:
        if not self.connected:
            return  # sent when the link comes back
        made = self._make(request.name, request.id, self._clock.now(), **request.fields)
        if made is None:
            return
        topic, payload = made
        self._publish(topic, payload)
        mono = self._clock.monotonic()
        request.sent_mono = mono
        request.first_mono = request.first_mono if request.first_mono is not None else mono
        request.sends += 1

    def _persist(self) -> None:
        data = _Saved(
            [{"id": p.id, "name": p.name, "fields": p.fields, "created": p.created.isoformat()}
             for p in self.pending.values()],
            [{**asdict(c), "at": c.at.isoformat()} for c in self.codes])
        self._save(asdict(data))

    def _restore(self, data: dict[str, Any]) -> None:
        """From the saved file; anything malformed in it is skipped, not fatal."""
        for item in data.get("pending", []) if isinstance(data.get("pending"), list) else []:
            try:
                request = Pending(str(item["id"]), str(item["name"]), dict(item["fields"]),
                                  datetime.fromisoformat(item["created"]))
            except (KeyError, TypeError, ValueError):
                continue
            self.pending[request.id] = request
        for item in data.get("codes", []) if isinstance(data.get("codes"), list) else []:
            try:
                self.codes.append(UsedCode(str(item["digest"]), datetime.fromisoformat(item["at"]),
                                           str(item.get("result", "")), str(item.get("amount_p", ""))))
            except (KeyError, TypeError, ValueError):
                continue
