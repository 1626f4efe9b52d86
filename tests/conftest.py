import gc
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from broker import Broker  # (which imports nothing of ihd: the cache folder below is set first)

# Displays keep their compiled dataclass methods in the user's cache folder (ihd/dataclass_cache.py):
# this run's, and those of every display it starts, go in a folder of the run's own.
os.environ.pop("CACHE_DIRECTORY", None)
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="ihd-test-cache-")


def pytest_unconfigure(config):
    shutil.rmtree(os.environ["XDG_CACHE_HOME"], ignore_errors=True)  # (in each worker process too)

def pytest_collection_modifyitems(items):
    for item in items:
        if "broker" in item.fixturenames:
            item.add_marker(pytest.mark.broker)


@pytest.fixture
def broker(tmp_path):
    if not shutil.which("mosquitto") and not Path("/usr/sbin/mosquitto").exists():
        pytest.fail("mosquitto is not installed; run: sh packaging/dev.sh test")
    b = Broker(tmp_path)
    b.start()
    yield b
    b.stop()


@pytest.fixture(scope="session")
def postgres_server():
    """One real PostgreSQL for the session (tests/postgres.py); each test gets its own database."""
    pytest.importorskip("psycopg", reason="psycopg is not installed; run: sh packaging/dev.sh test")
    from postgres import Postgres, bin_dir

    programs = bin_dir()
    if programs is None:
        pytest.fail("PostgreSQL is not installed; run: sh packaging/dev.sh test (it installs Debian's postgresql)")
    server = Postgres(programs)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def database(postgres_server):
    """The connection string of a new, empty database."""
    return postgres_server.new_database()


@pytest.fixture
def speech_server(monkeypatch):
    """A private speech-dispatcher that writes down what it is given to say (tests/speechd.py);
    spd-say finds it through SPEECHD_ADDRESS."""
    import speechd

    if not speechd.installed():
        pytest.fail("speech-dispatcher is not installed; run: sh packaging/dev.sh test")
    server = speechd.SpeechServer()
    server.start()
    monkeypatch.setenv("SPEECHD_ADDRESS", server.address)
    yield server
    server.stop()


@pytest.fixture
def transport():
    """MQTT transports to any broker, each with a Recorder of what it hands on; stopped after."""
    from broker import Recorder

    from ihd.han.address import BrokerAddress
    from ihd.han.backoff import Backoff
    from ihd.han.transport import MqttTransport, one_by_one

    made = []

    def make(url, creds=None, subs=("ihd/v1/#",)):
        rec = Recorder()
        t = MqttTransport(BrokerAddress.parse(url), list(subs), one_by_one(rec.message), rec.link, creds,
                          Backoff(0.2, 1.0))
        t.start()
        made.append(t)
        return t, rec

    yield make
    for t in made:
        t.stop()


@pytest.fixture(autouse=True)
def no_leftover_threads():
    """Every test stops the threads it starts (the MQTT network thread, the demo's home)."""
    before = set(threading.enumerate())
    yield
    leftover = [t for t in threading.enumerate() if t not in before and t.is_alive()
                and t.name.startswith("ihd-")]
    for t in leftover:
        t.join(3)
    leftover = [t.name for t in leftover if t.is_alive()]
    assert not leftover, f"threads left running: {leftover}"


@pytest.fixture(autouse=True)
def left_to_right_again():
    """A display switched to Urdu turns the whole application right to left; the next test starts
    as a display does, left to right, whichever test ran before it in this process."""
    yield
    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is not None:
            QApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


@pytest.fixture
def make_display(qtbot, tmp_path):
    made = []

    from ihd.app import Display
    from ihd.cli import Options
    from ihd.config import parse_config

    def make(config: dict | None = None, clock=None, demo: bool | str = False, size=(800, 480),
             data: str = "data", screen: str = "home") -> Display:
        """`demo` is True for the default simulated home, or the name of one (see ihd.cli.DEMO_HOMES);
        `data` names the data folder (another name: another home)."""
        home = demo if isinstance(demo, str) else "credit"
        options = Options(parse_config(config or {}), demo=bool(demo), demo_home=home, size=size, screen=screen)
        options.config.__dict__["data_dir"] = tmp_path / data  # frozen; a test-only override
        display = Display(options, clock)  # taken down below, not by qtbot: see the end
        display.start()
        made.append(display)
        return display

    yield make
    from PySide6.QtCore import QCoreApplication, QEvent

    for display in made:
        display.stop()
        display.window.close()
        display.window.deleteLater()
    # Destroy the windows now, not at some later garbage collection in another test.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
