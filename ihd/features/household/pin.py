"""The household PIN: asked for before a guarded action (at once, if none is set), chosen twice
over, locked for a while after too many wrong tries, and needed again once home is shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ihd.core.household import PinHash, pin_problem


class PinDoor:
    """The PIN's part of `Household` (which holds `s`, `house`, `_save` and the state below)."""

    def _build_pin(self) -> object:
        from ihd.ui.screens.pin import PinScreen

        p = PinScreen()
        p.back.connect(self._pin_left)
        p.entered.connect(self._pin_entered)
        p.forgotten.connect(self.ask_scheduled_wipe)
        self._translate_pin(p)
        return p

    def _translate_pin(self, pin) -> None:  # type: ignore[no-untyped-def]
        _ = self.s.i18n._
        pin.retranslate((_("Back"), _("Back without entering the PIN")), _("OK"), _("PIN, {n} digits entered"),
                        (_("Forgot PIN?"), _("Forgotten the PIN: wipe the display for a new occupier")))
        pin.keypad.retranslate((_("Delete"), _("Delete the last digit")), (_("Clear"), _("Clear the whole PIN")))

    # -- the PIN

    def guard(self, then: Callable[[], None], back: str = "home") -> None:
        """Do `then` once the household PIN is entered (at once, if no PIN is set)."""
        if self.house.pin is None:
            then()
            return
        _ = self.s.i18n._
        # not choosing: a PIN choice left half-way must not turn this check into a new PIN
        self._choosing, self._after_pin, self._new_pin, self._pin_back = False, then, None, back
        self.pin_screen.ask(_("Household PIN"), _("Enter the household PIN to go on."), forgettable=True)
        self._show_lock()
        self.s.show("pin")

    def _pin_left(self) -> None:
        self._choosing, self._new_pin, self._after_pin = False, None, None
        self.s.show(self._pin_back)

    def _pin_entered(self, pin: str) -> None:
        if self._choosing:
            self._chosen(pin)
            return
        right, self.house = self.house.try_pin(pin, self.s.clock.now())
        self._save()
        if right:
            self._unlocked = True
            then, self._after_pin = self._after_pin, None
            if then is not None:
                then()
            return
        if not self._show_lock():
            self.pin_screen.show_message(self.s.i18n._("That is not the household PIN. Try again."))

    def _show_lock(self) -> bool:
        left = self.house.lock_left(self.s.clock.now())
        if not left:
            self.pin_screen.keypad.set_enabled(True)
            return False
        seconds = int(left.total_seconds() + 0.999)
        self.pin_screen.show_message(self.s.i18n.ngettext(
            "Too many wrong PINs. Try again in {n} second.", "Too many wrong PINs. Try again in {n} seconds.",
            seconds).format(n=seconds), locked=True)
        return True

    def choose_pin(self) -> None:
        if self.refuses():
            return
        _ = self.s.i18n._
        self._choosing, self._new_pin, self._pin_back = True, None, "consent"
        self.pin_screen.ask(_("Choose a household PIN"),
                            _("Choose 4 to 8 digits that others in the home will not guess. It guards the "
                              "settings, your data, the guest view and the wipe. If it is forgotten, only the "
                              "new-occupier wipe clears it."))
        self.s.show("pin")

    def _chosen(self, pin: str) -> None:
        _ = self.s.i18n._
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
        self.s.show("consent")
        self.screen.show_status(_("The household PIN is set."))
        self.refresh()

