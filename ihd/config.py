"""The configuration file: one TOML file, every key optional with a documented default.

Each key is declared once, as a dataclass field whose metadata holds its description and its
check; the loader, the validation messages and docs/configuration.md all come from that.
"""

from __future__ import annotations

import os
from dataclasses import MISSING, dataclass, field, fields, replace
from datetime import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from ihd import config_keys as check
from ihd.config_ahead import AheadSection, FeedsSection
from ihd.config_keys import ConfigError, key
from ihd.core.bands import Band
from ihd.core.carbon import CarbonFactors
from ihd.core.preferences import LANGUAGES
from ihd.core.profiles import PROFILES
from ihd.core.tariff import Tariff, TariffSource
from ihd.core.units import DisplayUnit, Fuel, GasConversion
from ihd.han.dialects import DIALECT_NAMES

SCREENS = ("home", "history", "ahead", "settings", "glance", "prepayment", "topup", "consent", "about")


@dataclass(frozen=True)
class BridgeSection:
    """How to reach the home's MQTT bridge."""

    broker: str = key("mqtt://localhost:1883", "Broker address; mqtts:// uses TLS.", check.broker)
    dialect: str = key("auto", "Bridge format: native (ihd/v1), glow (Hildebrand Glow local MQTT), "
                       "or auto to recognise either from its topics.", check.choice(*DIALECT_NAMES))
    native_prefix: str = key("ihd/v1", "Topic prefix of the native contract.", check.text)
    glow_prefix: str = key("glow", "Topic prefix set on the Glow device.", check.text)
    glow_device: str | None = key(None, "Follow only this Glow device id (the second topic level); by "
                                  "default the first to send a valid message, until another sends six in a row.",
                                  check.text)
    username: str | None = key(None, "Broker username.", check.text)
    password: str | None = key(None, "Broker password.", check.text)
    ca_file: Path | None = key(None, "CA certificate file for mqtts:// (the system's CAs if unset).", check.path)
    client_id: str | None = key(None, "MQTT client id; if unset, one made once and kept in the data folder. "
                                "Either way the broker keeps the display's session across restarts and "
                                "queues what it misses meanwhile.", check.text)
    clock_ahead_minutes: int = key(5, "Minutes a reading's own time may be ahead of this display's clock "
                                   "(a bridge's clock running fast); readings further ahead are refused.",
                                   check.whole(1, 120))


@dataclass(frozen=True)
class DisplaySection:
    """What the household sees."""

    unit: str = key("money", "Unit of every figure at start: energy (kWh), money (pounds and pence) "
                    "or carbon (kg CO2e).", check.choice(*(u.value for u in DisplayUnit)))
    profile: str = key("standard", "Display profile at first start (the settings screen changes it).",
                       check.choice(*PROFILES))
    language: str = key("en_GB", "Language at first start (the settings screen changes it): "
                        "en_GB, cy, pl or ur.", check.choice(*LANGUAGES))
    timezone: str = key("Europe/London", "Time zone of the household's day.", check.timezone)
    screen: str = key("home", "Screen shown at start.", check.choice(*SCREENS))
    night_start: str = key("23:00", "When the screen dims for the night.", check.clock_or_off)
    night_end: str = key("06:30", "When it brightens again.", check.clock_or_off)
    night_brightness: int = key(20, "Backlight at night, percent of full, where the screen's backlight "
                                "can be set (a Raspberry Pi panel); 0 turns the screen off at night, and a "
                                "touch lights it for a minute.", check.whole(0, 100))


@dataclass(frozen=True)
class GasSection:
    """Gas, if the home has it."""

    enabled: bool = key(True, "Show gas. Set false in a home without gas: the gas panel is hidden.", check.yes_no)
    calorific_value: Decimal = key(Decimal("39.5"), "Calorific value in MJ/m3, from your gas bill.",
                                   check.number("30", "50", " (MJ/m3)"))
    correction_factor: Decimal = key(Decimal("1.02264"), "Volume correction factor, from your gas bill.",
                                     check.number("0.9", "1.1"))


