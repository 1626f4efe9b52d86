"""A real HTTP server on a free loopback port that answers as the two sources do, in their shapes,
and writes down every request it is sent (path and headers), so a test can see what left.

`World` decides what the sources know: the Carbon Intensity API's 48-hour forecasts (regional by
postcode district, and national) from whatever half-hour is asked, and Octopus Energy's Agile
prices for whatever window is asked, up to `published_until`. Each answer carries an ETag and
honours If-None-Match. `Mirror.script` puts one-off answers (a 429, a 500, a body cut short, a
malformed one) ahead of the world's.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

SLOT = timedelta(minutes=30)
BANDS = ((40, "very low"), (110, "low"), (190, "moderate"), (270, "high"), (2001, "very high"))
MIX = [("biomass", 5.1), ("coal", 0), ("imports", 12.4), ("gas", 30.2), ("nuclear", 14.0), ("other", 0),
       ("hydro", 1.3), ("solar", 2.0), ("wind", 35.0)]


def minute(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def second(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def band(grams: int) -> str:
    return next(name for top, name in BANDS if grams < top)


def default_grams(at: datetime) -> int:
    return 60 + (at.hour * 7 + at.minute) % 250


def default_price(at: datetime) -> float:
    """Pence per kWh including VAT: negative in the small hours of the morning, as Agile can be."""
    return round(-3.15 + ((at.hour * 2 + at.minute // 30) * 1.37) % 40, 3)


@dataclass
class World:
    published_until: datetime | None = None  # Agile prices known up to here (None: any window asked)
    grams: Callable[[datetime], int] = default_grams
    price: Callable[[datetime], float] = default_price
    region: str = "South Scotland"

    def regional(self, start: datetime, district: str) -> dict:
        records = [{"from": minute(at), "to": minute(at + SLOT),
                    "intensity": {"forecast": self.grams(at), "index": band(self.grams(at))},
                    "generationmix": [{"fuel": f, "perc": p} for f, p in MIX]}
                   for at in (start + i * SLOT for i in range(96))]
        return {"data": {"regionid": 2, "dnoregion": "SP Distribution", "shortname": self.region,
                         "postcode": district, "data": records}}

    def national(self, start: datetime) -> dict:
        return {"data": [{"from": minute(at), "to": minute(at + SLOT),
                          "intensity": {"forecast": self.grams(at) + 10, "actual": None,
                                        "index": band(self.grams(at) + 10)}}
                         for at in (start + i * SLOT for i in range(96))]}

    def agile(self, start: datetime, end: datetime) -> dict:
        if self.published_until is not None:
            end = min(end, self.published_until)
        results = []
        at = start
        while at < end:
            inc = self.price(at)
            results.append({"value_exc_vat": round(inc / 1.05, 4), "value_inc_vat": inc, "valid_from": second(at),
                            "valid_to": second(at + SLOT), "payment_method": None})
            at += SLOT
        results.reverse()  # newest first, as the API gives them
        return {"count": len(results), "next": None, "previous": None, "results": results}

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, dict]:
        if found := re.fullmatch(r"/regional/intensity/([^/]+)/fw48h/postcode/([^/]+)", path):
            return 200, self.regional(parse(found.group(1)), found.group(2))
        if found := re.fullmatch(r"/intensity/([^/]+)/fw48h", path):
            return 200, self.national(parse(found.group(1)))
        if re.fullmatch(r"/v1/products/[^/]+/electricity-tariffs/[^/]+/standard-unit-rates/", path):
            return 200, self.agile(parse(query["period_from"][0]), parse(query["period_to"][0]))
        return 404, {"detail": "Not found."}


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    cut_to: int | None = None  # send only this many bytes of the body, then close (a body cut short)


@dataclass(frozen=True)
class Request:
    path: str  # with its query
    headers: dict[str, str]


class Mirror:
    def __init__(self, world: World | None = None) -> None:
        self.world = world or World()
        self.requests: list[Request] = []
        self._script: list[Reply] = []
        self._lock = threading.Lock()
        mirror = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                mirror._serve(self)

            def log_message(self, *_args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="test-mirror",
                                        daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def script(self, *replies: Reply) -> None:
        """Answer the next requests with these, in order, before the world answers again."""
        with self._lock:
            self._script.extend(replies)

    def paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.requests.append(Request(handler.path, dict(handler.headers.items())))
            reply = self._script.pop(0) if self._script else None
        if reply is None:
            parts = urlsplit(handler.path)
            status, data = self.world.answer(parts.path, parse_qs(parts.query))
            body = json.dumps(data).encode()
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if status == 200 and handler.headers.get("If-None-Match") == etag:
                reply = Reply(304, b"", {"ETag": etag})
            else:
                reply = Reply(status, body, {"ETag": etag, "Content-Type": "application/json"})
        handler.send_response(reply.status)
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        if reply.status != 304:
            handler.send_header("Content-Length", str(len(reply.body)))
        if reply.cut_to is not None:
            handler.send_header("Connection", "close")
            handler.close_connection = True
        handler.end_headers()
        handler.wfile.write(reply.body[: reply.cut_to] if reply.cut_to is not None else reply.body)
        handler.wfile.flush()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
