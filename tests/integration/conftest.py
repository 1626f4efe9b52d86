"""Fixtures for the integration tests live in tests/conftest.py; helpers in bridge_helpers.py.
Here: the deploying organisation's centre, for the tests of what homes share with it."""

import pytest
from centre_helpers import Authority, RunningCollector, centre_broker


@pytest.fixture
def centre(tmp_path, database):
    """The centre's mosquitto (TLS, client certificates from a CA made here) and ihd-collect on
    a real PostgreSQL: (the CA, the broker, the running collector)."""
    ca = Authority(tmp_path / "ca")
    broker = centre_broker(tmp_path / "centre", ca)
    broker.start()
    collector = RunningCollector(broker, ca, database).start()
    collector.collector.connected.wait(10)
    yield ca, broker, collector
    collector.stop()
    broker.stop()
