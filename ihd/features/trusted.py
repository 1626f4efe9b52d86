"""Tell someone I trust: the household names a person on its own screen; while the category is on,
each start of low credit, emergency credit, a supply off and its coming back goes to the broker
(and over the centre's bridge to the organisation that passes it on), once, until acknowledged.

The watch follows the meter all along, so the state the household is in when it says yes, or when
the display restarts, is not news; what was noticed while the broker was away goes when it is back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from ihd.core.consent import Category, ConsentState
from ihd.core.trusted import Helper, TrustedAlert, TrustedPerson
from ihd.features.shared import Publish, Published, Shared
from ihd.han.dialects import native_share
from ihd.store.trusted import load_trusted, save_trusted

if TYPE_CHECKING:
    from ihd.core.live import LiveSnapshot

log = logging.getLogger("ihd")


class Trusted:
    def __init__(self, shared: Shared, publish: Publish, consent: Callable[[], ConsentState | None],
                 snapshot: Callable[[], LiveSnapshot]) -> None:
        """`consent` the household's choices once read (None before); `snapshot` the live figures."""
        self.s = shared
        self._publish, self._consent, self._snapshot = publish, consent, snapshot
        self.person, self.watch = load_trusted(shared.data_dir)
        self._connected = False
        self._in_flight: list[tuple[TrustedAlert, Published | None]] = []
        self._then: Callable[[TrustedPerson], None] | None = None
        shared.window.add_screen("trusted", self._build)
        shared.retranslated.connect(lambda _i18n: self._retranslate())
        shared.wiped.connect(self.reset)

    @property
    def screen(self):  # type: ignore[no-untyped-def]
        return self.s.window.screen("trusted")

    def _build(self) -> object:
        from ihd.ui.screens.trusted import TrustedScreen

        screen = TrustedScreen()
        screen.back.connect(lambda: self.s.show("consent"))
        screen.chosen.connect(self._chosen)
        screen.retranslate(self.s.i18n, self.s.i18n.language)
        return screen

    def _retranslate(self) -> None:
        if (screen := self.s.window.built("trusted")) is not None:
            screen.retranslate(self.s.i18n, self.s.i18n.language)  # type: ignore[attr-defined]

    # -- naming the person

    def ask_who(self, then: Callable[[TrustedPerson], None]) -> None:
        """The household names the person; `then` is given them (nothing is kept until it agrees)."""
        self._then = then
        self.screen.start(self.person.name if self.person is not None else "")
        self.s.show("trusted")

    def _chosen(self, name: str, helper: str, balance: bool) -> None:
        then, self._then = self._then, None
        if then is not None and name:
            then(TrustedPerson(name, Helper(helper), balance))

    def keep(self, person: TrustedPerson) -> None:
        """Agreed: from now on, this person is told."""
        self.person = person
        self._save()

    def reset(self) -> None:
        """The new-occupier wipe took the file: no one is named, nothing waits."""
        self.person, self._in_flight = None, []
        self.watch.situations.clear()
        self.watch.drop_waiting()

    # -- watching and telling

    def _telling(self) -> TrustedPerson | None:
        state = self._consent()
        on = state is not None and state.allows(Category.TRUSTED_PERSON)
        return self.person if on else None

    def set_connected(self, connected: bool) -> None:
        self._connected = connected
        if not connected:
            self._in_flight = []  # not acknowledged: sent again once back

    def tick(self) -> None:
        """Each second: the meter's state looked at, and what waits sent."""
        if self._consent() is None:
            return  # the choices are not read yet: whether to tell is not known
        snap, telling, now = self._snapshot(), self._telling(), self.s.clock.now()
        changed = False
        if snap.account is not None:
            for state in snap.account.prepayment.values():
                changed |= self.watch.see(state, now, telling)
        if telling is None and self.watch.waiting:
            self.watch.drop_waiting()  # withdrawn: what was not sent never goes
            self._in_flight, changed = [], True
        changed |= self._settle()
        if telling is not None and self._connected:
            self._send(telling)
        if changed:
            self._save()

    def _send(self, person: TrustedPerson) -> None:
        flying = {alert for alert, _sent in self._in_flight}
        prefix = self.s.config.bridge.native_prefix.strip("/")
        for alert in self.watch.waiting:
            if alert not in flying:
                sent = self._publish(f"{prefix}/{native_share.TRUSTED_ALERT}",
                                     native_share.trusted_alert(self.s.home_id, alert, person), 1, False)
                self._in_flight.append((alert, sent))

    def _settle(self) -> bool:
        """Alerts the broker has taken leave the queue; True if any did."""
        done = [alert for alert, sent in self._in_flight if sent is None or sent.is_published()]
        for alert in done:
            self.watch.sent(alert)
        self._in_flight = [(a, sent) for a, sent in self._in_flight if a not in done]
        return bool(done)

    def _save(self) -> None:
        folder, person, watch = self.s.data_dir, self.person, self.watch
        data = (person, type(watch).from_dict(watch.as_dict()))  # a copy: the writer thread saves it later
        self.s.save("the trusted person's alerts", lambda: save_trusted(folder, *data),
                    lambda reason: log.warning("the trusted person's alerts could not be saved (%s)", reason))
