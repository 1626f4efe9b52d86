"""The home's broker bridged to a deploying organisation's broker (the centre): mosquitto's own
bridge, configured here, so no program of ours carries the data out of the home.

Only the topics named go: the consent record, and the shares of the categories the centre is a
recipient of. The display publishes a share only while its household allows it, so what crosses is
what was consented to. The bridge uses TLS with the home's client certificate, a persistent session
at QoS 1 (what the display publishes while the link is down queues in the home's broker, kept on
disk over a restart, and goes when the link is back), and puts every topic under
`<root>/<link>/`, `<link>` being the name the centre gave the home's certificate, so the centre's
broker can let each home write under its own name only.

    python -m ihd.han.centre_bridge --centre mqtts://centre.example.org:8883 --link home-0042 \\
        --ca /etc/mosquitto/ihd/centre-ca.crt --cert /etc/mosquitto/ihd/centre.crt \\
        --key /etc/mosquitto/ihd/centre.key --share third-party > /etc/mosquitto/conf.d/ihd-centre.conf
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ihd.han.address import BrokerAddress
from ihd.han.dialects import native_share

ROOT = "ihd/v1/homes"
# No '.': brokers that route MQTT as AMQP (RabbitMQ) take it for a topic level, so `home.7` would
# not match the collector's `+` and would come back as `home/7`.
LINK = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
SHARES = {  # consent category -> the topic its shares go on
    "supplier-half-hourly": native_share.SUPPLIER_HALF_HOURLY,
    "supplier-daily": native_share.SUPPLIER_DAILY,
    "third-party": native_share.THIRD_PARTY_HALF_HOURLY,
    "carbon-lookup": native_share.CARBON_REGION,
    "trusted-person": native_share.TRUSTED_ALERT,
}


@dataclass(frozen=True, slots=True)
class CentreBridge:
    """How the home's broker is bridged to the centre's, and which shares cross."""

    centre: BrokerAddress
    link: str  # the home's name at the centre: its client certificate's common name
    ca_file: Path  # the centre broker's CA
    cert_file: Path  # the home's client certificate, issued by the centre
    key_file: Path
    shares: tuple[str, ...] = ("third-party",)
    prefix: str = "ihd/v1"  # the display's topics on the home's broker
    root: str = ROOT

    def __post_init__(self) -> None:
        if not self.centre.tls:
            raise ValueError("the centre is reached over TLS only: give an mqtts:// address")
        if not LINK.fullmatch(self.link):
            raise ValueError(f"the link name {self.link!r} is not letters, digits, '_' or '-' (up to 64)")
        unknown = sorted(set(self.shares) - set(SHARES))
        if unknown:
            raise ValueError(f"not a category that is shared: {', '.join(unknown)} (choose from "
                             f"{', '.join(SHARES)})")

    def topics(self) -> list[str]:
        """The contract topics that cross, under the display's prefix."""
        return [native_share.CONSENT, *(SHARES[c] for c in SHARES if c in self.shares)]


def config(bridge: CentreBridge) -> str:
    """mosquitto configuration lines for the bridge (a conf.d file of the home's broker)."""
    local, remote = bridge.prefix.strip("/") + "/", f"{bridge.root.strip('/')}/{bridge.link}/"
    lines = [
        "# This home's broker bridged to the centre's: written by ihd (python -m ihd.han.centre_bridge).",
        "# Only the consent record and the shares named below cross, and the display publishes a share",
        "# only while the household allows it. See docs/for-organisations.md.",
        "connection ihd-centre",
        f"address {bridge.centre.host}:{bridge.centre.port}",
        "bridge_protocol_version mqttv311",
        f"bridge_cafile {bridge.ca_file}",
        f"bridge_certfile {bridge.cert_file}",
        f"bridge_keyfile {bridge.key_file}",
        "bridge_tls_version tlsv1.2",
        "bridge_insecure false",
        f"remote_clientid {bridge.link}",
        f"local_clientid ihd-centre-bridge-{bridge.link}",
        "# a persistent session at QoS 1: what is published while the link is down waits here",
        "cleansession false",
        "# plain MQTT 3.1.1 at the far end: RabbitMQ refuses mosquitto's private bridge flag, and",
        "# connection notices would go outside this home's topics there",
        "try_private false",
        "notifications false",
        "keepalive_interval 60",
        "restart_timeout 5 120",
        "start_type automatic",
    ]
    lines += [f"topic {topic} out 1 {local} {remote}" for topic in bridge.topics()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ihd.han.centre_bridge",
                                description="Print the mosquitto bridge from this home's broker to the centre's.")
    p.add_argument("--centre", required=True, help="the centre's broker, mqtts://host:port")
    p.add_argument("--link", required=True, help="this home's name at the centre (its certificate's common name)")
    p.add_argument("--ca", required=True, type=Path, help="the centre broker's CA certificate")
    p.add_argument("--cert", required=True, type=Path, help="this home's client certificate")
    p.add_argument("--key", required=True, type=Path, help="its key")
    p.add_argument("--share", default="third-party",
                   help=f"the categories the centre receives, comma-separated (of {', '.join(SHARES)}; "
                   "default third-party)")
    p.add_argument("--root", default=ROOT, help=f"where homes go at the centre (default {ROOT})")
    args = p.parse_args(argv)
    try:
        bridge = CentreBridge(BrokerAddress.parse(args.centre), args.link, args.ca, args.cert, args.key,
                              tuple(s for s in args.share.split(",") if s), root=args.root)
    except ValueError as error:
        p.exit(2, f"{p.prog}: {error}\n")
    sys.stdout.write(config(bridge))
    return 0


if __name__ == "__main__":
    sys.exit(main())
