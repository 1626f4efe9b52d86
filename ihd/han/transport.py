"""The MQTT transport: paho-mqtt v2 on a network thread of its own.

It connects (with a last will, if given, so the broker speaks for a display that died), subscribes,
hands the messages to `on_messages` (on its thread) a batch at a time: what one read of the socket
brought, about BATCH at most, so that a burst costs one turn at the feed's lock and one wake of the
GUI thread, while a lone message goes on at once. It reports the link's state in plain words
through `on_link`. When the broker goes away it retries with capped
exponential backoff and jitter, for as long as the display runs.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ihd.core.link import Link, LinkProblem, LinkState
from ihd.han.address import BrokerAddress
from ihd.han.backoff import Backoff

if TYPE_CHECKING:
    import paho.mqtt.client as mqtt

log = logging.getLogger(__name__)

KEEPALIVE_S = 15  # a broker that vanishes without closing the socket is noticed within ~23 s
LOOP_TIMEOUT_S = 0.25
READ_BLOCK = 64 * 1024  # bytes asked of the socket at a time: hundreds of readings
BATCH = 100  # messages handed on together, about: a burst is dealt with in pieces of this size

Message = tuple[str, bytes, bool]  # topic, payload, retained
MessageHandler = Callable[[str, bytes, bool], None]
BatchHandler = Callable[[list[Message]], None]
LinkHandler = Callable[[Link], None]
Problem = tuple[LinkProblem, str]  # what kind, and the technical detail for the log
Will = tuple[str, bytes]  # topic and payload the broker publishes, retained, if the link dies unannounced


@dataclass(frozen=True, slots=True)
class Credentials:
    """How the display logs in to the broker, and whether the broker keeps its session."""

    username: str | None = None
    password: str | None = None
    ca_file: Path | None = None
    client_id: str | None = None
    persistent: bool = False  # the broker keeps the session (and queues QoS 1 messages) while away


@cache
def _block_reading_client() -> type[mqtt.Client]:
    """paho, and with it ssl and OpenSSL's library (about 26 ms to import here), comes with the
    first client: once home is drawn, not on the way to it."""
    import paho.mqtt.client as mqtt

    class BlockReadingClient(mqtt.Client):
        """paho reads each packet in three or more socket calls (its type, each byte of its
        length, the rest). Under a flood that is a system call, and a turn of the interpreter
        lock that the GUI and history threads take, for every few bytes. This client reads the
        socket a block at a time and gives paho its bytes from memory; `buffered` says whether
        any are left to handle."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._block = b""
            self._at = 0

        def _sock_recv(self, bufsize: int) -> bytes:
            if self._at >= len(self._block):
                self._block, self._at = super()._sock_recv(READ_BLOCK), 0  # b"": the broker closed it
            chunk = self._block[self._at : self._at + bufsize]
            self._at += len(chunk)
            return chunk

        def _sock_close(self) -> None:
            self._block, self._at = b"", 0  # nothing of a closed connection is read on the next
            super()._sock_close()

        def buffered(self) -> bool:
            return self._at < len(self._block)

        def _handle_on_message(self, message: mqtt.MQTTMessage) -> None:
            """Each message straight to `on_message`: the display adds no callbacks of its own
            for particular topics, and paho's matching of every topic against them (with two
            locks, and the topic decoded twice) is a tenth of a flood's network thread."""
            self.on_message(self, self._userdata, message)

    return BlockReadingClient


def one_by_one(on_message: MessageHandler) -> BatchHandler:
    """For a listener that takes one message at a time: a bug in it costs that message only."""

    def on_messages(batch: list[Message]) -> None:
        for message in batch:
            try:
                on_message(*message)
            except Exception:
                log.exception("handling a message on %s failed", message[0])

    return on_messages


