"""The schemas in docs/contract/schemas and the native dialect give the same answer: every
contract example, mutated at every field in every way below, is either valid under its schema and
accepted by the display, or invalid and refused. A bridge author who checks against the schemas
(with or without asserting `format`) learns exactly what the display will take."""

import json

import jsonschema
import pytest
from published import FORMATS
from test_native import CONTRACT, EXAMPLES, SCHEMA_FOR, topic_of

from ihd.han.dialects.native import NativeDialect

HEARD = [e for e in EXAMPLES if not e.stem.startswith("command.")]
VALUES = [None, 0, 1, 1.5, -1, 10**12, True, "", "x", [], {},
          "2026-12-02T17:00:00", "2026-12-02 17:00:00Z", "20261202T170000Z", "2026-12-02T17:00Z"]


def paths(node, path=()):
    """Every field's path (the first two items of a list stand for the rest)."""
    if path:
        yield path
    children = node.items() if isinstance(node, dict) else enumerate(node[:2]) if isinstance(node, list) else ()
    for key, child in children:
        yield from paths(child, (*path, key))


def mutated(doc, path, value=None, *, delete=False):
    doc = json.loads(json.dumps(doc))
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return doc


def mutations(doc):
    for path in paths(doc):
        if isinstance(path[-1], str):
            yield "/".join(map(str, path)) + " deleted", mutated(doc, path, delete=True)
        for value in VALUES:
            yield f"{'/'.join(map(str, path))} = {value!r}", mutated(doc, path, value)


def validators(name):
    schema = json.loads((CONTRACT / "schemas" / f"{SCHEMA_FOR[name]}.schema.json").read_text())
    return (jsonschema.Draft202012Validator(schema, format_checker=FORMATS),
            jsonschema.Draft202012Validator(schema))  # format only annotates, as many validators do


def accepted(name, payload):
    parsed = NativeDialect().parse(f"ihd/v1/{name}", json.dumps(payload).encode())
    return not parsed.rejections and len(parsed.readings) == 1


@pytest.mark.parametrize("example", HEARD, ids=lambda p: p.stem)
def test_schema_and_parser_agree_on_every_mutation(example):
    name = topic_of(example)
    asserting, annotating = validators(name)
    disagree, tried = [], 0
    for what, payload in mutations(json.loads(example.read_text())):
        tried += 1
        valid, taken = asserting.is_valid(payload), accepted(name, payload)
        if not valid == annotating.is_valid(payload) == taken:
            disagree.append(f"{what}: schema {'valid' if valid else 'invalid'}, display "
                            f"{'accepts' if taken else 'refuses'}")
    assert tried >= 16
    assert disagree == []


# Where they once disagreed: each must stay agreed, with the answer named here.
KNOWN = [
    ("grid/carbon-intensity", {"data": [{"from": "2026-11-23T17:00Z", "intensity": {"actual": 204}}]}, False),
    ("grid/carbon-intensity", {"data": [{"from": "2026-11-23T17:00Z",
                                         "intensity": {"forecast": 210, "actual": 1.5}}]}, False),
    ("grid/carbon-intensity", {"data": [{"from": "2026-11-23T17:00Z",
                                         "intensity": {"forecast": 210, "actual": None}}]}, True),
    ("grid/carbon-intensity", {"data": [{"from": "2026-11-23T17:00Z", "intensity": {"forecast": 210.0}}]}, True),
    ("response/top-up", {"id": 17, "result": "accepted"}, False),
    ("response/top-up", {"id": "17", "result": "accepted", "ts": None}, True),
    ("electricity/prepayment", {"ts": "2026-11-23T17:00:00Z", "mode": "prepayment", "credit_p": 500,
                                "emergency_credit": None}, True),
    ("electricity/import", {"ts": "2026-11-23T17:00:00Z", "value": 5, "unit": "kWh",
                            "day_start": {"ts": "2026-11-23T00:00:00Z", "value": 10**12}}, False),
    ("electricity/demand", {"ts": "2026-11-23T17:00:00", "watts": 5}, False),  # no zone
    ("electricity/demand", {"ts": "2026-11-23T17:00:00+01:00", "watts": 5}, True),
    ("electricity/demand", {"ts": "2026-11-23T17:00Z", "watts": 5}, False),  # seconds, but for intensity
]


@pytest.mark.parametrize(("name", "payload", "valid"), KNOWN)
def test_the_known_disagreements_stay_mended(name, payload, valid):
    asserting, annotating = validators(name)
    assert asserting.is_valid(payload) is annotating.is_valid(payload) is accepted(name, payload) is valid


def test_every_time_in_every_schema_has_the_parsers_own_pattern():
    from ihd.han.payload import INSTANT, INSTANT_TO_THE_MINUTE

    def times(node, where):
        if isinstance(node, dict):
            if node.get("format") == "date-time" or ("pattern" in node and "\\d{4}" in node["pattern"]):
                yield where, node
            for key, child in node.items():
                yield from times(child, f"{where}/{key}")
        elif isinstance(node, list):
            for child in node:
                yield from times(child, where)

    found = 0
    for path in sorted((CONTRACT / "schemas").glob("*.schema.json")):
        for where, node in times(json.loads(path.read_text()), path.stem):
            form = INSTANT_TO_THE_MINUTE if path.stem == "intensity.schema" else INSTANT
            assert node.get("pattern") == f"^{form}$", where
            found += 1
    assert found > 20
