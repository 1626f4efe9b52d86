"""The parts below the features, made from the config and the command line: the household's default
choices, the history file, prices, the live model, the dialect and the data source (the broker, or
the simulated home of --demo). The composition root builds them with these."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ihd.config import Config
from ihd.core.clock import Clock
from ihd.core.link import Link
from ihd.core.live import LiveModel
from ihd.core.preferences import Preferences
from ihd.core.pricing import Pricer
from ihd.han.dialects import Dialect, make_dialect
from ihd.options import Options

if TYPE_CHECKING:
    from ihd.han.demo import DemoSource
    from ihd.han.transport import BatchHandler, MqttTransport
    from ihd.store.service import HistoryService

Receive = Callable[[str, bytes, bool], None]


def default_choices(cfg: Config) -> Preferences:
    """The household's choices before it has made any: the config file's."""
    amb = cfg.ambient
    return Preferences(profile=cfg.display.profile, language=cfg.display.language, unit=cfg.display.unit,
                       speak_changes=cfg.speech.speak_changes, ambient_mode=amb.mode, ambient_fuel=amb.fuel,
                       medium_kw=float(amb.medium_kw), high_kw=float(amb.high_kw), warmth_safe=amb.warmth_safe,
                       gentle_words=amb.gentle_words)


def history_file(options: Options) -> Path:
    """Each demo home keeps its own history, priced on its own tariff, apart from the household's."""
    name = f"demo-{options.demo_home}-history.sqlite3" if options.demo else "history.sqlite3"
    return options.config.data_dir / name


def pricing(cfg: Config, tz: ZoneInfo) -> Callable[[], Pricer]:
    """A new pricer each time: each thread gets its own (the GUI's for the live figures, the
    writer's for the history), built from the same config and fed the same readings."""
    return lambda: Pricer(tz, cfg.tariff.vat_rate, cfg.tariffs(), cfg.carbon_factors())


def live_models(cfg: Config, clock: Clock, tz: ZoneInfo, pricer: Callable[[], Pricer]) -> Callable[[], LiveModel]:
    return lambda: LiveModel(clock, tz, pricer(), gas=cfg.gas_conversion(),
                             ahead=timedelta(minutes=cfg.bridge.clock_ahead_minutes))


def dialect(options: Options) -> Dialect:
    bridge = options.config.bridge
    return make_dialect("native" if options.demo else bridge.dialect, native_prefix=bridge.native_prefix,
                        glow_prefix=bridge.glow_prefix, glow_device=bridge.glow_device)


def demo_source(options: Options, clock: Clock, receive: Receive) -> DemoSource:
    from ihd.han.demo import DemoSource, demo_meter

    tariff = "cosy" if options.demo_home == "time-of-use" else "single"
    return DemoSource(clock, receive, tariff=tariff,
                      meter=demo_meter() if options.demo_home == "prepayment" else None)


def seed_demo(store: HistoryService, demo: DemoSource | None, live: LiveModel, clock: Clock, tz: ZoneInfo) -> None:
    """The demo's thirteen months of history (if the file has none), and the last hour's line as
    a household that had the display running would see it."""
    from ihd.han.demo import demo_year

    today = clock.now().astimezone(tz).date()
    store.seed_if_empty(lambda: demo_year(tz, today))
    if demo is not None:
        for at, watts in demo.last_hour():
            live.recall_demand(at, watts)


def broker_source(options: Options, subscriptions: list[str], receive: BatchHandler,
                  on_link: Callable[[Link], None]) -> MqttTransport:
    # imported only when used: the demo needs no MQTT client
    from ihd.han.address import BrokerAddress
    from ihd.han.home_assistant import last_will
    from ihd.han.transport import Credentials, MqttTransport
    from ihd.store.identity import client_id

    bridge = options.config.bridge
    return MqttTransport(
        BrokerAddress.parse(bridge.broker), subscriptions, receive, on_link,
        Credentials(bridge.username, bridge.password, bridge.ca_file,
                    bridge.client_id or client_id(options.config.data_dir), persistent=True),
        will=last_will(bridge.native_prefix))
