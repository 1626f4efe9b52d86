"""A simulated prepayment meter behind a bridge on the test broker: ihd-sim's own desk, driven
in this process so a test can look at the meter and change it."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from decimal import Decimal

import paho.mqtt.client as mqtt

from ihd.han.prepay_sim import PrepaymentMeter
from ihd.han.simulator import native_status
from ihd.han.simulator_cli import MeterDesk

PREFIX = "ihd/v1"


class SimBridge:
    def __init__(self, port: int, meter: PrepaymentMeter | None = None, *, answering: bool = True) -> None:
        self.meter = meter or PrepaymentMeter(Decimal("24.67"), Decimal("57.21"), credit_p=Decimal(1000),
                                              debt_p=Decimal(0), friendly=None)
        self.desk = MeterDesk(self.meter, PREFIX)
        self.answering = answering  # False: a bridge that hears commands and never answers them
        self.heard: list[tuple[str, str]] = []  # (command, request id), every time one arrives
        self.connected = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"sim-bridge-{port}")
        self.client.reconnect_delay_set(min_delay=1, max_delay=2)
        self.client.on_connect = self._connected
        self.client.on_disconnect = lambda *_: self.connected.clear()
        self.client.on_message = self._command
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        if not self.connected.wait(5):
            raise RuntimeError("the simulated bridge did not connect")

    def _connected(self, client, _userdata, _flags, _reason, _props) -> None:  # type: ignore[no-untyped-def]
        client.subscribe(f"{PREFIX}/command/#", qos=1)
        for topic, payload, retain in native_status(PREFIX, prepayment=True) + self.desk.records(self.now()):
            client.publish(topic, payload, qos=1, retain=retain)
        self.connected.set()

    def _command(self, client, _userdata, msg) -> None:  # type: ignore[no-untyped-def]
        try:
            request_id = str(json.loads(msg.payload)["id"])
        except (ValueError, KeyError, TypeError):
            request_id = ""
        self.heard.append((msg.topic.rsplit("/", 1)[-1], request_id))
        if self.answering:
            for topic, payload, retain in self.desk.command(msg.topic, msg.payload, self.now()):
                client.publish(topic, payload, qos=1, retain=retain)

    def publish_state(self) -> None:
        """After changing the meter from the test: what a bridge would send when it changes."""
        for topic, payload, retain in self.desk.records(self.now()):
            self.client.publish(topic, payload, qos=1, retain=retain).wait_for_publish(5)

    @staticmethod
    def now() -> datetime:
        return datetime.now(UTC)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()
