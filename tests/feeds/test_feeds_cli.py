"""`ihd-feeds` at the command line: off until enabled, and a bad [feeds] section stopped with one
line that names the key."""

import pytest

from ihd.feeds.cli import main


def run(tmp_path, capsys, text: str) -> tuple[int, str, str]:
    path = tmp_path / "config.toml"
    path.write_text(text)
    code = main(["--config", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def test_it_is_off_until_enabled(tmp_path, capsys):
    code, out, err = run(tmp_path, capsys, '[feeds]\ntariff_code = "E-1R-AGILE-24-10-01-C"\n')
    assert code == 0
    assert out.startswith("ihd-feeds: off: set enabled = true in the [feeds] section of")
    assert err == ""


@pytest.mark.parametrize(("section", "complaint"), [
    ('tariff_code = "AGILE-24-10-01"', "'feeds.tariff_code' must be an electricity tariff code such as"),
    ('tariff_code = "E-1R-AGILE-24-10-01-I"', "'feeds.tariff_code' must be"),  # no region I
    ('prices_url = "ftp://example.org"', "'feeds.prices_url' must be an address such as"),
    ('carbon_url = "https://example.org/?key=1"', "'feeds.carbon_url' must be an address such as"),
    ('refresh_minutes = 1', "'feeds.refresh_minutes' must be a whole number from 5 to 360"),
    ('carbon = "local"', "'feeds.carbon' must be one of"),
    ('tomorrow_prices_at = "teatime"', "'feeds.tomorrow_prices_at' must be a time as"),
    ('tariff_code = "E-1R-GO-VAR-22-10-14-A"\nproduct = "AGILE-24-10-01"',
     "'feeds.product' 'AGILE-24-10-01' is not the product of 'feeds.tariff_code'"),
    ('carbon = "off"', "nothing to fetch"),
    ('postcode = "EH12 6AB"', "unknown key 'feeds.postcode'"),
])
def test_a_bad_feeds_section_stops_with_one_line_and_status_2(tmp_path, capsys, section, complaint):
    code, out, err = run(tmp_path, capsys, f"[feeds]\nenabled = true\n{section}\n")
    assert code == 2
    assert err.startswith("ihd-feeds: ")
    assert complaint in err
    assert err.count("\n") == 1
    assert out == ""