class MqttTransport:
    def __init__(
        self,
        address: BrokerAddress,
        subscriptions: Sequence[str],
        on_messages: BatchHandler,
        on_link: LinkHandler,
        credentials: Credentials | None = None,
        backoff: Backoff | None = None,
        will: Will | None = None,
    ) -> None:
        self.address = address
        self._subscriptions = list(subscriptions)
        self._on_messages = on_messages
        self._batch: list[Message] = []  # read, not yet handed on (the network thread's own)
        self._on_link = on_link
        self._creds = credentials or Credentials()
        self._backoff = backoff or Backoff()
        self._will = will
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._refusal: Problem | None = None
        self._awaiting: int | None = None  # the message id of the subscriptions not yet acknowledged
        self._made: Any = None  # the paho client, made when first wanted (see _block_reading_client)

    # -- lifecycle

    def start(self) -> None:
        try:
            self._client  # noqa: B018 - made here, before its thread runs
        except (OSError, ValueError) as error:  # (ssl.SSLError is an OSError)
            # The CA file cannot be read or holds no certificate: said on the screen as a secure
            # connection that failed, with the reason in the log; nothing is sent meanwhile.
            detail = f"the CA file {self._creds.ca_file} cannot be used: {error}"
            log.error("broker %s: %s", self.address, detail)
            self._on_link(Link(LinkState.REFUSED, LinkProblem.TLS_FAILED, self._where(LinkProblem.TLS_FAILED), detail))
            return
        self._thread = threading.Thread(target=self._run, name="ihd-mqtt", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def publish(self, topic: str, payload: bytes, qos: int = 1, retain: bool = False) -> mqtt.MQTTMessageInfo:
        """Queued by paho while the broker is away; the info says when the broker has it (never,
        for a client that could not be made: see `start`)."""
        try:
            client = self._client
        except (OSError, ValueError):
            from paho.mqtt.client import MQTT_ERR_AGAIN, MQTTMessageInfo

            info = MQTTMessageInfo(0)
            info.rc = MQTT_ERR_AGAIN  # never published: is_published() says so, without raising
            return info
        return client.publish(topic, payload, qos=qos, retain=retain)

    @property
    def _client(self) -> Any:
        """Made on the GUI thread, by `start` or an earlier `publish`; the network thread only
        starts once it exists."""
        if self._made is None:
            self._made = self._make_client()
        return self._made

    # -- the network thread

    def _make_client(self) -> Any:
        import secrets

        from paho.mqtt.client import CallbackAPIVersion

        client_id = self._creds.client_id or f"ihd-{secrets.token_hex(4)}"
        client = _block_reading_client()(CallbackAPIVersion.VERSION2, client_id=client_id,
                                         clean_session=not (self._creds.persistent and self._creds.client_id),
                                         reconnect_on_failure=False)
        if self._creds.username:
            client.username_pw_set(self._creds.username, self._creds.password)
        if self.address.tls:
            client.tls_set(ca_certs=str(self._creds.ca_file) if self._creds.ca_file else None)
        if self._will is not None:
            # Set before connecting, so it is armed on every connection: after a power cut or a
            # kill the broker publishes it once the socket closes or the keep-alive runs out.
            topic, payload = self._will
            client.will_set(topic, payload, qos=1, retain=True)
        client.on_connect = self._connected
        client.on_message = self._message
        client.on_subscribe = self._subscribed
        return client

    def _run(self) -> None:
        self._on_link(Link(LinkState.CONNECTING))
        while not self._stopping.is_set():
            problem = self._connect()
            if problem is None:
                self._pump()
                problem = self._refusal or (LinkProblem.CLOSED, "the broker closed the connection")
            if self._stopping.is_set():
                break
            delay = self._backoff.next()
            state = LinkState.REFUSED if self._refusal else LinkState.LOST
            kind, detail = problem
            self._on_link(Link(state, kind, self._where(kind), detail, delay))
            log.warning("broker %s: %s; trying again in %.0f s", self.address, detail, delay)
            self._stopping.wait(delay)
        with contextlib.suppress(Exception):  # shutting down; the socket may already be gone
            self._client.disconnect()

    def _where(self, kind: LinkProblem) -> str:
        if kind is LinkProblem.HOST_UNKNOWN:
            return self.address.host
        return f"{self.address.host}:{self.address.port}"

    def _connect(self) -> Problem | None:
        """Open the connection; returns None, or what went wrong (kind, technical detail)."""
        import socket
        import ssl

        self._refusal = None
        where = f"{self.address.host}:{self.address.port}"
        try:
            self._client.connect(self.address.host, self.address.port, keepalive=KEEPALIVE_S)
        except ssl.SSLError as error:
            self._refusal = (LinkProblem.TLS_FAILED, f"TLS to {where} failed: {error.reason or error}")
        except ConnectionResetError:
            if not self.address.tls:
                return LinkProblem.CLOSED, f"{where} closed the connection at once"
            self._refusal = (LinkProblem.TLS_FAILED, f"TLS to {where} failed: is that port using TLS?")
        except ConnectionRefusedError:
            return LinkProblem.NOT_LISTENING, f"nothing is listening at {where}"
        except socket.gaierror:
            return LinkProblem.HOST_UNKNOWN, f"the name {self.address.host!r} cannot be found"
        except TimeoutError:
            return LinkProblem.NO_ANSWER, f"{where} did not answer"
        except OSError as error:
            return LinkProblem.UNREACHABLE, f"cannot reach {where}: {error.strerror or error}"
        return self._refusal

    def _pump(self) -> None:
        from paho.mqtt.client import MQTT_ERR_SUCCESS

        client = self._client
        try:
            while not self._stopping.is_set():
                if client.buffered():  # what was read ahead is handled now, not after a wait on the socket
                    ok = client.loop_read() == MQTT_ERR_SUCCESS
                    if ok and len(self._batch) >= BATCH:
                        self._hand_on()
                        # a flood must not keep the keep-alive ping from going (nor a lost link unseen)
                        ok = client.loop_misc() == MQTT_ERR_SUCCESS
                else:
                    self._hand_on()  # before waiting on the socket
                    ok = client.loop(timeout=LOOP_TIMEOUT_S) == MQTT_ERR_SUCCESS
                if not ok:
                    return
        finally:
            self._hand_on()  # what was read before the link went, or before the stop
        client.disconnect()

    def _hand_on(self) -> None:
        batch = self._batch
        if not batch:
            return
        self._batch = []
        try:
            self._on_messages(batch)
        except Exception:
            # A bug downstream must not take the network thread with it.
            log.exception("handling %d messages from %s failed", len(batch), batch[0][0])

    def _connected(self, client: mqtt.Client, _userdata: Any, _flags: Any, reason: Any, _props: Any) -> None:
        if reason.is_failure:
            self._refusal = _refusal(reason)
            client.disconnect()
            return
        self._backoff.reset()
        if not self._subscriptions:
            self._now_connected()
            return
        # Connected means receiving: the link is reported up once the broker has acknowledged the
        # subscriptions, since a message sent before that would never arrive.
        _result, self._awaiting = client.subscribe([(topic, 1) for topic in self._subscriptions])

    def _subscribed(self, _client: mqtt.Client, _userdata: Any, mid: int, _codes: Any, _props: Any) -> None:
        if mid == self._awaiting:
            self._now_connected()

    def _now_connected(self) -> None:
        self._on_link(Link(LinkState.CONNECTED))
        log.info("connected to broker %s", self.address)

    def _message(self, _client: mqtt.Client, _userdata: Any, msg: mqtt.MQTTMessage) -> None:
        with contextlib.suppress(UnicodeDecodeError):  # brokers refuse such topics; nothing to hand on
            self._batch.append((msg.topic, msg.payload, bool(msg.retain)))


def _refusal(reason: Any) -> Problem:
    text = str(reason).lower()
    if "not authori" in text or "bad user" in text or "password" in text:
        return LinkProblem.LOGIN_REFUSED, f"the broker refused the login ({reason})"
    return LinkProblem.REFUSED, f"the broker refused the connection ({reason})"
