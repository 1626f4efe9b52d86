"""Whatever arrives, a dialect answers with readings or reasons; it never raises."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from ihd.han.dialects import make_dialect

TOPICS = st.sampled_from([
    "ihd/v1/electricity/demand", "ihd/v1/electricity/import", "ihd/v1/gas/import",
    "ihd/v1/electricity/tariff", "ihd/v1/status", "ihd/v1/capabilities", "ihd/v1/nope",
    "ihd/v1/electricity/prepayment", "ihd/v1/gas/top-ups", "ihd/v1/messages", "ihd/v1/proposals",
    "ihd/v1/response/top-up",
    "glow/A/STATE", "glow/A/SENSOR/electricitymeter", "glow/A/SENSOR/gasmeter", "other/x",
])
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["ts", "watts", "value", "unit", "timestamp", "energy", "import", "power",
                         "cumulative", "price", "unitrate", "electricitymeter", "gasmeter", "state",
                         "mode", "credit_p", "emergency_credit", "debts", "top_ups", "messages", "proposals",
                         "id", "result", "amount_p", "text"]),
        children, max_size=5),
    max_leaves=20,
)


@settings(max_examples=400)
@given(TOPICS, st.binary(max_size=300))
def test_any_bytes_are_answered(topic, payload):
    parsed = make_dialect("auto").parse(topic, payload)
    assert parsed.readings or parsed.rejections
    assert all(r.reason for r in parsed.rejections)


@settings(max_examples=400)
@given(TOPICS, JSONISH)
def test_any_json_is_answered(topic, value):
    parsed = make_dialect("auto").parse(topic, json.dumps(value).encode())
    assert parsed.readings or parsed.rejections
    assert all(r.reason for r in parsed.rejections)
