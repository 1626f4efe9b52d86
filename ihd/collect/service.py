"""The collector's loop: subscribed at the centre's broker with a persistent session (so what the
homes send while it is down waits there), each message stored, then acknowledged.

A message is acknowledged only once its transaction has committed (paho's manual acknowledgement),
so a crash or a lost database never loses one: the broker sends it again. One that breaks the
contract is acknowledged and counted, with its reason logged, never stored. While the database is
unreachable the collector leaves the broker (its messages wait) and comes back with backoff.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import psycopg

from ihd.collect.database import Database
from ihd.collect.records import HOME, Refused, TrustedAlert, parse, split_topic
from ihd.han.address import BrokerAddress
from ihd.han.backoff import Backoff

log = logging.getLogger("ihd-collect")

KEEPALIVE_S = 30
LOOP_S = 0.25


@dataclass(frozen=True, slots=True)
class Login:
    """How the collector logs in to the centre's broker, and the certificates it uses."""

    username: str | None = None
    password: str | None = None
    ca_file: Path | None = None  # the centre broker's CA (else the system's)
    cert_file: Path | None = None  # the collector's own client certificate, where the broker asks for one
    key_file: Path | None = None


class Collector:
    def __init__(self, address: BrokerAddress, root: str, database: Callable[[], Database], login: Login,
                 client_id: str = "ihd-collect", backoff: Backoff | None = None,
                 on_alert: Callable[[TrustedAlert, str], object] | None = None) -> None:
        """`on_alert` is told of each new trusted-person alert, once stored (ihd.collect.hook)."""
        self.address, self.root = address, root.strip("/")
        self._on_alert = on_alert
        self._database, self._login, self._client_id = database, login, client_id
        self._backoff = backoff or Backoff(1.0, 60.0)
        self.stored = 0
        self.refused: Counter[str] = Counter()  # reason -> how many
        self.connected = threading.Event()
        self._db: Database | None = None
        self._broken = False

    def topics(self) -> list[str]:
        return [f"{self.root}/+/consent", f"{self.root}/+/share/#"]

    def run(self, stopping: threading.Event) -> None:
        """Until `stopping` is set."""
        while not stopping.is_set():
            problem = self._session(stopping)
            self.connected.clear()
            if stopping.is_set():
                break
            delay = self._backoff.next()
            log.warning("%s; trying again in %.0f s", problem, delay)
            stopping.wait(delay)

    def _session(self, stopping: threading.Event) -> str:
        try:
            self._db = self._database()
        except psycopg.Error as error:
            return f"the database cannot be reached: {error}".strip()
        client = self._client()
        self._broken = False
        try:
            client.connect(self.address.host, self.address.port, keepalive=KEEPALIVE_S)
            while not stopping.is_set() and not self._broken:
                if client.loop(timeout=LOOP_S) != mqtt.MQTT_ERR_SUCCESS:
                    return f"the broker {self.address} closed the connection"
            return "the database failed"
        except OSError as error:
            return f"cannot reach the broker {self.address}: {error}"
        finally:
            with contextlib.suppress(Exception):  # already gone
                client.disconnect()
            self._db.close()
            self._db = None

    def _client(self) -> mqtt.Client:
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=self._client_id, clean_session=False,
                             reconnect_on_failure=False, manual_ack=True)
        login = self._login
        if login.username:
            client.username_pw_set(login.username, login.password)
        if self.address.tls:
            client.tls_set(ca_certs=str(login.ca_file) if login.ca_file else None,
                           certfile=str(login.cert_file) if login.cert_file else None,
                           keyfile=str(login.key_file) if login.key_file else None)
        client.on_connect = self._connected
        client.on_message = self._message
        return client

    def _connected(self, client: mqtt.Client, _userdata: Any, _flags: Any, reason: Any, _props: Any) -> None:
        if reason.is_failure:
            log.error("the broker %s refused the collector: %s", self.address, reason)
            client.disconnect()
            return
        self._backoff.reset()
        client.subscribe([(topic, 1) for topic in self.topics()])
        log.info("collecting from %s under %s/", self.address, self.root)
        self.connected.set()

    def _message(self, client: mqtt.Client, _userdata: Any, msg: mqtt.MQTTMessage) -> None:
        if self._broken or self._db is None:
            return  # not acknowledged: the broker sends it again
        try:
            link, topic = split_topic(msg.topic, self.root)
            record = parse(topic, msg.payload)
        except (Refused, UnicodeDecodeError) as error:
            self._refuse(msg.topic, str(error))
            client.ack(msg.mid, msg.qos)
            return
        try:
            outcome = self._db.take(link, record)
        except psycopg.Error as error:
            log.error("could not store a message on %s: %s", msg.topic, error)
            self._broken = True
            return
        client.ack(msg.mid, msg.qos)
        if outcome.startswith("refused"):
            self._refuse(msg.topic, outcome)
        else:
            self.stored += 1
            log.debug("%s: %s", msg.topic, outcome)
            if isinstance(record, TrustedAlert) and outcome.endswith("a new alert") and self._on_alert:
                self._on_alert(record, link)

    def _refuse(self, topic: str, reason: str) -> None:
        kind = HOME.sub("#", reason)  # counted by kind, whichever home
        if not self.refused[kind]:
            log.warning("refused a message on %s: %s", topic, reason)
        self.refused[kind] += 1
