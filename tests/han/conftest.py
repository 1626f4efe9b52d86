from pathlib import Path

import pytest

PAYLOADS = Path(__file__).parents[1] / "data" / "payloads"


@pytest.fixture
def glow_payload():
    def load(name: str) -> bytes:
        return (PAYLOADS / "glow" / f"{name}.json").read_bytes()

    return load
