"""The real app in a real X window with the accessibility bus, for screen-reader tests."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

CLIENT = Path(__file__).with_name("atspi_client.py")
ATSPI_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
SYSTEM_PYTHON = "/usr/bin/python3"
NEEDED = ("Xvfb", "xdotool", "dbus-launch")


def missing() -> list[str]:
    gone = [tool for tool in NEEDED if not shutil.which(tool)]
    if not Path(ATSPI_LAUNCHER).exists():
        gone.append(ATSPI_LAUNCHER)
    ok = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True).returncode == 0
    return gone if ok else [*gone, "python3-pyatspi"]


def _free_display() -> int:
    """The first free X display in this process's range: each process of the suite (pytest-xdist
    worker gwN) looks in a range of its own, so two never take the same one at once."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    first = 120 + 40 * (int(worker) if worker.isdigit() else 0)
    for n in range(first, first + 40):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise RuntimeError("no free X display")


class Session:
    def __init__(self, args: list[str], size: str = "800x480", log: Path | None = None) -> None:
        self.env = dict(os.environ)
        self.env.pop("QT_QPA_PLATFORM", None)
        self._procs: list[subprocess.Popen] = []
        self._dbus_pid: int | None = None
        display = _free_display()
        self.env["DISPLAY"] = f":{display}"
        self._start(["Xvfb", f":{display}", "-screen", "0", f"{size}x24", "-nolisten", "tcp"])
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{display}").exists():
                break
            time.sleep(0.05)
        out = subprocess.run(["dbus-launch", "--sh-syntax"], env=self.env, capture_output=True,
                             text=True, check=True).stdout
        for line in out.splitlines():
            key, _, value = line.partition("=")
            if key == "DBUS_SESSION_BUS_ADDRESS":
                self.env[key] = value.rstrip(";").strip("'")
            elif key == "DBUS_SESSION_BUS_PID":
                self._dbus_pid = int(value.rstrip(";"))
        self._start([ATSPI_LAUNCHER, "--launch-immediately"])
        time.sleep(0.5)
        self.env["QT_LINUX_ACCESSIBILITY_ALWAYS_ON"] = "1"
        self.env["QT_ACCESSIBILITY"] = "1"
        self._log = (log or Path(os.devnull)).open("w")
        self.app = subprocess.Popen([sys.executable, "-m", "ihd", *args], env=self.env, stdout=self._log,
                                    stderr=subprocess.STDOUT, start_new_session=True)

    def _start(self, cmd: list[str]) -> None:
        self._procs.append(subprocess.Popen(cmd, env=self.env, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL))

    def tree(self) -> dict:
        result = subprocess.run([SYSTEM_PYTHON, str(CLIENT), "tree", "ihd"], env=self.env,
                                capture_output=True, text=True, timeout=60)
        if result.returncode:
            raise RuntimeError(result.stderr)
        return json.loads(result.stdout)

    def wait_for(self, found, timeout: float = 20) -> dict:
        """The tree, once `found(tree)` is true."""
        deadline = time.monotonic() + timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            try:
                tree = self.tree()
                if found(tree):
                    return tree
            except (RuntimeError, json.JSONDecodeError) as error:
                last = error
            time.sleep(0.3)
        raise TimeoutError(f"the accessible tree never showed what was waited for ({last})")

    def key(self, *keys: str) -> None:
        """Real key presses into the app's window (given the X input focus first: with no window
        manager, nothing else would)."""
        subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(self.app.pid),
                        "--name", ".", "windowfocus", "--sync"], env=self.env, check=True, timeout=20)
        subprocess.run(["xdotool", "key", "--delay", "60", *keys], env=self.env, check=True)
        time.sleep(0.3)

    def press(self, name: str) -> None:
        subprocess.run([SYSTEM_PYTHON, str(CLIENT), "press", "ihd", name], env=self.env, check=True,
                       timeout=30)
        time.sleep(0.3)

    def press_all(self) -> list[str]:
        """The default action of every object in the tree, shown or not: what any software in the
        session could do over the accessibility bus. Returns the names pressed."""
        result = subprocess.run([SYSTEM_PYTHON, str(CLIENT), "press-all", "ihd"], env=self.env,
                                capture_output=True, text=True, timeout=300, check=True)
        time.sleep(0.5)
        return json.loads(result.stdout)

    def close(self) -> None:
        if self.app.poll() is None:
            os.killpg(self.app.pid, signal.SIGTERM)
            try:
                self.app.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.app.pid, signal.SIGKILL)
        for proc in reversed(self._procs):
            proc.terminate()
            proc.wait(5)
        if self._dbus_pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._dbus_pid, signal.SIGTERM)
        self._log.close()


def walk(node: dict):
    yield node
    for child in node["children"]:
        yield from walk(child)


def focused(tree: dict) -> dict | None:
    return next((n for n in walk(tree) if "focused" in n["states"]), None)
