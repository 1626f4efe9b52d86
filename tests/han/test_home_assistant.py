"""Home Assistant discovery as built: safe ids, one config per figure, figures as JSON."""

import json

from ihd.han import home_assistant as ha


def test_node_ids_are_safe_in_topics_and_ids():
    assert ha.node_id("Kitchen-Pi.local") == "kitchen_pi_local"
    assert ha.node_id("###") == "display"


def test_discovery_names_each_figure_once_with_its_unit_and_removal_matches_it():
    found = ha.discovery("pi", "ihd/v1", "1.2.3")
    topics = [topic for topic, _ in found]
    assert topics == [f"homeassistant/sensor/ihd/pi_{s.key}/config" for s in ha.SENSORS]
    level = json.loads(dict(found)["homeassistant/sensor/ihd/pi_level/config"])
    assert "unit_of_measurement" not in level  # words, not a quantity
    assert level["device"]["sw_version"] == "1.2.3"
    assert [topic for topic, payload in ha.removal("pi")] == topics
    assert all(payload == b"" for _, payload in ha.removal("pi"))


def test_figures_are_rounded_and_unknowns_are_null():
    figures = ha.Figures(power_kw=1.23456, energy_today_kwh=None, cost_today_gbp=1.5,
                         cost_today_since="2026-12-02T00:00:00+00:00", gas_today_kwh=None,
                         unit_rate_gbp_per_kwh=0.245678, electricity_import_kwh=12345.6789,
                         electricity_export_kwh=None, gas_import_kwh=None, gas_import_m3=None, level="high",
                         credit_gbp=None)
    assert json.loads(ha.state(figures)) == {"contract": "ihd/v1", "power_kw": 1.235, "energy_today_kwh": None,
                                             "cost_today_gbp": 1.5,
                                             "cost_today_since": "2026-12-02T00:00:00+00:00",
                                             "gas_today_kwh": None, "unit_rate_gbp_per_kwh": 0.2457,
                                             "electricity_import_kwh": 12345.679, "electricity_export_kwh": None,
                                             "gas_import_kwh": None, "gas_import_m3": None,
                                             "level": "high", "credit_gbp": None}


def test_the_cost_today_is_a_total_with_a_last_reset_and_the_price_is_per_kwh():
    configs = {json.loads(p)["unique_id"]: json.loads(p) for _t, p in ha.discovery("pi", "ihd/v1", "1.2.3")}
    cost = configs["ihd_pi_cost_today_gbp"]
    assert (cost["device_class"], cost["state_class"], cost["unit_of_measurement"]) == ("monetary", "total", "GBP")
    assert cost["last_reset_value_template"] == "{{ value_json.cost_today_since }}"
    price = configs["ihd_pi_unit_rate_gbp_per_kwh"]
    assert price["unit_of_measurement"] == "GBP/kWh"
    assert "state_class" not in price  # a rate, not a total
    assert "device_class" not in price


def test_discovery_names_the_entity_for_every_release_and_says_where_it_came_from():
    for _topic, payload in ha.discovery("pi", "ihd/v1", "1.2.3"):
        config = json.loads(payload)
        assert config["default_entity_id"] == f"sensor.{config['unique_id']}"
        assert config["object_id"] == config["unique_id"]  # Home Assistant before 2025.10
        assert config["origin"] == {"name": "ihd", "sw_version": "1.2.3"}


def test_the_energy_dashboard_gets_the_meters_own_registers():
    configs = {json.loads(p)["unique_id"]: json.loads(p) for _t, p in ha.discovery("pi", "ihd/v1", "1.2.3")}
    for key, unit, device_class in (("electricity_import_kwh", "kWh", "energy"),
                                    ("electricity_export_kwh", "kWh", "energy"),
                                    ("gas_import_kwh", "kWh", "energy"), ("gas_import_m3", "m³", "gas")):
        config = configs[f"ihd_pi_{key}"]
        assert (config["unit_of_measurement"], config["device_class"], config["state_class"]) == \
            (unit, device_class, "total_increasing")
        assert config["value_template"] == f"{{{{ value_json.{key} }}}}"
        assert key in ha.Figures.__dataclass_fields__
