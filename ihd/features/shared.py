"""What every feature may use: the clock, the home's time zone, settings and identity, the words
and look in force, the screens, the history for reading, the writer thread, and the few events that concern
them all (a new language, a new look, the guest view, the new-occupier wipe).

Features never hold each other; the composition root hands each one this and the few other
features' functions it uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from ihd.config import Config
from ihd.core.clock import Clock
from ihd.i18n import I18n
from ihd.store.writer import Writer

if TYPE_CHECKING:
    from ihd.store.history_reader import HistoryReader
    from ihd.ui.theme import Theme
    from ihd.ui.window import MainWindow

Post = Callable[[Callable[[], None]], None]
# to the broker: topic, payload, QoS, retained; may return whether the broker has acknowledged it yet
Publish = Callable[[str, bytes, int, bool], "Published | None"]  # None: no broker to acknowledge it


class Published(Protocol):
    """What the broker's client says of a message it was given (paho's MQTTMessageInfo)."""

    def is_published(self) -> bool: ...


class Event:
    """A plain-Python signal: listeners are called in the order they connected."""

    def __init__(self) -> None:
        self._listeners: list[Callable[..., object]] = []

    def connect(self, listener: Callable[..., object]) -> None:
        self._listeners.append(listener)

    def emit(self, *args: object) -> None:
        for listener in list(self._listeners):
            listener(*args)


@dataclass(eq=False)
class Shared:
    """What every feature may use, handed to each by the composition root."""

    config: Config
    clock: Clock
    tz: ZoneInfo
    i18n: I18n
    theme: Theme
    window: MainWindow
    writer: Writer
    post: Post  # run on the GUI thread, from any thread
    history_path: Path
    demo: bool = False
    retranslated: Event = field(default_factory=Event)  # after `i18n` changed
    themed: Event = field(default_factory=Event)  # after `theme` changed
    guest_changed: Event = field(default_factory=Event)
    wiped: Event = field(default_factory=Event)  # the new-occupier wipe: each feature starts again
    _reader: HistoryReader | None = None
    _confirm_return: str = "home"
    _home_id: str | None = None

    def __post_init__(self) -> None:
        self.window.add_screen("confirm", self._build_confirm)

    @property
    def data_dir(self) -> Path:
        return self.config.data_dir

    @property
    def home_id(self) -> str:
        """The home's pseudonymous identity (ihd.store.home_id), read or made when first wanted."""
        if self._home_id is None:
            from ihd.store.home_id import home_id

            self._home_id = home_id(self.data_dir)
        return self._home_id

    def new_home(self) -> str:
        """The new-occupier wipe: a new identity, in force now; the wipe's job keeps it on disk."""
        from ihd.store.home_id import make

        self._home_id = make()
        return self._home_id

    # -- the screens

    def show(self, name: str) -> None:
        self.window.show_screen(name)

    @property
    def current(self) -> str:
        return self.window.current

    def ask(self, return_to: str, title: str, text: str, yes: str, no: str, act: Callable[[], None],
            note: str = "") -> None:
        """A full-screen yes or no before something is done; either answer goes back to `return_to`."""
        self._confirm_return = return_to
        self.window.screen("confirm").ask(title, text, yes, no, act, note)  # type: ignore[attr-defined]
        self.show("confirm")

    def _build_confirm(self) -> object:
        from ihd.ui.screens.confirm import ConfirmScreen

        screen = ConfirmScreen()
        screen.answered.connect(lambda _yes: self.show(self._confirm_return))
        return screen

    # -- the look and the words

    def set_theme(self, theme: Theme) -> None:
        from PySide6.QtWidgets import QApplication

        from ihd.ui.theme import apply_theme

        self.theme = theme
        apply_theme(QApplication.instance(), theme)  # type: ignore[arg-type]
        self.themed.emit(theme)

    def set_language(self, i18n: I18n) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        self.i18n = i18n
        rtl = Qt.LayoutDirection.RightToLeft if i18n.rtl else Qt.LayoutDirection.LeftToRight
        QApplication.setLayoutDirection(rtl)
        self.window.setWindowTitle(i18n._("Home energy display"))
        self.window.name_scroll_bars(i18n._("Scroll up or down"))
        self.retranslated.emit(i18n)

    # -- the history, for reading on the GUI thread

    def reader(self) -> HistoryReader:
        """Opened when first wanted."""
        if self._reader is None:
            from ihd.store.history_reader import HistoryReader

            self._reader = HistoryReader(self.history_path, self.tz)
        return self._reader

    def close_reader(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def save(self, what: str, job: Callable[[], None], failed: Callable[[str], None]) -> None:
        """`job` on the writer thread; `failed` with the reason, back on the GUI thread."""
        self.writer.submit(what, job, lambda reason: self.post(lambda: failed(reason)))


