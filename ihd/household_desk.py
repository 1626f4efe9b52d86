"""The household's side of the composition root: the consent screen's switches, the PIN that
guards settings, consent, export and the wipe, the guest view for a lodger, the export of the
household's data, and the new-occupier wipe.

The PIN guards what is done, not only the way to a screen: every guarded action asks `permits()`
itself, whatever widget (or accessibility client) asked for it. Entering the PIN opens the
guarded screens until the display next shows its home screen."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ihd.core.consent import Category
from ihd.core.consent_view import ConsentViewModel
from ihd.core.household import WIPE_NOTICE, Audit, Household, PinHash, pin_problem
from ihd.store.export import USB_ROOTS, export, removable_drives
from ihd.store.household import load_household, save_household

log = logging.getLogger("ihd")

if TYPE_CHECKING:
    from ihd.app import Display


class HouseholdDesk:
    def __init__(self, display: Display) -> None:
        from ihd.ui.screens.consent import ConsentScreen
        from ihd.ui.screens.pin import PinScreen

        self.d = display
        self.house = load_household(display.options.config.data_dir)
        self.vm = ConsentViewModel(display.i18n, display.tz)
        self.screen = ConsentScreen()
        self.pin_screen = PinScreen()
        self._after_pin: Callable[[], None] | None = None
        self._choosing = False  # the PIN screen is choosing a new PIN, not checking one
        self._new_pin: str | None = None  # the first entry of a PIN being chosen
        self._pin_back = "home"
        self._unlocked = False  # the PIN was entered since home was last shown
        self.usb_roots = USB_ROOTS  # where USB sticks are mounted

    def screens(self) -> dict[str, object]:
        return {"consent": self.screen, "pin": self.pin_screen}

    def wire(self) -> None:
        d, s = self.d, self.screen
        s.back.connect(lambda: d.window.show_screen("settings"))
        s.switched.connect(lambda category, on: self.switch(Category(category), on))
        s.tool.connect(self.tool)
        self.pin_screen.back.connect(self._pin_left)
        self.pin_screen.entered.connect(self._pin_entered)
        self.pin_screen.forgotten.connect(self.ask_scheduled_wipe)
        self.d.window.screen_shown.connect(self._screen_shown)

    def retranslate(self) -> None:
        _ = self.d.i18n._
        self.vm.fmt = self.d.i18n
        self.screen.retranslate(self.d.i18n)
        self.pin_screen.retranslate((_("Back"), _("Back without entering the PIN")), _("OK"),
                                    _("PIN, {n} digits entered"),
                                    (_("Forgot PIN?"), _("Forgotten the PIN: wipe the display for a new "
                                                                "occupier")))
        self.pin_screen.keypad.retranslate((_("Delete"), _("Delete the last digit")),
                                           (_("Clear"), _("Clear the whole PIN")))
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
        self.screen.show_status(self.d.i18n._("Enter the household PIN first."), True)
        return True

    def _screen_shown(self, name: str) -> None:
        if name in ("home", "glance"):
            self._unlocked = False  # back where anyone may stand: the PIN is needed again

    # -- the PIN

    def guard(self, then: Callable[[], None], back: str = "home") -> None:
        """Do `then` once the household PIN is entered (at once, if no PIN is set)."""
        if self.house.pin is None:
            then()
            return
        _ = self.d.i18n._
        # not choosing: a PIN choice left half-way must not turn this check into a new PIN
        self._choosing, self._after_pin, self._new_pin, self._pin_back = False, then, None, back
        self.pin_screen.ask(_("Household PIN"), _("Enter the household PIN to go on."), forgettable=True)
        self._show_lock()
        self.d.window.show_screen("pin")

    def _pin_left(self) -> None:
        self._choosing, self._new_pin, self._after_pin = False, None, None
        self.d.window.show_screen(self._pin_back)

    def _pin_entered(self, pin: str) -> None:
        if self._choosing:
            self._chosen(pin)
            return
        right, self.house = self.house.try_pin(pin, self.d.clock.now())
        self._save()
        if right:
            self._unlocked = True
            then, self._after_pin = self._after_pin, None
            if then is not None:
                then()
            return
        if not self._show_lock():
            self.pin_screen.show_message(self.d.i18n._("That is not the household PIN. Try again."))

    def _show_lock(self) -> bool:
        left = self.house.lock_left(self.d.clock.now())
        if not left:
            self.pin_screen.keypad.set_enabled(True)
            return False
        seconds = int(left.total_seconds() + 0.999)
        self.pin_screen.show_message(self.d.i18n.ngettext(
            "Too many wrong PINs. Try again in {n} second.", "Too many wrong PINs. Try again in {n} seconds.",
            seconds).format(n=seconds), locked=True)
        return True

    def choose_pin(self) -> None:
        if self.refuses():
            return
        _ = self.d.i18n._
        self._choosing, self._new_pin, self._pin_back = True, None, "consent"
        self.pin_screen.ask(_("Choose a household PIN"),
                            _("Choose 4 to 8 digits that others in the home will not guess. It guards the "
                              "settings, your data, the guest view and the wipe. If it is forgotten, only the "
                              "new-occupier wipe clears it."))
        self.d.window.show_screen("pin")

    def _chosen(self, pin: str) -> None:
        _ = self.d.i18n._
        if self._new_pin is None:
            problem = pin_problem(pin)
            if problem is not None:
                self.pin_screen.show_message(_("Choose a PIN that is not all one digit or a run like 1234.")
                                             if problem == "guessable" else _("A PIN is 4 to 8 digits."))
                return
            self._new_pin = pin
            self.pin_screen.ask(_("Choose a household PIN"), _("Enter the same PIN again."))
            return
        if pin != self._new_pin:
            self._new_pin = None
            self.pin_screen.ask(_("Choose a household PIN"), _("Those two were not the same. Choose the PIN again."))
            return
        self._choosing, self._new_pin = False, None
        self._unlocked = True  # whoever just chose it holds it
        self.house = replace(self.house, pin=PinHash.of(pin), failures=0, locked_until=None)
        self._save()
        self.d.window.show_screen("consent")
        self.screen.show_status(_("The household PIN is set."))
        self.refresh()

    # -- the guest view

    def set_guest(self, on: bool) -> None:
        if not on and not self._unlocked and self.house.pin is not None:
            return  # only the PIN leaves the guest view
        self._unlocked = False
        self.house = replace(self.house, guest=on)
        self._save()
        self.d.guest_changed()

    def leave_guest(self) -> None:
        self.guard(lambda: (self.set_guest(False), self.d.window.show_screen("home")))

    # -- consent

    def switch(self, category: Category, on: bool) -> None:
        if self.refuses():
            self.refresh()  # the switch goes back to what is in force
            return
        _ = self.d.i18n._
        service, district = self._service_and_district()
        statement = self.vm.statement(category, service)
        if not on:
            effect = self.vm.build(self.d.consent.state, [], service, district).categories[
                list(Category).index(category)].off_effect

            def withdraw() -> None:
                if self.refuses():
                    return
                self.d.consent.choose(category, False, statement.text)
                self.screen.show_status(effect)
                self.refresh()

            if category is Category.DETAILED_HISTORY and self.d.consent.state.allows(category):
                # it deletes the half-hours: a question first, as for anything that cannot be undone
                self.screen.cards[category].show_choice(True)
                self.d.ask("consent", _("Switch detailed history off?"),
                           _("The half-hours before today will be deleted from this display; daily totals are "
                             "kept. This cannot be undone."), _("Switch it off"), _("No, keep it on"), withdraw)
                return
            withdraw()
            return
        view = next(c for c in self.vm.build(self.d.consent.state, [], service, district).categories
                    if c.category is category)
        self.screen.cards[category].show_choice(False)  # not on until confirmed

        def agree() -> None:
            if self.refuses():
                return
            self.d.consent.choose(category, True, statement.text)
            self.screen.show_status(_("Switched on: {title}.").format(title=statement.title))
            self.refresh()

        self.d.ask("consent", statement.title, view.ask, _("Yes, switch it on"), _("No, leave it off"),
                           agree)

    def _service_and_district(self) -> tuple[str, str]:
        cfg = self.d.options.config
        return cfg.consent.third_party_name, cfg.carbon.postcode_district

    def refresh(self) -> None:
        _ = self.d.i18n._
        service, district = self._service_and_district()
        self.screen.show_view(self.vm.build(self.d.consent.state, [], service, district))
        self.screen.show_tools({
            "pin": (_("Change the PIN") if self.house.pin else _("Set a PIN"),
                    _("Change the household PIN") if self.house.pin else _("Set a household PIN")),
            "guest": (_("Guest view"), _("Hand the display to a guest or lodger: account details are hidden")),
            "export": (_("Save a copy of your data"), _("Save your history and choices to a USB stick")),
            "log": (_("Choices so far"), _("Show every choice made on this screen, with when")),
            "wipe": (_("New occupier: wipe"), _("Remove everything this display holds, for a new occupier")),
        })

    def tool(self, name: str) -> None:
        _ = self.d.i18n._
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
                self.d.window.show_screen("home")
            case "log":
                records = self._log()
                service, district = self._service_and_district()
                view = self.vm.build(self.d.consent.state, records, service, district, self.house.audit)
                self.screen.show_log(view.log, _("No choices have been made yet: the defaults are in force."))
            case "export":
                self.guard(self.export, back="consent")
            case "wipe":
                self.guard(self.ask_wipe, back="consent")

    def _log(self) -> list:  # type: ignore[type-arg]
        try:
            return self.d.reader().consent_log()
        except Exception:  # the history cannot be read: say so rather than show nothing
            self.screen.show_status(self.d.i18n._("The record of choices cannot be read just now."), True)
            return []

    # -- export and wipe

    def export(self) -> None:
        if self.refuses():
            return
        _ = self.d.i18n._
        drives = removable_drives(self.usb_roots)
        if not drives:  # a copy kept inside the display is no copy for the household to take away
            self.screen.show_status(_("No USB stick found. Put one in the display's USB socket, wait a moment, "
                                      "then press Save a copy of your data again."), True)
            return
        into = drives[0]
        where = _("the USB stick {name}").format(name=into.name)
        self.d.window.show_screen("consent")

        def saved(folder: Path) -> None:
            self.screen.show_status(_("Saved on the USB stick, in the folder {folder}: your days, half-hours "
                                      "and choices, as CSV and JSON.").format(folder=folder.name))

        def failed(reason: str) -> None:
            self.screen.show_status(_("Your data could not be saved ({reason}). Nothing on the display has "
                                      "changed.").format(reason=reason), True)

        def save() -> None:
            history, now = self.d.history_path, self.d.clock.now()
            self.screen.show_status(_("Saving…"))

            def job() -> None:  # on the writer thread: a USB stick may be slow
                folder = export(history, into, now)
                self.d._gui.post(lambda: saved(folder))

            if not self.refuses():
                self.d.writer.submit("the export", job, lambda reason: self.d._gui.post(lambda: failed(reason)))

        self.d.ask("consent", _("Save a copy of your data?"),
                           _("Your history and every choice on this screen will be saved to {where}, as CSV and "
                             "JSON files anyone can open. Keep the copy safe: it shows when your home is "
                             "occupied.").format(where=where), _("Save"), _("Not now"), save)

    def ask_wipe(self, return_to: str = "consent") -> None:
        """Two questions, then the wipe, for a household that has entered its PIN (or has none)."""
        if self.refuses():
            return
        _ = self.d.i18n._
        self.d.window.show_screen(return_to)

        def wipe() -> None:
            if not self.refuses():
                self.d.wipe()

        def second() -> None:
            self.d.ask(return_to, _("Are you sure?"),
                               _("This cannot be undone. The display will start again as new."),
                               _("Yes, wipe everything"), _("No, keep it"), wipe)

        self.d.ask(return_to, _("Wipe this display for a new occupier?"),
                           _("This removes the history, your choices about your data, the PIN, the tariff and "
                             "account details. Use it when you move out, or when someone new moves in."),
                           _("Wipe"), _("No, keep it"), second)

    def ask_scheduled_wipe(self) -> None:
        """"Forgot PIN?": the wipe, but only after notice on the home screen, so that a lodger
        cannot use it to get round the PIN and a household that lives here can stop it."""
        _ = self.d.i18n._
        if self.house.wipe_at is not None:
            self.pin_screen.show_message(self.wipe_notice())
            return
        days = WIPE_NOTICE.days

        def schedule() -> None:
            now = self.d.clock.now()
            self.house = self.house.schedule_wipe(now)
            self._save()
            log.warning("a wipe without the PIN was asked for; due %s", self.house.wipe_at)
            self.d.window.show_screen("home")
            self.d.refresh()

        self.d.ask("pin", _("Clear this display for a new occupier?"),
                   self.d.i18n.ngettext(
                       "Without the PIN, the display is cleared after {n} day's notice. Until then it works as "
                       "usual, and its home screen says when it will be cleared, so that anyone who lives here "
                       "can stop it with the PIN.",
                       "Without the PIN, the display is cleared after {n} days' notice. Until then it works as "
                       "usual, and its home screen says when it will be cleared, so that anyone who lives here "
                       "can stop it with the PIN.", days).format(n=days),
                   self.d.i18n.ngettext("Clear it in {n} day", "Clear it in {n} days", days).format(n=days),
                   _("No, keep it"), schedule,
                   _("It removes the history, the choices about your data, the PIN, the tariff and account "
                     "details."))

    def wipe_notice(self) -> str:
        """The home screen's sentence while a wipe is due ("" when none is)."""
        if self.house.wipe_at is None:
            return ""
        fmt, local = self.d.i18n, self.house.wipe_at.astimezone(self.d.tz)
        return fmt._("This display will be cleared on {day} at {time}. Enter the PIN to stop it.").format(
            day=fmt.date(local.date(), "EEEE d MMMM"), time=fmt.time(self.house.wipe_at, self.d.tz))

    def stop_wipe(self) -> None:
        """The home screen's notice was tapped: the PIN stops the wipe."""
        def stop() -> None:
            if self.house.pin is not None and not self._unlocked:
                return
            self.house = self.house.stop_wipe(self.d.clock.now())
            self._save()
            self.d.window.show_screen("home")
            self.d.refresh()

        self.guard(stop)

    def tick(self) -> None:
        """Each second: a wipe asked for without the PIN is carried out once its notice is over."""
        now = self.d.clock.now()
        if self.house.wipe_due(now):
            asked = self.house.wipe_at - WIPE_NOTICE if self.house.wipe_at else now
            log.warning("wiping the display: asked for on %s without the PIN and not stopped", asked)
            self.d.wipe()
            self.house = self.house.noted(Audit.WIPED, now)
            self._save()

    def wiped(self) -> None:
        self.house = Household()
        self._unlocked = False
        self.screen.show_status("")
        self.refresh()

    def _save(self) -> None:
        house, folder = self.house, self.d.options.config.data_dir
        self.d.writer.submit("the household PIN", lambda: save_household(folder, house),
                             lambda reason: self.d._gui.post(lambda: self.screen.show_status(
                                 self.d.i18n._("The PIN and guest view could not be saved ({reason}).").format(
                                     reason=reason), True)))
