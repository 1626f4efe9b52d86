"""Pay as you go: the command channel to the meter, the account view, the keypad lock and the
prepayment and top-up screens, and what a household does on them (top up by code, emergency
credit, turning the supply back on, answering the supplier)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from ihd.core import utrn
from ihd.core.account_view import AccountView, AccountViewModel, Action, Stage, TopUpView
from ihd.core.live import LiveSnapshot
from ihd.core.prepayment import CommandResponse, KeypadLock, Result, usual_daily_spend
from ihd.core.units import Direction, Fuel
from ihd.features.shared import Publish, Shared
from ihd.han.commands import Answer, CommandChannel
from ihd.store.files import COMMANDS_FILE, KEYPAD_FILE
from ihd.store.jsonfile import read_json_object, write_json

if TYPE_CHECKING:
    from ihd.han.demo import DemoSource

SPEND_DAYS = 7
SPEND_REFRESH_S = 600.0
SPEND_RETRY_S = 30.0  # while not known (a new display, or the demo's history still being written)


class Account:
    def __init__(self, shared: Shared, command: Callable[[str], str], publish: Publish,
                 visible: Callable[[], bool], tell: Callable[[str], None], demo: DemoSource | None) -> None:
        """`command` the topic a request goes to, `visible` whether the account may be shown (not
        in the guest view), `tell` speaks a result if speech is on, `demo` the simulated meter."""
        self.s = shared
        self._command, self._publish, self._visible, self._tell_aloud = command, publish, visible, tell
        self._demo = demo
        folder = shared.data_dir
        self.channel = self._channel(read_json_object(folder / COMMANDS_FILE, "the pending requests"))
        self.vm = AccountViewModel(shared.i18n, shared.tz)
        self.lock = KeypadLock()
        self.lock.restore(read_json_object(folder / KEYPAD_FILE, "the keypad lock"), shared.clock.monotonic(),
                          shared.clock.now())
        self.view: AccountView | None = None
        self.topup = TopUpView()
        self._code = ""  # the code being confirmed or sent
        self._top_up_id: str | None = None
        self._spend: tuple[float, dict[Fuel, Decimal | None]] = (float("-inf"), {})
        self._topup_return = "home"
        self._status: tuple[str, bool] = ("", False)
        shared.window.add_screen("prepayment", self._build_account)
        shared.window.add_screen("topup", self._build_top_up)
        shared.retranslated.connect(lambda _i18n: self.retranslate())
        shared.wiped.connect(self.reset)

    def _channel(self, saved: dict[str, object] | None) -> CommandChannel:
        return CommandChannel(self._command, lambda topic, payload: self._publish(topic, payload, 1, False),
                              self.s.clock, self._save, saved)

    @property
    def screen(self):  # type: ignore[no-untyped-def]
        return self.s.window.screen("prepayment")

    @property
    def topup_screen(self):  # type: ignore[no-untyped-def]
        return self.s.window.screen("topup")

    def reset(self) -> None:
        """After the wipe: no pending requests, no remembered codes, nothing of the account."""
        connected = self.channel.connected
        self.channel = self._channel(None)
        self.channel.set_connected(connected)
        self.lock = KeypadLock()  # its file went with the wipe
        self.view, self.topup, self._code, self._top_up_id = None, TopUpView(), "", None
        self._spend = (float("-inf"), {})
        self.show_status("")

    def _build_account(self) -> object:
        from ihd.ui.screens.account import AccountScreen

        s = AccountScreen()
        s.back.connect(lambda: self.s.show("home"))
        s.action.connect(lambda fuel, action: self.act(Fuel(fuel), Action(action)))
        s.message_confirmed.connect(lambda message_id: self._request("confirm-message", message_id=message_id))
        s.proposal_answered.connect(self.answer_proposal)
        s.demo_run_out.connect(self._run_out)
        s.retranslate(self.s.i18n)
        s.show_view(self.view if self.view is not None else AccountView((), (), (), ()))
        s.show_demo(self._demo is not None)
        s.show_status(*self._status)
        return s

    def _build_top_up(self) -> object:
        from ihd.ui.screens.topup import TopUpScreen

        t = TopUpScreen()
        t.back.connect(lambda: self.s.show(self._topup_return))
        t.checked.connect(self.check)
        t.sent.connect(self.send)
        t.changed.connect(lambda: self._set_top_up(Stage.ENTER, ""))
        t.stopped.connect(self.stop_waiting)
        t.fuel_chosen.connect(lambda fuel: self._set_top_up(self.topup.stage, self.topup.message,
                                                             self.topup.problem, fuel=Fuel(fuel)))
        t.typing.connect(self._typing)
        t.retranslate(self.s.i18n)
        t.show_view(self.topup)
        return t

    def retranslate(self) -> None:
        self.vm.fmt = self.s.i18n
        for name in ("prepayment", "topup"):
            if (screen := self.s.window.built(name)) is not None:
                screen.retranslate(self.s.i18n)  # type: ignore[attr-defined]

    def show_status(self, words: str, problem: bool = False) -> None:
        self._status = (words, problem)
        if (screen := self.s.window.built("prepayment")) is not None:
            screen.show_status(words, problem)  # type: ignore[attr-defined]

    # -- what the screens show

    def account_view(self, snap: LiveSnapshot) -> AccountView | None:
        """None while the bridge has said nothing of an account, or while it is hidden from a
        guest (the household PIN of the consent settings decides that)."""
        if snap.account is None or not self._visible():
            self.view = None
            return None
        commands = snap.capabilities.commands if snap.capabilities is not None else frozenset()
        if not self.channel.can_send("top-up"):
            commands = frozenset()
        view = self.vm.build(snap.account, commands, snap.now, self._usual_spend(snap))
        if self._demo is not None:
            view = replace(view, demo_codes=self._demo.codes())
        self.view = view
        return view

    def refresh(self) -> None:
        """After the home view is built (it builds the account view): the prepayment screens."""
        if (screen := self.s.window.built("prepayment")) is not None:
            screen.show_view(self.view if self.view is not None else AccountView((), (), (), ()))
        self._refresh_top_up()

    def _refresh_top_up(self) -> None:
        view = self.topup
        fuels = tuple(f.fuel for f in self.view.fuels) if self.view is not None else ()
        left = self.lock.seconds_left(self.s.clock.monotonic())
        if view.locked and not left:
            view = TopUpView(Stage.ENTER, "", False, view.fuels, view.fuel)
        elif left:
            view = TopUpView(Stage.ENTER, self.vm.locked(left), True, view.fuels, view.fuel, locked=True)
        if view.stage is Stage.WAITING and self._top_up_id in self.channel.pending:
            request = self.channel.pending[self._top_up_id]
            overdue = self.channel.overdue(request)
            view = TopUpView(Stage.WAITING, self.vm.waiting(overdue), False, view.fuels, view.fuel,
                             can_stop=overdue)
        fuel = view.fuel if view.fuel in fuels or not fuels else fuels[0]
        codes = self.view.demo_codes if self.view is not None else ()
        self.topup = replace(view, fuels=fuels or (fuel,), fuel=fuel, demo_codes=codes)
        if (screen := self.s.window.built("topup")) is not None:
            screen.show_view(self.topup)

    def _usual_spend(self, snap: LiveSnapshot) -> dict[Fuel, Decimal | None]:
        """Each prepayment fuel's usual spend a day, from the last week's history (looked up
        every ten minutes, not on every reading)."""
        mono = self.s.clock.monotonic()
        known = all(v is not None for v in self._spend[1].values())
        if mono - self._spend[0] < (SPEND_REFRESH_S if known else SPEND_RETRY_S):
            return self._spend[1]
        today = snap.now.astimezone(self.s.tz).date()
        found: dict[Fuel, Decimal | None] = {}
        assert snap.account is not None
        for state in snap.account.in_prepayment():
            found[state.fuel] = self._spend_of(state.fuel, today)
        self._spend = (mono, found)
        return found

    def history_moved(self) -> None:
        """New days in the history: a usual spend not known yet may be known now."""
        if any(v is None for v in self._spend[1].values()):
            self._spend = (float("-inf"), {})

    def _spend_of(self, fuel: Fuel, today: date) -> Decimal | None:
        try:
            days = self.s.reader().days(fuel, Direction.IMPORT, today - timedelta(days=SPEND_DAYS), today)
        except Exception:  # a history that cannot be read only means "not known yet"
            return None
        return usual_daily_spend([(total.cost_p, total.standing_p) for _day, total in days])

    # -- what a household does

    def act_on(self, fuel: str, action: str) -> None:
        """A prepayment button on another screen (home's)."""
        self.act(Fuel(fuel), Action(action))

    def act(self, fuel: Fuel, action: Action) -> None:
        if not self._visible():
            return  # the guest view shows no account, so none of its actions either
        _ = self.s.i18n._
        came_from = self.s.current
        match action:
            case Action.TOP_UP:
                self.open_top_up(fuel)
            case Action.EMERGENCY_CREDIT:
                account = self.view.fuel(fuel) if self.view else None
                limit = next((line for line in (account.lines if account else ())), "")
                self.s.ask(came_from, _("Use emergency credit?"),
                          _("The meter lends you emergency credit to keep the supply on until you can top up. "
                            "It is a loan: it is taken back from your next top-up, before anything is added to "
                            "your credit."), _("Use emergency credit"), _("Not now"),
                          lambda: self._request("emergency-credit", fuel=fuel.value), limit)
            case Action.ENABLE_SUPPLY:
                self.s.ask(came_from, _("Turn your electricity back on?"),
                          _("Before you do: make sure cookers, heaters, irons and hair straighteners are switched "
                            "off, so nothing comes on unattended."), _("They are off: turn on"), _("Not yet"),
                          lambda: self._request("enable-supply", fuel=fuel.value))

    def answer_proposal(self, proposal_id: str, accept: bool) -> None:
        if not self._visible():
            return
        _ = self.s.i18n._
        if not accept:
            self._request("payment-mode", proposal_id=proposal_id, accept=False)
            return
        proposal = next((p for p in (self.view.proposals if self.view else ()) if p.id == proposal_id), None)
        if proposal is None:
            return
        self.s.ask(self.s.current, proposal.title, proposal.explanation, _("Yes, I accept"), _("Not now"),
                  lambda: self._request("payment-mode", proposal_id=proposal_id, accept=True),
                  _("Your supplier says: {note}").format(note=proposal.supplier_note) if proposal.supplier_note
                  else "")

    def _request(self, name: str, **fields: object) -> None:
        if not self._visible():
            return
        self.channel.send(name, **fields)
        self.show_status(self.s.i18n._("Asking the meter…"))

    def open_top_up(self, fuel: Fuel) -> None:
        self._topup_return = self.s.current if self.s.current != "topup" else "home"
        if self.topup.stage is not Stage.WAITING:
            self.topup_screen.start()
            self.topup = TopUpView(fuel=fuel)
        self._refresh_top_up()
        self.s.show("topup")

    def _typing(self) -> None:
        if self.topup.stage is Stage.DONE or self.topup.problem:
            self._set_top_up(Stage.ENTER, "")

    def check(self, code: str) -> None:
        mono = self.s.clock.monotonic()
        if self.lock.seconds_left(mono):
            return self._refresh_top_up()
        problem = utrn.problem(code)
        if problem is not None:
            self.lock.wrong_code(mono)
            self._save_lock()
            if self.lock.seconds_left(mono):
                return self._refresh_top_up()
            return self._set_top_up(Stage.ENTER, self.vm.code_problem(problem, len(code)), True)
        used = self.channel.used(code)
        if used is not None:
            return self._set_top_up(Stage.ENTER, self.vm.already_sent(used.at, used.result), True)
        self._code = code
        self._set_top_up(Stage.CONFIRM, self.vm.confirm_top_up(utrn.value(code).pence, self.topup.fuel))

    def send(self) -> None:
        if self.topup.stage is not Stage.CONFIRM or not self._code:
            return
        request = self.channel.send("top-up", fuel=self.topup.fuel.value, utrn=self._code)
        self._top_up_id, self._code = request.id, ""
        self._set_top_up(Stage.WAITING, self.vm.waiting(False))

    def stop_waiting(self) -> None:
        if self._top_up_id is not None:
            self.channel.forget(self._top_up_id)
        self._top_up_id = None
        self._set_top_up(Stage.DONE, self.vm.no_answer(), True)

    def _set_top_up(self, stage: Stage, message: str, problem: bool = False, *, fuel: Fuel | None = None) -> None:
        self.topup = TopUpView(stage, message, problem, self.topup.fuels, fuel or self.topup.fuel)
        self._refresh_top_up()
        if (message and problem) or stage is Stage.DONE:
            self._tell(message, lambda: self.topup_screen.message)
        elif stage is Stage.CONFIRM:  # spoken; a screen reader hears it as Send's description
            self._tell(message, lambda: self.topup_screen.message, announce=False)

    # -- hearing back

    def on_response(self, response: CommandResponse) -> None:
        answer = self.channel.resolve(response)
        if answer is not None:
            self._answered(answer)

    def tick(self) -> None:
        for answer in self.channel.tick():
            self._answered(answer)
        if self.s.current == "topup":
            self._refresh_top_up()  # the lock's countdown, and "still waiting"

    def _answered(self, answer: Answer) -> None:
        request, response = answer.request, answer.response
        if request.name == "top-up":
            if request.id == self._top_up_id:
                self._top_up_id = None
            if response is None:
                self._set_top_up(Stage.DONE, self.vm.no_answer(), True)
                return
            if response.result is Result.REJECTED_INVALID:
                self.lock.wrong_code(self.s.clock.monotonic())
                self._save_lock()
            elif response.result.accepted:
                self.lock.good_code()
                self._save_lock()
            self._set_top_up(Stage.DONE, self.vm.result(response.result, response.amount_p, response.credit_p,
                                                        response.detail), not response.result.accepted)
            return
        if response is None:
            words, problem = self.s.i18n._("The meter did not answer. Try again later."), True
        else:
            words = self.vm.command_result(request.name, response.result, response.detail)
            problem = not response.result.accepted
        self.show_status(words, problem)
        self._tell(words, lambda: self.screen.status)

    def _tell(self, words: str, where: Callable[[], object], announce: bool = True) -> None:
        """A result the household asked for: announced to a screen reader, and spoken if speech is
        on; not while a guest has the display (the answer is the account's, and telling it would
        also build again the screens the guest view took down)."""
        from ihd.ui.a11y import announce as announced

        if not self._visible():
            return
        if announce:
            announced(where(), words)  # type: ignore[arg-type]
        self._tell_aloud(words)

    def set_connected(self, connected: bool) -> None:
        self.channel.set_connected(connected)

    def _run_out(self) -> None:
        if self._demo is not None:
            self._demo.run_out_of_credit()

    def _save_lock(self) -> None:
        path = self.s.config.data_dir / KEYPAD_FILE
        data = self.lock.saved(self.s.clock.monotonic(), self.s.clock.now())
        self.s.writer.submit("the keypad lock", lambda: write_json(path, data), lambda _reason: None)

    def _save(self, data: dict[str, object]) -> None:
        path = self.s.config.data_dir / COMMANDS_FILE
        self.s.save("commands", lambda: write_json(path, data), lambda reason: self.show_status(
            self.s.i18n._("Requests to the meter could not be saved ({reason}). They are still being "
                          "sent.").format(reason=reason), True))
