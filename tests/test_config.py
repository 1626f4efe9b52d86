from decimal import Decimal
from pathlib import Path

import pytest

from ihd.config import ConfigError, describe, load_config, markdown_table, parse_config
from ihd.core.tariff import TariffSource
from ihd.core.units import Fuel

DOC = Path(__file__).parents[1] / "docs" / "configuration.md"


def test_empty_file_gives_every_default(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("")
    config = load_config(path)
    assert config.bridge.broker == "mqtt://localhost:1883"
    assert config.gas.calorific_value == Decimal("39.5")
    assert config.carbon.electricity_kg_per_kwh == Decimal("0.177")
    assert config.tariffs() == {}


def test_tariffs_from_the_file():
    config = parse_config({"tariff": {"electricity": {"unit_rate_p_per_kwh": 24.67,
                                                      "standing_charge_p_per_day": 57.21,
                                                      "vat_included": False}}})
    tariff = config.tariffs()[Fuel.ELECTRICITY]
    assert tariff.unit_rate_p == Decimal("24.67")  # not a binary float
    assert tariff.source is TariffSource.CONFIG
    assert Fuel.GAS not in config.tariffs()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"gas": {"calorific_value": 99}}, "'gas.calorific_value' must be a number from 30 to 50"),
        ({"gas": {"enabled": "no"}}, "'gas.enabled' must be true or false"),
        ({"bridge": {"broker": "tcp://x"}}, "'bridge.broker' must be \"mqtt://host:port\""),
        ({"bridge": {"dialect": "zigbee"}}, "'bridge.dialect' must be one of"),
        ({"display": {"timezone": "Mars/Base"}}, "'display.timezone' must be an IANA time zone"),
        ({"display": {"language": "xx_QQ"}}, "'display.language' must be one of"),
        ({"tariff": {"gas": {"unit_rate_p_per_kwh": "cheap"}}}, "'tariff.gas.unit_rate_p_per_kwh'"),
        ({"tariff": {"water": {}}}, "unknown key 'tariff.water'"),
        ({"colours": {}}, "unknown section [colours]"),
        ({"gas": 5}, "'gas' must be a table"),
    ],
)
def test_bad_values_name_the_key_and_the_form(raw, message):
    with pytest.raises(ConfigError) as error:
        parse_config(raw)
    assert message in str(error.value)


def test_bad_toml_says_so(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[gas\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)


def test_every_key_is_documented_and_the_doc_is_current():
    text = DOC.read_text()
    assert markdown_table() in text, "regenerate the table in docs/configuration.md"
    assert len(describe()) > 20


@pytest.mark.parametrize("text", ["password = 40917235", "password = true", "password = [\"hunter2\"]",
                                  "password = hunter2", "password = \"hunter2"])
def test_a_config_error_never_shows_a_password(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(f"[bridge]\nusername = \"ihd-display\"\n{text}\n")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert "password" in str(error.value) or "TOML" in str(error.value)
    for secret in ("40917235", "hunter2"):
        assert secret not in str(error.value)
