"""The household: the Your data screen's switches, the PIN that
guards settings, consent, export and the wipe, the guest view for a lodger, the export of the
household's data, and the new-occupier wipe.

The PIN guards what is done, not only the way to a screen: every guarded action asks `permits()`
itself, whatever widget (or accessibility client) asked for it. Entering the PIN opens the
guarded screens until the display next shows its home screen."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ihd.core.consent import Category, ConsentState
from ihd.core.consent_view import ConsentViewModel
from ihd.core.trusted import TrustedPerson
from ihd.features.household.pin import PinDoor
from ihd.features.household.wipe import NewOccupier
from ihd.features.shared import Event, Shared
from ihd.store.export import USB_ROOTS, export, removable_drives
from ihd.store.household import load_household, save_household

log = logging.getLogger("ihd")


@dataclass(frozen=True)
class TrustedHooks:
    """What the household feature needs of the trusted-person feature, as its functions."""

    person: Callable[[], TrustedPerson | None]  # whom the household named
    ask_who: Callable[[Callable[[TrustedPerson], None]], None]  # the screen that names them, then this
    keep: Callable[[TrustedPerson], None]  # agreed: tell this person from now on


class Household(PinDoor, NewOccupier):
    def __init__(self, shared: Shared, consent: Callable[[], ConsentState],
                 choose: Callable[[Category, bool, str], object],
                 wipe_history: Callable[[Callable[[], None]], None], trusted: TrustedHooks) -> None:
        """`consent` the choices in force and `choose` makes one (the consent feature's);
        `wipe_history` removes the history file, then runs what it is given (the wipe's other files);
        `trusted` whom "Tell someone you trust" names (that feature's)."""
        self.s = shared
        self._consent, self._choose, self._wipe_history = consent, choose, wipe_history
        self._trusted = trusted
        self.house = load_household(shared.data_dir)
        self.vm = ConsentViewModel(shared.i18n, shared.tz)
        self._after_pin: Callable[[], None] | None = None
        self._choosing = False  # the PIN screen is choosing a new PIN, not checking one
        self._new_pin: str | None = None  # the first entry of a PIN being chosen
        self._pin_back = "home"
        self._unlocked = False  # the PIN was entered since home was last shown
        self.usb_roots = USB_ROOTS  # where USB sticks are mounted
        self.notice_changed = Event()  # a wipe without the PIN was asked for, or stopped
        shared.window.add_screen("consent", self._build_consent)
        shared.window.add_screen("pin", self._build_pin)
        shared.window.screen_shown.connect(self._screen_shown)
        shared.retranslated.connect(lambda _i18n: self.retranslate())

    @property
    def screen(self):  # type: ignore[no-untyped-def]
        return self.s.window.screen("consent")

    @property
    def pin_screen(self):  # type: ignore[no-untyped-def]
        return self.s.window.screen("pin")

    def _build_consent(self) -> object:
        from ihd.ui.screens.consent import ConsentScreen

        s = ConsentScreen()
        s.back.connect(lambda: self.s.show("settings"))
        s.switched.connect(lambda category, on: self.switch(Category(category), on))
        s.tool.connect(self.tool)
        s.retranslate(self.s.i18n)
        self._show_consent(s)
        return s

    def retranslate(self) -> None:
        self.vm.fmt = self.s.i18n
        if (screen := self.s.window.built("consent")) is not None:
            screen.retranslate(self.s.i18n)  # type: ignore[attr-defined]
        if (pin := self.s.window.built("pin")) is not None:
            self._translate_pin(pin)
        self.refresh()

    @property
    def guest(self) -> bool:
        return self.house.guest

    # -- who may act

    def permits(self) -> bool:
        """Whether a guarded action may be done now: never in the guest view; with a PIN, only
        once it has been entered."""
        return not self.house.guest and (self.house.pin is None or self._unlocked)

    def refuses(self) -> bool:
        """True (and says so) when a guarded action was asked for without the PIN."""
        if self.permits():
            return False
        log.warning("a guarded action was asked for without the household PIN; nothing was done")
        self.screen.show_status(self.s.i18n._("Enter the household PIN first."), True)
        return True

    def _screen_shown(self, name: str) -> None:
        if name in ("home", "glance"):
            self._unlocked = False  # back where anyone may stand: the PIN is needed again

    # -- the guest view

    def set_guest(self, on: bool) -> None:
        if not on and not self._unlocked and self.house.pin is not None:
            return  # only the PIN leaves the guest view
        self._unlocked = False
        self.house = replace(self.house, guest=on)
        self._save()
        self.s.guest_changed.emit()

    def leave_guest(self) -> None:
        self.guard(lambda: (self.set_guest(False), self.s.show("home")))

    # -- consent

    def switch(self, category: Category, on: bool) -> None:
        if self.refuses():
            self.refresh()  # the switch goes back to what is in force
            return
        view = next(c for c in self._build([]).categories if c.category is category)
        statement = view.statement
        if not on:
            _ = self.s.i18n._
            effect = view.off_effect

            def withdraw() -> None:
                if self.refuses():
                    return
                self._choose(category, False, statement.text)
                self.screen.show_status(effect)
                self.refresh()

            if category is Category.DETAILED_HISTORY and self._consent().allows(category):
                # it deletes the half-hours: a question first, as for anything that cannot be undone
                self.screen.cards[category].show_choice(True)
                self.s.ask("consent", _("Switch detailed history off?"),
                           _("The half-hours before today will be deleted from this display; daily totals are "
                             "kept. This cannot be undone."), _("Switch it off"), _("No, keep it on"), withdraw)
                return
            withdraw()
            return
        self.screen.cards[category].show_choice(False)  # not on until confirmed
        if category is Category.TRUSTED_PERSON:
            self._trusted.ask_who(lambda person: self._ask_to_switch_on(category, person))
            return
        self._ask_to_switch_on(category)

    def _ask_to_switch_on(self, category: Category, person: TrustedPerson | None = None) -> None:
        _ = self.s.i18n._
        view = next(c for c in self._build([], person).categories if c.category is category)
        statement = view.statement

        def agree() -> None:
            if self.refuses():
                return
            if person is not None:
                self._trusted.keep(person)
            self._choose(category, True, statement.text)
            self.screen.show_status(_("Switched on: {title}.").format(title=statement.title))
            self.refresh()

        self.s.ask("consent", statement.title, view.ask, _("Yes, switch it on"), _("No, leave it off"), agree)

    def _service_and_district(self) -> tuple[str, str]:
        cfg = self.s.config
        return cfg.consent.third_party_name, cfg.carbon.postcode_district

    def _build(self, records: list, person: TrustedPerson | None = None, *,  # type: ignore[no-untyped-def,type-arg]
               audit: bool = False):
        """The Your data view; `person` as just named (else the one kept), with the household's
        own trail among the choices if `audit`."""
        service, district = self._service_and_district()
        return self.vm.build(self._consent(), records, service, district, self.house.audit if audit else (),
                             self.s.config.consent.alerts_through, person or self._trusted.person())

    def refresh(self) -> None:
        if (screen := self.s.window.built("consent")) is not None:
            self._show_consent(screen)

    def _show_consent(self, screen) -> None:  # type: ignore[no-untyped-def]
        _ = self.s.i18n._
        screen.show_view(self._build([]))
        screen.show_tools({
            "pin": (_("Change the PIN") if self.house.pin else _("Set a PIN"),
                    _("Change the household PIN") if self.house.pin else _("Set a household PIN")),
            "guest": (_("Guest view"), _("Hand the display to a guest or lodger: account details are hidden")),
            "export": (_("Save a copy of your data"), _("Save your history and choices to a USB stick")),
            "log": (_("Choices so far"), _("Show every choice made on this screen, with when")),
            "wipe": (_("New occupier: wipe"), _("Remove everything this display holds, for a new occupier")),
        })

    def tool(self, name: str) -> None:
        _ = self.s.i18n._
        if self.refuses():
            return
        match name:
            case "pin":
                self.guard(self.choose_pin, back="consent")
            case "guest":
                if self.house.pin is None:  # without one, anyone could leave the guest view
                    self.screen.show_status(_("Set a PIN first: without one, anyone could leave the guest "
                                              "view."), True)
                    return
                self.set_guest(True)
                self.s.show("home")
                self.s.window.drop_built()  # no account figure waits out of sight for a guest's screen reader
            case "log":
                view = self._build(self._log(), audit=True)
                self.screen.show_log(view.log, _("No choices have been made yet: the defaults are in force."))
            case "export":
                self.guard(self.export, back="consent")
            case "wipe":
                self.guard(self.ask_wipe, back="consent")

    def _log(self) -> list:  # type: ignore[type-arg]
        try:
            return self.s.reader().consent_log()
        except Exception:  # the history cannot be read: say so rather than show nothing
            self.screen.show_status(self.s.i18n._("The record of choices cannot be read just now."), True)
            return []

    # -- export

    def export(self) -> None:
        if self.refuses():
            return
        _ = self.s.i18n._
        drives = removable_drives(self.usb_roots)
        if not drives:  # a copy kept inside the display is no copy for the household to take away
            self.screen.show_status(_("No USB stick found. Put one in the display's USB socket, wait a moment, "
                                      "then press Save a copy of your data again."), True)
            return
        into = drives[0]
        where = _("the USB stick {name}").format(name=into.name)
        self.s.show("consent")

        def saved(folder: Path) -> None:
            self.screen.show_status(_("Saved on the USB stick, in the folder {folder}: your days, half-hours "
                                      "and choices, as CSV and JSON.").format(folder=folder.name))

        def failed(reason: str) -> None:
            self.screen.show_status(_("Your data could not be saved ({reason}). Nothing on the display has "
                                      "changed.").format(reason=reason), True)

        def save() -> None:
            history, now = self.s.history_path, self.s.clock.now()
            self.screen.show_status(_("Saving…"))

            def job() -> None:  # on the writer thread: a USB stick may be slow
                folder = export(history, into, now)
                self.s.post(lambda: saved(folder))

            if not self.refuses():
                self.s.writer.submit("the export", job, lambda reason: self.s.post(lambda: failed(reason)))

        self.s.ask("consent", _("Save a copy of your data?"),
                           _("Your history and every choice on this screen will be saved to {where}, as CSV and "
                             "JSON files anyone can open. Keep the copy safe: it shows when your home is "
                             "occupied.").format(where=where), _("Save"), _("Not now"), save)

    def _save(self) -> None:
        house, folder = self.house, self.s.config.data_dir
        self.s.save("the household PIN", lambda: save_household(folder, house), lambda reason: self.screen.show_status(
            self.s.i18n._("The PIN and guest view could not be saved ({reason}).").format(reason=reason), True))