def _bands(value: Any) -> tuple[Band, ...]:
    form = 'a list of bands, each {start = "00:30", end = "05:30", rate_p_per_kwh = 8.5, name = "cheap"}'
    if not isinstance(value, list):
        raise ValueError(form)
    rate = check.number("-1000", "1000", " (pence)")
    bands = []
    for item in value:
        if not isinstance(item, dict) or not {"start", "end", "rate_p_per_kwh"} <= set(item) \
                or not set(item) <= {"start", "end", "rate_p_per_kwh", "name"}:
            raise ValueError(form)
        try:
            start, end = (time.fromisoformat(str(item[k])) for k in ("start", "end"))
        except ValueError:
            raise ValueError(form + "; times as HH:MM") from None
        if start.minute % 30 or end.minute % 30:
            raise ValueError(form + "; GB bands start and end on the hour or half hour")
        bands.append(Band(start, end, rate(item["rate_p_per_kwh"]), str(item.get("name", ""))))
    return tuple(bands)


_bands.form = 'a list of {start = "HH:MM", end = "HH:MM", rate_p_per_kwh = N, name = "..."}'  # type: ignore


@dataclass(frozen=True)
class TariffTable:
    """One fuel's tariff as the config file sets it; `tariff()` makes it a Tariff once it has a unit rate."""

    unit_rate_p_per_kwh: Decimal | None = key(None, "Unit rate in pence per kWh (outside any band).",
                                              check.number("-1000", "1000", " (pence)"))
    standing_charge_p_per_day: Decimal = key(Decimal(0), "Standing charge in pence per day.",
                                             check.number("0", "1000", " (pence)"))
    vat_included: bool = key(True, "Whether the rates include VAT.", check.yes_no)
    bands: tuple[Band, ...] = key((), "Time-of-use bands at their own rates (Economy 7's night, Go's "
                                  "overnight window, Cosy's bands and peak); see below.", _bands)
    bands_in_gmt: bool = key(False, "Band times are GMT all year (many Economy 7 meters), so they move "
                             "an hour later in summer.", check.yes_no)
    export_rate_p_per_kwh: Decimal | None = key(None, "Export rate in pence per kWh.",
                                                check.number("-1000", "1000", " (pence)"))

    def tariff(self) -> Tariff | None:
        if self.unit_rate_p_per_kwh is None:
            return None
        return Tariff(self.unit_rate_p_per_kwh, self.standing_charge_p_per_day, self.vat_included,
                      TariffSource.CONFIG, bands=self.bands, bands_in_gmt=self.bands_in_gmt,
                      export_rate_p=self.export_rate_p_per_kwh)


@dataclass(frozen=True)
class TariffSection:
    """Tariffs used until the bridge sends one (the bridge's tariff wins)."""

    vat_rate: Decimal = key(Decimal("0.05"), "VAT added to rates that exclude it (0.05 is 5%).",
                            check.number("0", "0.5"))
    electricity: TariffTable = field(default_factory=TariffTable, metadata={"doc": "Electricity tariff."})
    gas: TariffTable = field(default_factory=TariffTable, metadata={"doc": "Gas tariff."})


@dataclass(frozen=True)
class CarbonSection:
    """Carbon factors in kg CO2e per kWh. Defaults: UK Government GHG conversion factors 2025
    (DESNZ): UK electricity generation 0.177, natural gas (gross CV) 0.18296."""

    electricity_kg_per_kwh: Decimal = key(Decimal("0.177"), "Electricity, kg CO2e per kWh.",
                                          check.number("0", "2"))
    gas_kg_per_kwh: Decimal = key(Decimal("0.18296"), "Natural gas, kg CO2e per kWh.", check.number("0", "2"))
    source: str = key("DESNZ GHG conversion factors 2025", "Where the factors come from.", check.text)
    postcode_district: str = key("", "The first half of the home's postcode, for the local grid's carbon "
                                 "intensity; sent to the bridge only if the household allows carbon look-ups.",
                                 check.postcode_district)


@dataclass(frozen=True)
class SpeechSection:
    """The talking display."""

    engine: str = key("speechd", 'How the display speaks: "speechd" through speech-dispatcher (its spd-say), '
                      '"none" not at all, "mock" silently (for tests).', check.choice("speechd", "none", "mock"))
    speak_changes: bool = key(False, "Speak changes by default (the settings screen changes it).", check.yes_no)


