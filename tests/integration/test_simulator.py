"""ihd-sim publishes a believable home to a real broker; the display shows it."""

import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from broker import Subscriber

from ihd.core.readings import RegisterReading, TariffReading
from ihd.core.units import Fuel
from ihd.han.dialects import make_dialect
from ihd.han.simulator import SimulatedHome, glow_messages, native_messages, native_status


def sim(broker, *args):
    return subprocess.Popen([sys.executable, "-m", "ihd.han.simulator_cli", "--broker", broker.url, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("dialect", ["native", "glow"])
def test_sim_feeds_the_display(qtbot, broker, make_display, dialect):
    display = make_display({"bridge": {"broker": broker.url, "dialect": dialect},
                            "display": {"unit": "energy"}})
    qtbot.waitUntil(lambda: "Connected" in display.home.link.text(), timeout=5000)
    proc = sim(broker, "--dialect", dialect, "--interval", "0.2", "--count", "10")
    try:
        qtbot.waitUntil(lambda: display.home.electricity.main.value_text not in ("–", ""), timeout=5000)
        qtbot.waitUntil(lambda: "Meter reading at" in display.home.gas.main.note.text(), timeout=5000)
    finally:
        proc.wait(20)
    assert proc.returncode == 0, proc.stderr.read()
    assert display.rejections.total == 0, display.rejections.counts()


def test_sim_bad_broker_is_one_line_and_exit_2():
    result = subprocess.run([sys.executable, "-m", "ihd.han.simulator_cli", "--broker", "ftp://x"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_simulated_day_is_believable():
    start = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    home = SimulatedHome(start)
    evening = home.electricity_watts(datetime(2026, 11, 23, 18, 20, tzinfo=UTC))
    night = home.electricity_watts(datetime(2026, 11, 23, 3, 0, tzinfo=UTC))
    assert evening > 1500 > 300 > night > 50
    assert home.gas_kw(datetime(2026, 11, 23, 6, 10, tzinfo=UTC)) > 5
    assert home.gas_kw(datetime(2026, 11, 23, 14, 0, tzinfo=UTC)) == 0
    day = home.reading(start + timedelta(days=1) - timedelta(seconds=1))
    used = day.electricity_kwh - day.electricity_day_start[1]
    assert Decimal(5) < used < Decimal(15)  # a typical GB home uses 7-8 kWh a day
    gas_kwh = (day.gas_m3 - day.gas_day_start[1]) * Decimal("11.2206")
    assert Decimal(30) < gas_kwh < Decimal(90)


@pytest.mark.parametrize("encode", [native_messages, glow_messages])
def test_both_dialects_read_back_what_the_home_says(encode):
    home = SimulatedHome(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    reading = home.reading(datetime(2026, 11, 23, 9, 5, tzinfo=UTC))
    dialect = make_dialect("auto")
    got = [r for topic, payload, _ in encode(reading) for r in dialect.parse(topic, payload).readings]
    registers = {r.fuel.value: r for r in got if isinstance(r, RegisterReading)}
    assert registers["electricity"].value == reading.electricity_kwh
    assert registers["gas"].value == reading.gas_m3
    # winter: the local day starts at UTC midnight, so both dialects say where the day began
    assert registers["electricity"].day_start.value == reading.electricity_day_start[1]


@pytest.mark.parametrize(("tariff", "bands"), [("single", 0), ("cosy", 4)])
def test_the_simulated_bridge_announces_its_tariff(tariff, bands):
    dialect = make_dialect("native")
    found = [r for topic, payload, _ in native_status("ihd/v1", tariff)
             for r in dialect.parse(topic, payload).readings if isinstance(r, TariffReading)]
    electricity = next(r for r in found if r.fuel is Fuel.ELECTRICITY)
    assert len(electricity.bands) == bands
    assert max((b.rate_p for b in electricity.bands), default=None) == (Decimal("39.8") if bands else None)
    with pytest.raises(ValueError, match="single, cosy"):
        native_status("ihd/v1", "agile")


def test_sim_as_a_prepayment_meter_takes_a_top_up_from_the_display(qtbot, broker, make_display):
    from ihd.core.account_view import Stage
    from ihd.han.prepay_sim import demo_codes

    display = make_display({"bridge": {"broker": broker.url}})
    qtbot.waitUntil(lambda: "Connected" in display.home.link.text(), timeout=5000)
    proc = sim(broker, "--prepayment", "--interval", "0.2", "--count", "100")
    try:
        qtbot.waitUntil(lambda: display.figures.view().electricity.account, timeout=5000)
        before = display.figures.live.snapshot().account.prepayment[Fuel.ELECTRICITY].credit_p
        display.account.open_top_up(Fuel.ELECTRICITY)
        display.account.check(demo_codes(1)[0])
        display.account.send()
        qtbot.waitUntil(lambda: display.account.topup.stage is Stage.DONE, timeout=5000)
        assert display.account.topup.message.startswith("Top-up accepted: £5.00 added.")
        qtbot.waitUntil(lambda: display.figures.live.snapshot().account.prepayment[Fuel.ELECTRICITY].credit_p
                        > before + 400, timeout=5000)
    finally:
        proc.terminate()
        proc.wait(20)
    assert "codes to try" in proc.stderr.read()


def test_sim_prepayment_needs_the_native_dialect():
    result = subprocess.run([sys.executable, "-m", "ihd.han.simulator_cli", "--prepayment", "--dialect", "glow"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "native dialect" in result.stderr


def test_sim_takes_its_password_from_the_environment_too(tmp_path):
    import os
    import subprocess as sp

    from broker import Broker

    pwfile = tmp_path / "passwd"
    pwfile.write_text("")
    sp.run(["mosquitto_passwd", "-b", str(pwfile), "ihd-bridge", "from-env"], check=True)
    secured = Broker(tmp_path, (f"password_file {pwfile}", "allow_anonymous false"))
    secured.start()
    try:
        env = os.environ | {"IHD_SIM_PASSWORD": "from-env"}
        done = sp.run([sys.executable, "-m", "ihd.han.simulator_cli", "--broker", secured.url, "--username",
                       "ihd-bridge", "--interval", "0.1", "--count", "2"], capture_output=True, text=True,
                      env=env, timeout=30)
        assert done.returncode == 0, done.stderr
        wrong = sp.run([sys.executable, "-m", "ihd.han.simulator_cli", "--broker", secured.url, "--username",
                        "ihd-bridge", "--interval", "0.1", "--count", "2"], capture_output=True, text=True,
                       env=env | {"IHD_SIM_PASSWORD": "guess"}, timeout=30)
        assert wrong.returncode != 0
    finally:
        secured.stop()


def test_sim_carries_on_when_the_broker_restarts(broker):
    proc = sim(broker, "--interval", "0.2", "--count", "150")
    try:
        first = Subscriber(broker.port, "watcher").listen("ihd/v1/#")
        deadline = time.monotonic() + 10
        while not first.topics("ihd/v1/electricity/demand") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert first.topics("ihd/v1/electricity/demand")
        first.close()
        broker.stop()
        time.sleep(1.5)  # a few rounds published with no broker
        assert proc.poll() is None, proc.stderr.read()
        broker.start()
        again = Subscriber(broker.port, "watcher-again").listen("ihd/v1/electricity/demand")
        deadline = time.monotonic() + 20
        while not again.topics("ihd/v1/electricity/demand") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert again.topics("ihd/v1/electricity/demand")  # still publishing after the restart
        again.close()
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(20)
    assert "Traceback" not in proc.stderr.read()
