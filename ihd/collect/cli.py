"""`ihd-collect`: receive what homes share, at the centre, into PostgreSQL.

    ihd-collect --broker mqtts://centre.example.org:8883 --ca-file ca.crt \\
                --cert collector.crt --key collector.key --database "dbname=ihd host=/run/postgresql"
    ihd-collect --database "dbname=ihd" --migrate       # set up or upgrade the tables, and stop

The database's password, if it needs one, goes in the environment (IHD_COLLECT_DATABASE holds
the whole connection string, or PGPASSWORD as libpq reads it), never on the command line; so does
the broker's (IHD_COLLECT_PASSWORD).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from pathlib import Path
from typing import NoReturn

from ihd.han.address import BrokerAddress

ROOT = "ihd/v1/homes"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _broker(text: str) -> BrokerAddress:
    try:
        return BrokerAddress.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _readable(text: str) -> Path:
    path = Path(text)
    if not path.is_file() or not os.access(path, os.R_OK):
        raise argparse.ArgumentTypeError(f"cannot read {text}")
    return path


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="ihd-collect", description="Receive what homes share, at the centre, into PostgreSQL.")
    p.add_argument("--broker", type=_broker, default=BrokerAddress.parse("mqtts://localhost:8883"), metavar="URL",
                   help="the centre's broker, mqtts://host:port (default mqtts://localhost:8883)")
    p.add_argument("--database", default=os.environ.get("IHD_COLLECT_DATABASE", ""), metavar="DSN",
                   help="a libpq connection string or URI (default: $IHD_COLLECT_DATABASE, else libpq's own "
                   "defaults: PGHOST, PGDATABASE, ...)")
    p.add_argument("--root", default=ROOT, help=f"the topics the homes arrive under, <root>/<link>/... "
                   f"(default {ROOT})")
    p.add_argument("--ca-file", type=_readable, help="the centre broker's CA certificate (default: the system's)")
    p.add_argument("--cert", type=_readable, help="the collector's client certificate, if the broker asks for one")
    p.add_argument("--key", type=_readable, help="the key of --cert")
    p.add_argument("--username", help="the collector's login at the broker; the password in $IHD_COLLECT_PASSWORD")
    p.add_argument("--client-id", default="ihd-collect",
                   help="the collector's MQTT client id: its session, and so its queue, at the broker")
    p.add_argument("--on-alert", metavar="COMMAND", help="a program run for each new \"tell someone I trust\" "
                   "alert, with it as JSON on standard input (where a service sends its text or email)")
    p.add_argument("--migrate", action="store_true", help="set up or upgrade the tables, then stop")
    p.add_argument("--verbose", action="store_true", help="log each message stored")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if bool(args.cert) != bool(args.key):
        parser().error("--cert and --key go together")
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        from ihd.collect.database import Database
        from ihd.collect.service import Collector, Login
    except ImportError as error:
        print(f"ihd-collect: {error.name} is missing; install ihd with its collector: pip install 'ihd[collect]'",
              file=sys.stderr)
        return 2
    import psycopg

    if args.migrate:
        try:
            Database(args.database).close()
        except psycopg.Error as error:
            print(f"ihd-collect: the database: {error}".strip(), file=sys.stderr)
            return 1
        print("ihd-collect: the tables are up to date")
        return 0
    login = Login(args.username, os.environ.get("IHD_COLLECT_PASSWORD"), args.ca_file, args.cert, args.key)
    from ihd.collect.hook import AlertHook

    hook = AlertHook(args.on_alert) if args.on_alert else None
    collector = Collector(args.broker, args.root, lambda: Database(args.database), login, args.client_id,
                          on_alert=hook)
    stopping = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.set())
    collector.run(stopping)
    return 0


if __name__ == "__main__":
    sys.exit(main())
