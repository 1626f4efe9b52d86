"""Broker addresses: `mqtt://host:port` or `mqtts://host:port` (TLS)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class BrokerAddress:
    """Where the broker is, and whether it is reached over TLS."""

    host: str
    port: int
    tls: bool

    @staticmethod
    def parse(url: str) -> BrokerAddress:
        """Raises ValueError with a one-line explanation of what is wrong."""
        example = "expected mqtt://host:port or mqtts://host:port, e.g. mqtt://localhost:1883"
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            raise ValueError(f"broker address {url!r} is not valid; {example}") from None
        if parts.scheme not in ("mqtt", "mqtts"):
            raise ValueError(f"broker address {url!r} has no mqtt:// or mqtts:// scheme; {example}")
        if not parts.hostname:
            raise ValueError(f"broker address {url!r} has no host; {example}")
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise ValueError(f"broker address {url!r} has a path or query; {example}")
        if parts.username or parts.password:
            raise ValueError("put the broker username and password in the config file, not the address")
        tls = parts.scheme == "mqtts"
        return BrokerAddress(parts.hostname, port or (8883 if tls else 1883), tls)

    def __str__(self) -> str:
        return f"{'mqtts' if self.tls else 'mqtt'}://{self.host}:{self.port}"