@dataclass(frozen=True)
class AmbientSection:
    """Colour feedback: a level (low, medium, high) with its word and shape. The household can
    change these on the settings screen; these are the defaults."""

    mode: str = key("absolute", "How the level is judged: absolute (kW thresholds), relative (against "
                    "your own usual use at this time of the week), meter (the meter's own indicator), "
                    "tariff (cheap, normal or peak now), or carbon (the grid's carbon now, from its forecast).",
                    check.choice("absolute", "relative", "meter", "tariff", "carbon"))
    fuel: str = key("electricity", "Which use: electricity, gas, or both together.",
                    check.choice("electricity", "gas", "both"))
    medium_kw: Decimal = key(Decimal("2.0"), "Electricity use at which the level turns medium, kW.",
                             check.number("0.1", "50", " (kW)"))
    high_kw: Decimal = key(Decimal("4.0"), "Electricity use at which the level turns high, kW.",
                           check.number("0.2", "100", " (kW)"))
    gas_medium_kw: Decimal = key(Decimal("6.0"), "Gas use at which the level turns medium, kW.",
                                 check.number("0.1", "100", " (kW)"))
    gas_high_kw: Decimal = key(Decimal("15.0"), "Gas use at which the level turns high, kW.",
                               check.number("0.2", "100", " (kW)"))
    warmth_safe: bool = key(True, "Heating on a cold day is never shown as high.", check.yes_no)
    cold_below_c: Decimal = key(Decimal("14"), "Outdoors colder than this (from the bridge) counts as cold; "
                                "with no thermometer, October to April does.", check.number("-20", "30", " (C)"))
    gentle_words: bool = key(False, 'Softer words: "Using little", "Using some", "Using more".', check.yes_no)
    glance_after_minutes: int = key(5, "Minutes without a touch before the screen becomes the lamp "
                                    "(0: only when the level is tapped).", check.whole(0, 240))


def _day_of_month(value: Any) -> int:
    if type(value) is not int or not 1 <= value <= 31:
        raise ValueError("a whole number from 1 to 31")
    return value


_day_of_month.form = "a whole number from 1 to 31"  # type: ignore[attr-defined]


@dataclass(frozen=True)
class HistorySection:
    """The history screen."""

    billing_day: int = key(1, "Day of the month your bill starts, for the billing-period view (a day "
                           "past a month's end means its last day).", _day_of_month)


@dataclass(frozen=True)
class ConsentSection:
    """Sharing beyond the home; nothing is shared until the household switches it on, on screen."""

    third_party_name: str = key("", "The one outside service the household may choose to share half-hourly "
                                "use with (for example an energy-advice charity); \"\" for none.",
                                check.name_or_none)
    alerts_through: str = key("", "The organisation that passes on \"Tell someone I trust\" messages to the "
                              "person the household names (the centre this display's broker bridges to); \"\" "
                              "for none: the choice is then not offered.", check.name_or_none)


@dataclass(frozen=True)
class Config:
    """The whole configuration: a section for each table of the file, and the folder the data is kept in."""

    bridge: BridgeSection = field(default_factory=BridgeSection)
    display: DisplaySection = field(default_factory=DisplaySection)
    gas: GasSection = field(default_factory=GasSection)
    tariff: TariffSection = field(default_factory=TariffSection)
    carbon: CarbonSection = field(default_factory=CarbonSection)
    speech: SpeechSection = field(default_factory=SpeechSection)
    history: HistorySection = field(default_factory=HistorySection)
    ambient: AmbientSection = field(default_factory=AmbientSection)
    consent: ConsentSection = field(default_factory=ConsentSection)
    ahead: AheadSection = field(default_factory=AheadSection)
    feeds: FeedsSection = field(default_factory=FeedsSection)
    data_dir: Path = field(default_factory=lambda: default_data_dir())

    def gas_conversion(self) -> GasConversion:
        return GasConversion(self.gas.calorific_value, self.gas.correction_factor)

    def carbon_factors(self) -> CarbonFactors:
        c = self.carbon
        return CarbonFactors(c.electricity_kg_per_kwh, c.gas_kg_per_kwh, c.source)

    def tariffs(self) -> dict[Fuel, Tariff]:
        found = {Fuel.ELECTRICITY: self.tariff.electricity.tariff(), Fuel.GAS: self.tariff.gas.tariff()}
        return {fuel: t for fuel, t in found.items() if t is not None}


