"""A deploying organisation's centre, made in the test: a certificate authority, the centre's
mosquitto (client certificates required, each home writing under its own name only), a home's
mosquitto bridged to it by the configuration ihd writes, and ihd-collect into a real PostgreSQL."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

from broker import Broker

from ihd.han.address import BrokerAddress
from ihd.han.centre_bridge import CentreBridge, config

ROOT = "ihd/v1/homes"


def openssl(*args: str | Path) -> None:
    subprocess.run(["openssl", *map(str, args)], check=True, capture_output=True)


class Authority:
    """The centre's CA, which signs its broker's certificate and each home's and the collector's."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.key, self.crt = folder / "ca.key", folder / "ca.crt"
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=centre CA",
                "-keyout", self.key, "-out", self.crt)

    def issue(self, name: str, server: bool = False) -> tuple[Path, Path]:
        """(certificate, key) for common name `name`; a server's is for 127.0.0.1."""
        key, csr, crt = (self.folder / f"{name}.{ext}" for ext in ("key", "csr", "crt"))
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={name}", "-keyout", key, "-out", csr)
        extra = self.folder / f"{name}.ext"
        extra.write_text("subjectAltName=IP:127.0.0.1\n" if server else "extendedKeyUsage=clientAuth\n")
        openssl("x509", "-req", "-in", csr, "-CA", self.crt, "-CAkey", self.key, "-CAcreateserial", "-days", "2",
                "-extfile", extra, "-out", crt)
        return crt, key


def centre_broker(folder: Path, ca: Authority) -> Broker:
    """The centre: TLS with a client certificate required, its common name the login; a home
    writes only under <root>/<its name>/, and only the collector reads."""
    folder.mkdir(parents=True, exist_ok=True)
    crt, key = ca.issue("centre", server=True)
    acl = folder / "acl"
    acl.write_text(f"user ihd-collect\ntopic read {ROOT}/#\n\npattern write {ROOT}/%u/#\n")
    return Broker(folder, (f"cafile {ca.crt}", f"certfile {crt}", f"keyfile {key}", "tls_version tlsv1.2",
                           "require_certificate true", "use_identity_as_username true", f"acl_file {acl}",
                           "max_queued_messages 10000"), persistent=True)


def home_broker(folder: Path, ca: Authority, centre: Broker, link: str, shares: tuple[str, ...]) -> Broker:
    """A home's broker, with the bridge ihd writes for it (so `mosquitto -c` checks that config)."""
    folder.mkdir(parents=True, exist_ok=True)
    crt, key = ca.issue(link)
    bridge = CentreBridge(BrokerAddress.parse(f"mqtts://127.0.0.1:{centre.port}"), link, ca.crt, crt, key, shares)
    written = folder / "ihd-centre.conf"
    written.write_text(config(bridge))
    return Broker(folder, ("max_queued_messages 1000", *written.read_text().splitlines()), persistent=True)


class RunningCollector:
    """ihd-collect on a thread of its own, as it runs at the centre."""

    def __init__(self, centre: Broker, ca: Authority, database: str) -> None:
        from ihd.collect.database import Database
        from ihd.collect.service import Collector, Login
        from ihd.han.backoff import Backoff

        crt, key = ca.issue("ihd-collect")
        self.collector = Collector(BrokerAddress.parse(f"mqtts://127.0.0.1:{centre.port}"), ROOT,
                                   lambda: Database(database), Login(None, None, ca.crt, crt, key),
                                   backoff=Backoff(0.2, 1.0), on_alert=lambda *told: self.alerts.append(told))
        self.alerts: list[tuple[object, str]] = []  # (alert, link): each the alert program would be given
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self.collector.run, args=(self._stopping,), name="ihd-collect-test")

    def start(self) -> RunningCollector:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(10)


def rows(database: str, sql: str, *params: object) -> list[tuple]:
    import psycopg

    with psycopg.connect(database) as conn:
        return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]
