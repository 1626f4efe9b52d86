"""What the display publishes, checked against docs/contract/schemas as a bridge author would,
with `date-time` and `date` asserted (jsonschema only annotates them unless told)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import cache
from pathlib import Path

import jsonschema

CONTRACT = Path(__file__).parents[1] / "docs" / "contract"
SCHEMA_FOR = {  # topic under the prefix -> schema
    "consent": "consent",
    "share/supplier/half-hourly": "share-half-hourly",
    "share/third-party/half-hourly": "share-half-hourly",
    "share/supplier/daily": "share-daily",
    "share/carbon-region": "share-carbon-region",
    "share/trusted-person/alert": "share-trusted-person-alert",
    "display/state": "display-state",
    "display/availability": "display-availability",
}
FORMATS = jsonschema.FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(text: object) -> bool:
    """RFC 3339: a date, a T, a time and a zone; a time without a zone is refused."""
    if not isinstance(text, str):
        return True
    if not re.fullmatch(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)", text):
        raise ValueError(f"{text!r} is not an RFC 3339 date-time with a zone")
    return datetime.fromisoformat(text.upper().replace("Z", "+00:00")).tzinfo is not None


@FORMATS.checks("date", raises=ValueError)
def _date(text: object) -> bool:
    if not isinstance(text, str):
        return True
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        raise ValueError(f"{text!r} is not a date")
    date.fromisoformat(text)
    return True


@cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((CONTRACT / "schemas" / f"{name}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=FORMATS)


def decoded(topic: str, payload: bytes) -> object:
    """A payload as its schema reads it: availability is the bare word, the rest JSON."""
    return payload.decode() if topic.endswith("display/availability") else json.loads(payload)


def check(topic: str, payload: bytes, prefix: str = "ihd/v1") -> None:
    """Fails unless `payload`, published on `topic`, meets that topic's schema. An empty retained
    message (a deletion) carries nothing to check."""
    if payload == b"":
        return
    name = SCHEMA_FOR[topic.removeprefix(prefix + "/")]
    validator(name).validate(decoded(topic, payload))


def check_all(heard: list[tuple[str, bytes, bool]], prefix: str = "ihd/v1") -> int:
    """Checks every message the display published among `heard`; returns how many it checked."""
    ours = [(t, p) for t, p, _r in heard if t.removeprefix(prefix + "/") in SCHEMA_FOR]
    for topic, payload in ours:
        check(topic, payload, prefix)
    return len(ours)
