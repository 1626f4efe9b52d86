"""The new-occupier wipe: asked for twice with the PIN and done at once, or asked for without it
("Forgot PIN?") and done only after days of notice on the home screen, which the PIN can stop."""

from __future__ import annotations

import logging

from ihd.core.household import WIPE_NOTICE, Audit
from ihd.core.household import Household as HouseholdState
from ihd.store.files import remove_household_files
from ihd.store.home_id import keep as keep_home_id

log = logging.getLogger("ihd")


class NewOccupier:
    """The wipe's part of `Household` (which holds `s`, `house`, `_save`, `guard` and the rest)."""

    def ask_wipe(self, return_to: str = "consent") -> None:
        """Two questions, then the wipe, for a household that has entered its PIN (or has none)."""
        if self.refuses():
            return
        _ = self.s.i18n._
        self.s.show(return_to)

        def wipe() -> None:
            if not self.refuses():
                self.wipe()

        def second() -> None:
            self.s.ask(return_to, _("Are you sure?"),
                               _("This cannot be undone. The display will start again as new."),
                               _("Yes, wipe everything"), _("No, keep it"), wipe)

        self.s.ask(return_to, _("Wipe this display for a new occupier?"),
                           _("This removes the history, your choices about your data, the PIN, the tariff and "
                             "account details. Use it when you move out, or when someone new moves in."),
                           _("Wipe"), _("No, keep it"), second)

    def ask_scheduled_wipe(self) -> None:
        """"Forgot PIN?": the wipe, but only after notice on the home screen, so that a lodger
        cannot use it to get round the PIN and a household that lives here can stop it."""
        _ = self.s.i18n._
        if self.house.wipe_at is not None:
            self.pin_screen.show_message(self.wipe_notice())
            return
        days = WIPE_NOTICE.days

        def schedule() -> None:
            now = self.s.clock.now()
            self.house = self.house.schedule_wipe(now)
            self._save()
            log.warning("a wipe without the PIN was asked for; due %s", self.house.wipe_at)
            self.s.show("home")
            self.notice_changed.emit()

        self.s.ask("pin", _("Clear this display for a new occupier?"),
                   self.s.i18n.ngettext(
                       "Without the PIN, the display is cleared after {n} day's notice. Until then it works as "
                       "usual, and its home screen says when it will be cleared, so that anyone who lives here "
                       "can stop it with the PIN.",
                       "Without the PIN, the display is cleared after {n} days' notice. Until then it works as "
                       "usual, and its home screen says when it will be cleared, so that anyone who lives here "
                       "can stop it with the PIN.", days).format(n=days),
                   self.s.i18n.ngettext("Clear it in {n} day", "Clear it in {n} days", days).format(n=days),
                   _("No, keep it"), schedule,
                   _("It removes the history, the choices about your data, the PIN, the tariff and account "
                     "details."))

    def wipe_notice(self) -> str:
        """The home screen's sentence while a wipe is due ("" when none is)."""
        if self.house.wipe_at is None:
            return ""
        fmt, local = self.s.i18n, self.house.wipe_at.astimezone(self.s.tz)
        return fmt._("This display will be cleared on {day} at {time}. Enter the PIN to stop it.").format(
            day=fmt.date(local.date(), "EEEE d MMMM"), time=fmt.time(self.house.wipe_at, self.s.tz))

    def stop_wipe(self) -> None:
        """The home screen's notice was tapped: the PIN stops the wipe."""
        def stop() -> None:
            if self.house.pin is not None and not self._unlocked:
                return
            self.house = self.house.stop_wipe(self.s.clock.now())
            self._save()
            self.s.show("home")
            self.notice_changed.emit()

        self.guard(stop)

    def tick(self) -> None:
        """Each second: a wipe asked for without the PIN is carried out once its notice is over."""
        now = self.s.clock.now()
        if self.house.wipe_due(now):
            asked = self.house.wipe_at - WIPE_NOTICE if self.house.wipe_at else now
            log.warning("wiping the display: asked for on %s without the PIN and not stopped", asked)
            self.wipe()
            self.house = self.house.noted(Audit.WIPED, now)
            self._save()

    def wipe(self) -> None:
        """New occupier: the history (with the consent log), the PIN, saved choices, pending requests,
        exports kept here, and what the bridge said of tariffs and the account go, and the home gets
        a new identity; every feature starts again as new."""
        self.s.close_reader()  # before its file goes
        folder, home = self.s.data_dir, self.s.new_home()  # the next household is a new home to everyone

        def files() -> None:
            remove_household_files(folder)
            keep_home_id(folder, home)

        self._wipe_history(files)
        self.house = HouseholdState()
        self._unlocked = False
        self.s.wiped.emit()
        self.s.guest_changed.emit()
        self.refresh()
        self.s.show("home")
        self.s.window.drop_built()  # nothing the household saw waits out of sight for the next one

