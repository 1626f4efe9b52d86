"""What the display accepts on the native contract is decided by its JSON Schemas, and by nothing
else that a schema can say: every inbound payload is validated against its topic's schema in
docs/contract/schemas (compiled to Python on first use), so a bridge author who checks against
the schemas gets the display's answer. A refusal is worded from the rule that failed, with the
field's path and the schema's own bounds, never the value sent, so refusals count by kind.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from ihd.han.dialects.native_prepayment import COMMANDS
from ihd.han.payload import PayloadError

# In the wheel beside this module (setup.py copies them there); in a checkout, where they are written.
_DIRS = (Path(__file__).parent / "schemas", Path(__file__).parents[3] / "docs" / "contract" / "schemas")

SCHEMA_FOR = {  # topic under the prefix -> schema
    "status": "status",
    "capabilities": "capabilities",
    "electricity/demand": "demand",
    "electricity/import": "register",
    "electricity/export": "register",
    "gas/import": "register",
    "electricity/tariff": "tariff",
    "gas/tariff": "tariff",
    "electricity/prices": "prices",
    "electricity/export-prices": "prices",
    "grid/carbon-intensity": "intensity",
    "electricity/history": "history",
    "gas/history": "history",
    "electricity/ambient": "ambient",
    "weather/outdoor": "outdoor",
    "feeds/status": "feeds-status",
    "electricity/prepayment": "prepayment",
    "gas/prepayment": "prepayment",
    "electricity/top-ups": "top-ups",
    "gas/top-ups": "top-ups",
    "messages": "messages",
    "proposals": "proposals",
    **{f"response/{name}": "response" for name in COMMANDS},
}
# Lists read item by item: a broken item is left out (and said why), the others kept.
ITEMWISE = {"messages": "messages", "proposals": "proposals"}


def _date_time(text: str) -> bool:
    """`format: date-time` asserted: a real date and time with its zone."""
    try:
        return datetime.fromisoformat(text).tzinfo is not None
    except ValueError:
        return False


def schema(name: str) -> dict[str, Any]:
    for folder in _DIRS:
        path = folder / f"{name}.schema.json"
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    raise FileNotFoundError(f"no schema {name!r} in {' or '.join(map(str, _DIRS))}")


@cache
def _compiled(name: str, item: str | None = None) -> Callable[[Any], Any]:
    import fastjsonschema  # only when a bridge first speaks the contract

    definition = schema(name)
    if item is not None:  # one item of a list, resolving nothing outside itself
        definition = definition["properties"][item]["items"]
    return fastjsonschema.compile(definition, formats={"date-time": _date_time}, use_default=False)


def accept(topic: str, data: dict[str, Any]) -> list[str]:
    """Raises PayloadError unless `data` meets the schema of `topic`. For a list read item by
    item, the broken items are taken out of `data` and why is returned, one reason each."""
    name = SCHEMA_FOR[topic]
    try:
        _compiled(name)(data)
        return []
    except ValueError as error:  # fastjsonschema's JsonSchemaValueException, imported only when needed
        key = ITEMWISE.get(topic)
        if key is None or not error.name.startswith(f"data.{key}["):
            raise PayloadError(reason(error)) from None
    kept, refused = [], []
    for index, item in enumerate(data[key]):
        try:
            _compiled(name, key)(item)
            kept.append(item)
        except ValueError as error:
            refused.append(f"one item of the list was left out: {reason(error, f'{key}[{index}]')}")
    data[key] = kept
    try:
        _compiled(name)(data)
    except ValueError as error:
        raise PayloadError(reason(error)) from None
    return refused


_TYPES = {"number": "a number", "integer": "a whole number", "string": "text", "boolean": "true or false",
          "object": "an object", "array": "a list"}
_PATTERNS = {  # each pattern of the schemas that is not a time, in words
    "^([01][0-9]|2[0-3]):(00|30)$": "a time of day on the hour or half hour, HH:MM",
    "^[0-9]{0,4}$": "up to four digits",
    "^[^\\u0000-\\u001f\\u007f-\\u009f]*$": "free of control characters",
}
_INSTANT = "\\d{4}-\\d\\d-\\d\\dT"


def _field(name: str, inside: str = "") -> str:
    """fastjsonschema's 'data.day_start.value' is 'day_start.value'."""
    path = name.removeprefix("data").removeprefix(".")
    return ".".join(p for p in (inside, path) if p).replace(".[", "[")


def _described(node: dict[str, Any]) -> str:
    kinds = node.get("type", [])
    words = " or ".join(_TYPES[t] for t in ([kinds] if isinstance(kinds, str) else kinds) if t in _TYPES)
    if "maxLength" in node:
        words += f" of {node.get('minLength', 0)} to {node['maxLength']} characters"
    if "pattern" in node:
        words += f" {_PATTERNS[node['pattern']]}"
    return words or "as the contract describes"


def _time(field: str, value: Any) -> str:
    try:
        when = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return f"'{field}' is not an ISO-8601 time"
    if when.tzinfo is None:
        return f"'{field}' has no time zone"
    return f"'{field}' is not written as the contract asks, like 2026-12-02T17:00:00Z"


def _bounds(field: str, rule: str, node: dict[str, Any]) -> str:
    low, high = node.get("minimum"), node.get("maximum")
    if low is not None and high is not None:
        return f"'{field}' is outside {low} to {high}"
    return f"'{field}' is below {low}" if rule == "minimum" else f"'{field}' is above {high}"


_WORDS: dict[str, Callable[[str, dict[str, Any]], str]] = {
    "type": lambda field, node: f"'{field}' is not {_described(node)}",
    "enum": lambda field, node: f"'{field}' must be one of {', '.join(map(str, node['enum']))}",
    "const": lambda field, node: f"'{field}' is not {node['const']}",
    "pattern": lambda field, node: f"'{field}' must be {_PATTERNS.get(node['pattern'], 'as the contract writes it')}",
    "maxItems": lambda field, node: f"'{field}' holds more than {node['maxItems']} items; send them in parts",
    "maxLength": lambda field, node: f"'{field}' is longer than {node['maxLength']} characters",
    "minLength": lambda field, node: f"'{field}' is shorter than {node['minLength']} characters",
    "oneOf": lambda field, node: f"'{field}' is not {' or '.join(_described(alt) for alt in node['oneOf'])}",
    "uniqueItems": lambda field, node: f"'{field}' names something twice",
    "propertyNames": lambda field, node: f"'{field}' may hold only {', '.join(node['propertyNames']['enum'])}",
}


def reason(error: Any, inside: str = "") -> str:
    """A plain reason for a failed rule: which field, and what the schema asks of it."""
    rule, node, value = error.rule, error.definition, error.value
    field = _field(error.name, inside)
    if rule == "required":
        missing = next((k for k in error.rule_definition if k not in value), error.rule_definition[0])
        return f"'{_field(f'{field}.{missing}')}' is missing"
    if rule in ("minimum", "maximum"):
        return _bounds(field, rule, node)
    if rule in ("format", "pattern") and (node.get("format") == "date-time" or _INSTANT in node.get("pattern", "")):
        return _time(field, value)
    words = _WORDS.get(rule)
    return words(field, node) if words else f"'{field}' breaks the contract's rule '{rule}'"
