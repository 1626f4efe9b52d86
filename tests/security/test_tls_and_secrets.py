"""Security against a real broker: TLS with a certificate authority made here, passwords, and
secrets kept out of the log."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time

import pytest
from broker import Broker

from ihd.core.link import LinkProblem, LinkState
from ihd.han.transport import Credentials

SECRET = "s3cret-Pa55word-never-logged"


def openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def authority(folder, name: str):
    """A CA and a certificate it signed for 127.0.0.1."""
    folder.mkdir()
    ca_key, ca, key, csr, crt = (folder / n for n in ("ca.key", "ca.crt", "broker.key", "broker.csr", "broker.crt"))
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name} CA",
            "-keyout", str(ca_key), "-out", str(ca))
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(csr))
    san = folder / "san.txt"
    san.write_text("subjectAltName=IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key), "-CAcreateserial", "-days", "2",
            "-extfile", str(san), "-out", str(crt))
    return ca, crt, key


@pytest.fixture
def tls_broker(tmp_path):
    ca, crt, key = authority(tmp_path / "home", "home")
    passwd = tmp_path / "passwd"
    passwd.write_text("")
    subprocess.run(["mosquitto_passwd", "-b", str(passwd), "ihd-display", SECRET], check=True)
    broker = Broker(tmp_path, (f"cafile {ca}", f"certfile {crt}", f"keyfile {key}", "tls_version tlsv1.2",
                               f"password_file {passwd}", "allow_anonymous false"))
    broker.start()
    yield broker, ca
    broker.stop()


@pytest.fixture
def connect(transport):
    def make(port: int, creds: Credentials):
        return transport(f"mqtts://127.0.0.1:{port}", creds)[1]

    return make


def test_tls_connects_with_the_homes_authority_only(tls_broker, connect, tmp_path):
    broker, ca = tls_broker
    connect(broker.port, Credentials("ihd-display", SECRET, ca)).wait_link(LinkState.CONNECTED)
    stranger, _, _ = authority(tmp_path / "stranger", "stranger")
    refused = connect(broker.port, Credentials("ihd-display", SECRET, stranger)).wait_link(LinkState.REFUSED)
    assert refused.problem is LinkProblem.TLS_FAILED
    assert "CERTIFICATE_VERIFY_FAILED" in refused.detail
    # without the home's CA, only the system's: refused too
    untrusted = connect(broker.port, Credentials("ihd-display", SECRET)).wait_link(LinkState.REFUSED)
    assert untrusted.problem is LinkProblem.TLS_FAILED


def test_a_wrong_password_over_tls_is_refused_and_no_password_reaches_the_log(tls_broker, connect, caplog):
    broker, ca = tls_broker
    caplog.set_level(logging.DEBUG)
    refused = connect(broker.port, Credentials("ihd-display", SECRET + "x", ca)).wait_link(LinkState.REFUSED)
    assert refused.problem is LinkProblem.LOGIN_REFUSED
    connect(broker.port, Credentials("ihd-display", SECRET, ca)).wait_link(LinkState.CONNECTED)
    time.sleep(0.3)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "refused the login" in logged
    assert SECRET not in logged


def test_a_world_readable_config_holding_a_password_gets_a_warning(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(f'[bridge]\nbroker = "mqtt://127.0.0.1:1"\nusername = "ihd-display"\npassword = "{SECRET}"\n')
    config.chmod(0o644)
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    run = [sys.executable, "-m", "ihd", "--demo", "--config", str(config), "--data-dir", str(tmp_path / "data"),
           "--screen", "about", "--screenshot", str(tmp_path / "about.png")]
    done = subprocess.run(run, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert f"{config} holds the broker password and anyone on this machine can read it" in done.stderr
    assert SECRET not in done.stderr
    config.chmod(0o640)
    quiet = subprocess.run(run, capture_output=True, text=True, env=env, timeout=60)
    assert "anyone on this machine can read it" not in quiet.stderr
