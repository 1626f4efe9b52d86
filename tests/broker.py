"""A real mosquitto on a free loopback port, started and stopped by the tests."""

from __future__ import annotations

import json
import os
import queue
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import paho.mqtt.client as mqtt


def wait_listening(proc: subprocess.Popen[bytes], port: int, seconds: float, name: str,
                   output: Callable[[], str]) -> None:
    """Until a server started as `proc` takes connections on `port`; raises with its `output()` if
    it exits first or never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited: {output()}") from None
            time.sleep(0.05)
    raise RuntimeError(f"{name} did not start listening: {output()}")

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Broker:
    def __init__(self, workdir: Path, config_lines: tuple[str, ...] = (), *, persistent: bool = False) -> None:
        """`persistent`: sessions and queued messages are kept on disk in `workdir` over a restart."""
        self.exe = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        self.port = free_port()
        self.conf = workdir / "mosquitto.conf"
        self.log = workdir / "mosquitto.log"
        keep = ("persistence true", f"persistence_location {workdir}/") if persistent else ("persistence false",)
        lines = [f"listener {self.port} 127.0.0.1", *keep, *config_lines]
        if os.geteuid() == 0:
            lines.append("user root")  # else mosquitto drops to a user who cannot read tmp files
        if not any(line.startswith("password_file") for line in config_lines):
            lines.append("allow_anonymous true")
        self.conf.write_text("\n".join(lines) + "\n")
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen([self.exe, "-c", str(self.conf)], stdout=out, stderr=out)
        wait_listening(self.proc, self.port, 10, "mosquitto", self.log.read_text)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(5)
        self.proc = None

    def publisher(self, **login: str) -> Publisher:
        return Publisher(self.port, **login)


class Publisher:
    """A separate MQTT client, as a bridge would be."""

    def __init__(self, port: int, username: str | None = None, password: str | None = None) -> None:
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"test-pub-{port}")
        if username:
            self.client.username_pw_set(username, password)
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()

    def send(self, topic: str, payload: bytes | str, retain: bool = False, qos: int = 1) -> None:
        info = self.client.publish(topic, payload, qos=qos, retain=retain)
        info.wait_for_publish(5)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


class Subscriber:
    """A separate MQTT client that listens, as an upstream service, Home Assistant or a bridge
    would: optionally logged in, collecting everything it hears."""

    def __init__(self, port: int, name: str, username: str | None = None, password: str | None = None) -> None:
        self._heard: list[tuple[str, bytes, bool]] = []
        self._arrived = threading.Condition()
        self.refused: str | None = None
        answered = threading.Event()

        def connected(_c, _u, _f, reason, _p) -> None:
            if reason.is_failure:
                self.refused = str(reason)
            answered.set()

        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"{name}-{port}")
        if username is not None:
            self.client.username_pw_set(username, password)
        self.client.on_connect = connected
        self.client.on_message = self._message
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        if not answered.wait(5):
            raise RuntimeError("no answer from the broker")

    def _message(self, _client, _userdata, msg) -> None:
        with self._arrived:
            self._heard.append((msg.topic, msg.payload, bool(msg.retain)))
            self._arrived.notify_all()

    def listen(self, *topics: str) -> Subscriber:
        done = threading.Event()
        self.client.on_subscribe = lambda *_: done.set()
        self.client.subscribe([(topic, 1) for topic in topics])
        if not done.wait(5):
            raise RuntimeError(f"the broker did not confirm {topics}")
        return self

    def send(self, topic: str, payload: bytes) -> None:
        self.client.publish(topic, payload, qos=1).wait_for_publish(5)

    @property
    def heard(self) -> list[tuple[str, bytes]]:
        with self._arrived:
            return [(topic, payload) for topic, payload, _retained in self._heard]

    def on(self, prefix: str) -> list[tuple[str, bytes, bool]]:
        """(topic, payload, retained) of everything heard under `prefix`."""
        with self._arrived:
            return [h for h in self._heard if h[0].startswith(prefix)]

    def topics(self, prefix: str = "") -> list[str]:
        return [topic for topic, _p, _r in self.on(prefix)]

    def last(self, topic: str) -> object:
        """The newest payload on `topic`, as JSON."""
        return json.loads(next(p for t, p, _r in reversed(self.on(topic)) if t == topic))

    def wait_for(self, payload: bytes, timeout: float = 5) -> list[tuple[str, bytes]]:
        """Everything heard, once `payload` has arrived on any topic."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: any(p == payload for _t, p, _r in self._heard), timeout):
                raise AssertionError(f"{payload!r} never arrived; heard {self._heard}")
        return self.heard

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


class Recorder:
    """What a transport hands on: its messages, and each state of its link."""

    def __init__(self) -> None:
        self.messages: queue.Queue = queue.Queue()
        self.links: queue.Queue = queue.Queue()

    def message(self, topic: str, payload: bytes, retained: bool) -> None:
        self.messages.put((topic, payload, retained))

    def link(self, link) -> None:  # type: ignore[no-untyped-def]
        self.links.put(link)

    def wait_link(self, state, timeout: float = 10):  # type: ignore[no-untyped-def]
        """The first link report in `state`, passing over the others."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                link = self.links.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            if link.state is state:
                return link
        raise AssertionError(f"link never became {state}")
