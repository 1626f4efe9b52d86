"""While the installer runs, another user on the machine polls every file it writes and never
reads a secret: the passwords and the TLS key are created private, not opened up and closed
afterwards; no password is on a command line that user can list; --lan alone is refused."""

from __future__ import annotations

import os
import subprocess
import tempfile
import textwrap
from pathlib import Path

import pytest
from appliance import INSTALL, logins

NOBODY = 65534
POLLER = textwrap.dedent("""
    import os, sys, time
    root, out, stop = sys.argv[1], sys.argv[2], sys.argv[3]
    seen, argv = set(), set()
    while not os.path.exists(stop):
        for folder, _dirs, files in os.walk(root):
            for name in files:
                path = os.path.join(folder, name)
                if "/venv/" in path:
                    continue
                try:
                    with open(path, "rb") as f:
                        seen.add(path.encode() + b"\\6\\7" + f.read(4096))
                except OSError:
                    pass
        for pid in os.listdir("/proc"):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    argv.add(f.read())
            except OSError:
                pass
    with open(out, "wb") as f:
        f.write(b"\\0\\1\\2".join(seen) + b"\\3\\4\\5" + b"\\0\\1\\2".join(argv))
""")


@pytest.fixture
def world_readable_root():
    """A root another user may walk (pytest's own folders are root's alone)."""
    with tempfile.TemporaryDirectory(prefix="ihd-root-") as where:
        os.chmod(where, 0o755)
        yield Path(where)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to poll as another user")
def test_another_user_polling_during_installs_never_reads_a_secret(dist, world_readable_root, tmp_path):
    root = world_readable_root
    key_material = b"-----BEGIN PRIVATE KEY-----\nnot-a-real-key-but-a-secret-one\n-----END PRIVATE KEY-----\n"
    cert, key = tmp_path / "broker.crt", tmp_path / "broker.key"
    cert.write_bytes(b"-----BEGIN CERTIFICATE-----\npublic\n-----END CERTIFICATE-----\n")
    key.write_bytes(key_material)
    out, stop = root / "poll.out", root / "poll.stop"
    poller = subprocess.Popen(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                               "/usr/bin/python3", "-c", POLLER, str(root), str(out), str(stop)])
    os.chmod(root, 0o777)  # so the poller can leave its findings
    env = os.environ | {"IHD_BRIDGE_PASSWORD": "bridge-secret-from-env"}
    try:
        for _ in range(2):  # the first install creates every secret; the second rewrites them over it
            done = subprocess.run(["sh", str(INSTALL), "--root", str(root), "--wheel", str(dist[1]), "--mode",
                                   "service", "--lan", "--tls", str(cert), str(key), "--home-assistant"],
                                  capture_output=True, text=True, timeout=600, env=env)
            assert done.returncode == 0, done.stderr
    finally:
        stop.touch()
        poller.wait(60)
    seen, argv = out.read_bytes().split(b"\3\4\5")
    secrets = [s.encode() for s in logins(root).values()] + [b"not-a-real-key-but-a-secret-one"]
    assert logins(root)["ihd-bridge"] == "bridge-secret-from-env"
    assert len(seen) > 1000  # it did read the files that are not secret
    for secret in secrets:
        leaked = [part.split(b"\6\7")[0] for part in seen.split(b"\0\1\2") if secret in part]
        assert not leaked, f"another user read a secret from {leaked}"
        assert secret not in argv, "a secret was on a command line"
    etc = root / "etc"
    assert (etc / "mosquitto/ihd/broker.key").stat().st_mode & 0o777 == 0o640
    assert (etc / "ihd/config.toml").stat().st_mode & 0o777 == 0o640