SECTIONS = ("bridge", "display", "gas", "tariff", "carbon", "speech", "history", "ambient", "consent", "ahead",
            "feeds")


def default_config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "ihd" / "config.toml"


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "ihd"


def load_config(path: Path | None) -> Config:
    """Read the file at `path` (or the default path if it exists); raises ConfigError."""
    if path is None:
        path = default_config_path()
        if not path.exists():
            return Config()
    import tomllib  # only for a file: a display started without one goes without it

    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"config file {path} cannot be read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"config file {path} is not valid TOML: {error}") from None
    return parse_config(raw)


def config_warnings(path: Path | None, config: Config) -> list[str]:
    """What is unwise but not wrong in the config file, said once at start (in the log and on the
    About screen)."""
    if path is None:
        path = default_config_path()
    try:
        mode = path.stat().st_mode
    except OSError:
        return []
    if config.bridge.password and mode & 0o004:
        return [f"{path} holds the broker password and anyone on this machine can read it; "
                f"make it private: chmod 640 {path}"]
    return []


def parse_config(raw: dict[str, Any]) -> Config:
    unknown = sorted(set(raw) - set(SECTIONS))
    if unknown:
        raise ConfigError(f"unknown section [{unknown[0]}]; expected one of " + ", ".join(SECTIONS))
    config = Config()
    return replace(config, **{name: _section(getattr(config, name), raw[name], name) for name in raw})


def _section(default: Any, raw: Any, where: str) -> Any:
    if not isinstance(raw, dict):
        raise ConfigError(f"'{where}' must be a table, written [{where}]")
    known = {f.name: f for f in fields(default)}
    values = {}
    for name, value in raw.items():
        spec = known.get(name)
        if spec is None:
            raise ConfigError(f"unknown key '{where}.{name}'; expected one of " + ", ".join(known))
        if "check" not in spec.metadata:  # a nested table such as [tariff.electricity]
            values[name] = _section(getattr(default, name), value, f"{where}.{name}")
            continue
        try:
            values[name] = spec.metadata["check"](value)
        except ValueError as error:
            shown = "a value not shown here" if "password" in name else repr(value)  # the journal is not for secrets
            raise ConfigError(f"'{where}.{name}' must be {error}; got {shown}") from None
    return replace(default, **values)


def describe() -> list[tuple[str, str, str, str]]:
    """(key, default, expected form, description) for every key, for the docs."""
    rows: list[tuple[str, str, str, str]] = []

    def walk(cls: type, prefix: str) -> None:
        for f in fields(cls):
            if "check" in f.metadata:
                default = "" if f.default is MISSING or f.default is None else repr_toml(f.default)
                form = getattr(f.metadata["check"], "form", "")
                rows.append((f"{prefix}.{f.name}", default, form, f.metadata["doc"]))
            elif f.name != "data_dir":
                walk(f.default_factory, f"{prefix}.{f.name}" if prefix else f.name)  # type: ignore[misc,arg-type]

    walk(Config, "")
    return rows


def markdown_table() -> str:
    """The key reference in docs/configuration.md (a test keeps the two in step)."""
    lines = ["| key | default | expected | meaning |", "|---|---|---|---|"]
    for name, default, form, doc in describe():
        lines.append(f"| `{name}` | `{default}` | {form} | {doc} |" if default else
                     f"| `{name}` | (unset) | {form} | {doc} |")
    return "\n".join(lines)


def repr_toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int):
        return str(value)
    if value == ():
        return "[]"
    return f'"{value}"'


_DOC_START = "<!-- generated by: python -m ihd.config docs/configuration.md -->"
_DOC_END = "<!-- end of generated table -->"


def _rewrite_doc(path: Path) -> None:
    """Put the current key table between the markers in the configuration doc."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(_DOC_START, 1)
    _, tail = rest.split(_DOC_END, 1)
    path.write_text(f"{head}{_DOC_START}\n{markdown_table()}\n{_DOC_END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    import sys

    _rewrite_doc(Path(sys.argv[1]))
