"""Reading the native contract: the display's own parser against the two ways of deciding
acceptance from one definition, on the contract's examples, in the same run.

    PYTHONPATH=. .venv/bin/python benchmarks/contract.py [--rounds N] [--json PATH]

- display: `NativeDialect.parse`, what ihd runs (decode, accept or refuse, map to a reading);
- fastjsonschema: decoding and validating against docs/contract/schemas compiled to Python, with
  `date-time` asserted (the mapping to a reading is left out, so this is its acceptance alone);
- msgspec: decoding straight into typed structures (demand, registers and tariffs only, the
  topics heard most; also acceptance alone), if msgspec is installed (it is not a dependency:
  `pip install msgspec` to weigh it).

Each is timed on the same payloads, best of several rounds, and reported per message and as a
ratio to the display's parser. Also prints the refusals each gives for a few broken payloads.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import fastjsonschema

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "han"))
sys.path.insert(0, str(Path(__file__).parent))

from test_native import EXAMPLES, SCHEMA_FOR, topic_of  # noqa: E402

from ihd.han.dialects.native import NativeDialect  # noqa: E402

SCHEMAS = ROOT / "docs" / "contract" / "schemas"
HOT = ("electricity/demand", "electricity/import", "gas/import", "electricity/tariff")
BROKEN = [
    ("electricity/demand", b'{"ts": "2026-11-23T17:00:00", "watts": 5}'),
    ("electricity/demand", b'{"ts": "2026-11-23T17:00:00Z", "watts": 500000}'),
    ("electricity/import", b'{"ts": "2026-11-23T17:00:00Z", "value": 5, "unit": "kWh", "day_start": {"value": 1}}'),
    ("electricity/import", b'{"ts": "2026-11-23T17:00:00Z", "value": "5", "unit": "kWh"}'),
    ("electricity/tariff", b'{"unit_rate_p_per_kwh": 20, "standing_charge_p_per_day": 50, "vat_included": true,'
                           b' "bands": [{"start": "00:15", "end": "07:00", "rate_p_per_kwh": 9}]}'),
]


def _date_time(text: str) -> bool:
    try:
        return datetime.fromisoformat(text).tzinfo is not None
    except ValueError:
        return False


def _fastjsonschema() -> Callable[[str, bytes], Any]:
    compiled = {name: fastjsonschema.compile(json.loads((SCHEMAS / f"{schema}.schema.json").read_text()),
                                             formats={"date-time": _date_time})
                for name, schema in SCHEMA_FOR.items() if not name.startswith("command/")}
    decode = json.JSONDecoder().decode

    def accept(name: str, payload: bytes) -> Any:
        return compiled[name](decode(payload.decode()))

    return accept


def _msgspec() -> Callable[[str, bytes], Any] | None:
    try:
        from contract_structs import STRUCTS
    except ImportError:  # msgspec is not installed: the comparison is left out
        return None
    import msgspec

    decoders = {name: msgspec.json.Decoder(struct) for name, struct in STRUCTS.items()}
    return lambda name, payload: decoders[name].decode(payload)


def _display() -> Callable[[str, bytes], Any]:
    dialect = NativeDialect()
    return lambda name, payload: dialect.parse(f"ihd/v1/{name}", payload)


def per_message(parse: Callable[[str, bytes], Any], payloads: list[tuple[str, bytes]], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for name, payload in payloads:
            parse(name, payload)
        best = min(best, time.perf_counter() - start)
    return best / len(payloads)


def refusal(parse: Callable[[str, bytes], Any], name: str, payload: bytes) -> str:
    try:
        result = parse(name, payload)
    except Exception as error:
        return str(error)
    rejections = getattr(result, "rejections", ())
    return rejections[0].reason if rejections else "accepted"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=200, help="each example this many times a round")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    examples = [(topic_of(e), e.read_bytes()) for e in EXAMPLES if not e.stem.startswith("command.")]
    every = examples * args.repeat
    hot = [(n, p) for n, p in examples if n in HOT] * args.repeat * 4
    display, schemas, structs = _display(), _fastjsonschema(), _msgspec()
    result: dict[str, Any] = {}
    for label, payloads, ways in (("every example", every, {"display": display, "fastjsonschema": schemas}),
                                  ("demand, registers, tariffs", hot,
                                   {"display": display, "fastjsonschema": schemas, "msgspec": structs})):
        ways = {way: parse for way, parse in ways.items() if parse is not None}
        print(f"{label} ({len(payloads)} messages a round, best of {args.rounds})")
        base = per_message(display, payloads, args.rounds)
        for way, parse in ways.items():
            took = base if way == "display" else per_message(parse, payloads, args.rounds)
            result[f"{label}: {way} µs"] = took * 1e6
            result[f"{label}: {way} ratio"] = took / base
            print(f"  {way:<16}{took * 1e6:>8.1f} µs a message   {took / base:>5.2f} × the display's parser")
    print("refusals:")
    for name, payload in BROKEN:
        print(f"  {name} {payload.decode()}")
        for way, parse in {"display": display, "fastjsonschema": schemas, "msgspec": structs}.items():
            if parse is None:
                continue
            print(f"    {way:<16}{refusal(parse, name, payload)}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
