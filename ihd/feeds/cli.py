"""`ihd-feeds`: fetch prices and the grid's carbon intensity, and publish them to the broker.

    ihd-feeds --config /etc/ihd/config.toml                  # the service (docs/feeds.md)
    ihd-feeds --config config.toml --once                     # one round of each source, then exit

It reads the [feeds] section of the display's config file, and the broker from [bridge]. Its own
login comes from --username and IHD_FEEDS_PASSWORD (other users cannot see the environment in ps).
While [feeds] enabled is false it says so and exits 0, so an installed unit stays quiet.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import signal
import sys
import threading
from pathlib import Path
from typing import NoReturn
from zoneinfo import ZoneInfo

import paho.mqtt.client as mqtt

from ihd import __version__
from ihd.config import Config, ConfigError, load_config
from ihd.core.clock import SystemClock
from ihd.core.link import Link, LinkState
from ihd.feeds.consent import ConsentWatch
from ihd.feeds.http import Http
from ihd.feeds.prices import product_of
from ihd.feeds.service import Feeds
from ihd.feeds.source import Context
from ihd.han.address import BrokerAddress
from ihd.han.dialects.native_feeds import OFFLINE, STATUS
from ihd.han.transport import Credentials, MqttTransport, one_by_one

log = logging.getLogger("ihd-feeds")
CONNECT_WAIT_S = 10.0
CONSENT_WAIT_S = 3.0  # the display's retained record comes straight after subscribing
CONFIRM_WAIT_S = 5.0


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="ihd-feeds", description="Fetch a tariff's half-hourly prices and the grid's carbon "
                "intensity from the internet, and publish them to the home's MQTT broker (docs/feeds.md).")
    p.add_argument("--config", type=Path, help="the display's TOML config file, with a [feeds] section")
    p.add_argument("--broker", help="mqtt://host:port or mqtts://host:port (default: [bridge] broker)")
    p.add_argument("--username", default=os.environ.get("IHD_FEEDS_USERNAME"),
                   help="broker login (or IHD_FEEDS_USERNAME)")
    p.add_argument("--password", default=os.environ.get("IHD_FEEDS_PASSWORD"),
                   help="broker password (better given as IHD_FEEDS_PASSWORD, which ps does not show)")
    p.add_argument("--once", action="store_true", help="fetch each source once, publish, and exit")
    p.add_argument("--version", action="version", version=f"ihd-feeds {__version__}")
    return p


def _checked(config: Config, broker: str | None) -> BrokerAddress:
    """Raises ConfigError for what cannot work, named."""
    feeds = config.feeds
    if feeds.product and feeds.tariff_code and product_of(feeds.tariff_code) != feeds.product:
        raise ConfigError(f"'feeds.product' {feeds.product!r} is not the product of 'feeds.tariff_code' "
                          f"{feeds.tariff_code!r}; leave it out to take it from the tariff code")
    if not feeds.tariff_code and feeds.carbon == "off":
        raise ConfigError("nothing to fetch: set 'feeds.tariff_code', or 'feeds.carbon' to regional or national")
    try:
        return BrokerAddress.parse(broker or config.bridge.broker)
    except ValueError as error:
        raise ConfigError(str(error)) from None


class Publisher:
    """Retained QoS 1 publishing under the prefix, remembering what the broker has yet to confirm."""

    def __init__(self, transport: MqttTransport, prefix: str) -> None:
        self._transport, self._prefix = transport, prefix
        self._sent: list[mqtt.MQTTMessageInfo] = []

    def __call__(self, topic: str, payload: bytes) -> None:
        self._sent = [*(i for i in self._sent if not i.is_published()), self._transport.publish(
            f"{self._prefix}/{topic}", payload, qos=1, retain=True)]

    def confirmed(self, timeout: float = CONFIRM_WAIT_S) -> bool:
        for info in self._sent:
            try:
                info.wait_for_publish(timeout)
            except (RuntimeError, ValueError):
                return False
        return all(info.is_published() for info in self._sent)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    try:
        config = load_config(args.config)
        if not config.feeds.enabled:
            print(f"ihd-feeds: off: set enabled = true in the [feeds] section of {args.config or 'the config file'} "
                  "(see docs/feeds.md)")
            return 0
        address = _checked(config, args.broker)
    except ConfigError as error:
        print(f"ihd-feeds: {error}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="ihd-feeds: %(message)s")
    return _serve(config, address, args)


def _serve(config: Config, address: BrokerAddress, args: argparse.Namespace) -> int:
    prefix = config.bridge.native_prefix.strip("/")
    connected, stopping = threading.Event(), threading.Event()
    links: list[Link] = []

    def linked(link: Link) -> None:
        links.append(link)
        if link.state is LinkState.CONNECTED:
            connected.set()

    consent = ConsentWatch(prefix, config.carbon.postcode_district)
    transport = MqttTransport(address, consent.topics(), one_by_one(consent.message), linked,
                              Credentials(args.username, args.password, config.bridge.ca_file),
                              will=(f"{prefix}/{STATUS}", OFFLINE))
    publish = Publisher(transport, prefix)
    clock = SystemClock()
    ctx = Context(config.feeds, prefix, publish, clock, ZoneInfo(config.display.timezone), Http(clock.now),
                  stopping.wait, random.random)
    feeds = Feeds(ctx, consent, stopping)
    for stop_signal in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop_signal, lambda *_: feeds.stop())
    transport.start()
    try:
        if not connected.wait(CONNECT_WAIT_S):
            why = links[-1].detail if links and links[-1].detail else "no answer"
            if args.once:
                print(f"ihd-feeds: cannot publish to {address}: {why}", file=sys.stderr)
                return 1
            log.warning("not connected to %s yet (%s); fetching meanwhile", address, why)
        consent.heard.wait(CONSENT_WAIT_S)
        log.info("publishing to %s under %s; carbon look-ups %s", address, prefix,
                 "allowed" if consent.allowed() else "not allowed (or not yet heard)")
        if args.once:
            feeds.run_all()
        else:
            feeds.run()
            publish(STATUS, OFFLINE)
        return 0 if publish.confirmed() else 1
    finally:
        transport.stop()


if __name__ == "__main__":
    raise SystemExit(main())
