"""The native dialect's acceptance is its schemas' (ihd/han/dialects/native_schema.py): `date-time`
asserted, and refusals worded from the rule that failed, in plain words that carry no value sent."""

import json

import pytest
from test_contract_agreement import HEARD, mutations, validators
from test_native import CONTRACT, topic_of

from ihd.han.dialects.native import NativeDialect
from ihd.han.dialects.native_schema import _PATTERNS, SCHEMA_FOR, schema
from ihd.han.rejections import kind_of


def refusal(name, payload):
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    parsed = NativeDialect().parse(f"ihd/v1/{name}", raw)
    return parsed.rejections[0].reason if parsed.rejections else None


def test_every_topic_the_display_reads_has_its_schema():
    assert {topic_of(e) for e in HEARD} <= set(SCHEMA_FOR)
    assert all(schema(name)["$schema"].endswith("2020-12/schema") for name in set(SCHEMA_FOR.values()))


def test_every_number_but_an_id_is_bounded_both_ways():
    """Payloads are read with floats: 1e400 becomes infinity, and only a bound refuses it."""
    def unbounded(node, where):
        if isinstance(node, dict):
            kinds = node.get("type", [])
            numeric = {"number", "integer"} & set([kinds] if isinstance(kinds, str) else kinds)
            if numeric and not {"minimum", "maximum"} <= set(node) and not where.endswith("/id/oneOf"):
                yield where
            for key, child in node.items():
                yield from unbounded(child, f"{where}/{key}")
        elif isinstance(node, list):
            for child in node:
                yield from unbounded(child, where)

    assert [w for name in set(SCHEMA_FOR.values()) for w in unbounded(schema(name), name)] == []
    assert refusal("electricity/demand", b'{"ts": "2026-11-23T17:00:00Z", "watts": -1e400}') == \
        "'watts' is outside -100000 to 100000"


def test_every_pattern_but_a_times_has_words():
    def patterns(node):
        if isinstance(node, dict):
            if "pattern" in node and "\\d{4}" not in node["pattern"]:
                yield node["pattern"]
            for child in node.values():
                yield from patterns(child)
        elif isinstance(node, list):
            for child in node:
                yield from patterns(child)

    found = {p for name in set(SCHEMA_FOR.values()) for p in patterns(schema(name))}
    assert found == set(_PATTERNS)


@pytest.mark.parametrize(("ts", "reason"), [
    ("2026-02-30T17:00:00Z", "'ts' is not an ISO-8601 time"),  # the pattern fits; format: date-time does not
    ("2026-11-23T17:00:00", "'ts' has no time zone"),
    ("2026-11-23 17:00:00Z", "'ts' is not written as the contract asks, like 2026-12-02T17:00:00Z"),
    ("1970-01-01T00:00:00Z", "'ts' is not a plausible date"),  # beyond what a schema says
])
def test_times_are_refused_in_plain_words(ts, reason):
    payload = {"ts": ts, "watts": 5}
    assert refusal("electricity/demand", payload) == reason
    asserting, _annotating = validators("electricity/demand")
    assert asserting.is_valid(payload) is (ts.startswith("1970"))


def test_a_control_character_in_an_id_is_refused_by_schema_and_display():
    payload = {"id": "r\u00011", "result": "accepted"}
    asserting, annotating = validators("response/top-up")
    assert not asserting.is_valid(payload)
    assert not annotating.is_valid(payload)
    assert refusal("response/top-up", payload) == "'id' must be free of control characters"


def test_refusals_carry_no_value_sent_and_few_kinds():
    """The About screen counts refusals by kind; a value in a reason would make a kind of each."""
    kinds = set()
    for example in HEARD:
        name = topic_of(example)
        for _what, payload in mutations(json.loads(example.read_text())):
            text = json.dumps(payload).replace("1000000000000", "987654321987").replace('"x"', '"Qz9-distinct"')
            reason = refusal(name, json.loads(text))
            if reason is None:
                continue
            assert "987654321987" not in reason
            assert "Qz9" not in reason
            assert "breaks the contract's rule" not in reason, reason  # every rule met has words
            kinds.add(kind_of(reason))
    assert len(kinds) < 400


def test_the_schemas_are_read_from_where_they_are_written():
    assert schema("demand") == json.loads((CONTRACT / "schemas" / "demand.schema.json").read_text())
