"""A real RabbitMQ node with its MQTT plugin, started by the tests from Debian's package, as a
centre that is not mosquitto: its own node name, Erlang port mapper and ports, its data, logs and
config in a folder of its own, stopped and removed after; run as the tests' own user (unlike
PostgreSQL, RabbitMQ does not refuse root). MQTT over TLS only, a client certificate required and
its common name the login (`ssl_cert_login`); the users and their rights are definitions loaded at
boot, the same as docs/for-organisations.md gives with rabbitmqctl."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import uuid
from pathlib import Path

from broker import free_port, wait_listening

SERVER = Path("/usr/lib/rabbitmq/bin/rabbitmq-server")  # the package's own, not /usr/sbin's wrapper (which su's)
START_S = 60  # Erlang's boot on a busy two-core machine


def installed() -> bool:
    return SERVER.exists() and shutil.which("erl") is not None


def escaped(name: str) -> str:
    """A regex matching `name` in an AMQP routing key."""
    return "".join("\\" + c if c in ".-" else c for c in name)


class RabbitMQ:
    """`writers`: link names, each allowed to publish under <root>/<its name>/ only; `reader`: the
    one allowed to subscribe to everything under <root>/."""

    def __init__(self, ca_file: Path, cert: Path, key: Path, writers: tuple[str, ...], reader: str = "ihd-collect",
                 root: str = "ihd/v1/homes") -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="ihd-rabbit-"))
        self.port = free_port()
        self.epmd_port, self.dist_port = free_port(), free_port()
        self.node = f"ihd-{uuid.uuid4().hex[:8]}@localhost"
        self.log = self.folder / "log"
        self.proc: subprocess.Popen | None = None
        amqp_root = root.strip("/").replace("/", ".")
        definitions = {
            "vhosts": [{"name": "/"}],
            "users": [{"name": user, "password_hash": "", "hashing_algorithm": "rabbit_password_hashing_sha256",
                       "tags": []} for user in (*writers, reader)],
            # MQTT is the topic exchange amq.topic, '/' in a topic '.' in its routing key
            "permissions": [
                *({"user": w, "vhost": "/", "configure": "^$", "write": "^amq\\.topic$", "read": "^$"}
                  for w in writers),
                {"user": reader, "vhost": "/", "configure": f"^mqtt-subscription-{escaped(reader)}qos[01]$",
                 "write": f"^mqtt-subscription-{escaped(reader)}qos[01]$",
                 "read": f"^(amq\\.topic|mqtt-subscription-{escaped(reader)}qos[01])$"}],
            "topic_permissions": [
                *({"user": w, "vhost": "/", "exchange": "amq.topic",
                   "write": f"^{escaped(amqp_root)}\\.{{username}}\\.", "read": "^$"} for w in writers),
                {"user": reader, "vhost": "/", "exchange": "amq.topic", "write": "^$",
                 "read": f"^{escaped(amqp_root)}\\."}],
        }
        (self.folder / "definitions.json").write_text(json.dumps(definitions))
        (self.folder / "enabled_plugins").write_text("[rabbitmq_mqtt].\n")
        (self.folder / "rabbitmq-env.conf").write_text("")
        (self.folder / "rabbitmq.conf").write_text("\n".join((
            "listeners.tcp = none",
            "mqtt.listeners.tcp = none",
            f"mqtt.listeners.ssl.default = 127.0.0.1:{self.port}",
            f"ssl_options.cacertfile = {ca_file}",
            f"ssl_options.certfile = {cert}",
            f"ssl_options.keyfile = {key}",
            "ssl_options.verify = verify_peer",
            "ssl_options.fail_if_no_peer_cert = true",
            "ssl_options.versions.1 = tlsv1.2",
            "ssl_cert_login_from = common_name",
            "mqtt.ssl_cert_login = true",
            "mqtt.allow_anonymous = false",
            "mqtt.subscription_ttl = infinity",  # else a session idle for a day is dropped, queue and all
            "mqtt.durable_queue_type = quorum",  # replicated across a cluster's nodes
            f"load_definitions = {self.folder / 'definitions.json'}",
            "log.console = false",
            f"log.file = {self.log / 'node.log'}",
            "log.file.level = info",
            "disk_free_limit.absolute = 1MB",
        )) + "\n")
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.folder), "LANG": "C.UTF-8",
            "RABBITMQ_NODENAME": self.node, "RABBITMQ_CONF_ENV_FILE": str(self.folder / "rabbitmq-env.conf"),
            "RABBITMQ_CONFIG_FILE": str(self.folder / "rabbitmq.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.folder / "enabled_plugins"),
            "RABBITMQ_MNESIA_BASE": str(self.folder / "mnesia"), "RABBITMQ_LOG_BASE": str(self.log),
            "RABBITMQ_PID_FILE": str(self.folder / "node.pid"),
            "RABBITMQ_DIST_PORT": str(self.dist_port), "ERL_EPMD_PORT": str(self.epmd_port),
            "ERL_EPMD_ADDRESS": "127.0.0.1",
        }

    def start(self) -> None:
        out = (self.folder / "server.out").open("ab")
        self.proc = subprocess.Popen([str(SERVER)], env=self.env, cwd=self.folder, stdout=out, stderr=out,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        out.close()
        wait_listening(self.proc, self.port, START_S, "rabbitmq-server", self.output)

    def output(self) -> str:
        logs = [self.folder / "server.out", *sorted(self.log.glob("*.log"))]
        return "\n".join(p.read_text(errors="replace")[-4000:] for p in logs if p.exists())

    def stop(self) -> None:
        """A clean stop (the script passes SIGTERM on to the node), as an operator's would be."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self.proc = None

    def close(self) -> None:
        """Stopped, its port mapper too (it outlives the node), and its folder removed."""
        self.stop()
        epmd = shutil.which("epmd") or "/usr/lib/erlang/bin/epmd"
        subprocess.run([epmd, "-port", str(self.epmd_port), "-kill"], env=self.env, capture_output=True, timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)
