"""The support service's program runs once for each new alert, with it on standard input; one that
fails or hangs is logged and holds nothing up."""

import json
import sys
from datetime import UTC, datetime
from decimal import Decimal

from ihd.collect import hook as h
from ihd.collect.records import TrustedAlert

AT = datetime(2026, 12, 3, 18, 2, tzinfo=UTC)


def test_the_program_gets_the_alert_as_json(tmp_path):
    out = tmp_path / "told.json"
    keep = f"import sys, pathlib; pathlib.Path(r'{out}').write_bytes(sys.stdin.buffer.read())"
    program = f'{sys.executable} -c "{keep}"'
    h.AlertHook(program)(TrustedAlert("K7QM-2XD4-P9RT", "gas", "supply-off", AT, "Sam", "carer", Decimal("-12.5")),
                         "home-0042").join(10)
    assert json.loads(out.read_text()) == {
        "home": "K7QM-2XD4-P9RT", "fuel": "gas", "condition": "supply-off", "at": "2026-12-03T18:02:00+00:00",
        "person": {"name": "Sam", "helper": "carer"}, "credit_p": "-12.5", "link": "home-0042"}


def test_a_failing_or_missing_program_is_logged(tmp_path, caplog, monkeypatch):
    alert = TrustedAlert("K7QM-2XD4-P9RT", "gas", "credit-low", AT, "Sam", "carer", None)
    h.AlertHook(f"{sys.executable} -c \"import sys; sys.exit('no signal')\"")(alert, "l").join(10)
    h.AlertHook(str(tmp_path / "not-there"))(alert, "l").join(10)
    monkeypatch.setattr(h, "TIMEOUT_S", 0.2)
    h.AlertHook(f"{sys.executable} -c \"import time; time.sleep(5)\"")(alert, "l").join(10)
    said = [r.getMessage() for r in caplog.records]
    assert any("failed (exit 1): no signal" in line for line in said)
    assert sum("did not run to the end" in line for line in said) == 2
