"""The bridge to the centre, as ihd writes it for the home's mosquitto: TLS only, the consent record
and the chosen shares only, each under the home's name (tests/integration/test_centre.py runs it)."""

from pathlib import Path

import pytest

from ihd.han.address import BrokerAddress
from ihd.han.centre_bridge import CentreBridge, config, main

CENTRE = BrokerAddress.parse("mqtts://centre.example.org:8883")
FILES = (Path("/etc/mosquitto/ihd/centre-ca.crt"), Path("/etc/mosquitto/ihd/centre.crt"),
         Path("/etc/mosquitto/ihd/centre.key"))


def test_only_the_consent_record_and_the_chosen_shares_cross_under_the_homes_name():
    text = config(CentreBridge(CENTRE, "home-0042", *FILES, ("third-party", "supplier-daily")))
    topics = [line for line in text.splitlines() if line.startswith("topic ")]
    assert topics == [
        "topic consent out 1 ihd/v1/ ihd/v1/homes/home-0042/",
        "topic share/supplier/daily out 1 ihd/v1/ ihd/v1/homes/home-0042/",
        "topic share/third-party/half-hourly out 1 ihd/v1/ ihd/v1/homes/home-0042/",
    ]
    for line in ("address centre.example.org:8883", "bridge_certfile /etc/mosquitto/ihd/centre.crt",
                 "bridge_insecure false", "cleansession false", "remote_clientid home-0042",
                 "try_private false", "notifications false"):  # plain MQTT 3.1.1: RabbitMQ takes it
        assert line in text.splitlines()


@pytest.mark.parametrize(("change", "complaint"), [
    ({"centre": BrokerAddress.parse("mqtt://centre.example.org:1883")}, "over TLS only"),
    ({"link": "home 42/#"}, "is not letters"),
    ({"link": "home.42"}, "is not letters"),  # a topic level of its own at a RabbitMQ centre
    ({"shares": ("home-devices",)}, "not a category that is shared"),
])
def test_what_would_leak_or_not_work_is_refused(change, complaint):
    made = {"centre": CENTRE, "link": "home-0042", "shares": ("third-party",)} | change
    with pytest.raises(ValueError, match=complaint):
        CentreBridge(made["centre"], made["link"], *FILES, made["shares"])


def test_the_command_prints_the_configuration(capsys):
    assert main(["--centre", "mqtts://centre.example.org:8883", "--link", "home-0042", "--ca", "a", "--cert", "b",
                 "--key", "c"]) == 0
    assert "topic share/third-party/half-hourly out 1 ihd/v1/ ihd/v1/homes/home-0042/" in capsys.readouterr().out
    with pytest.raises(SystemExit) as stopped:
        main(["--centre", "mqtt://centre:1883", "--link", "x", "--ca", "a", "--cert", "b", "--key", "c"])
    assert stopped.value.code == 2
