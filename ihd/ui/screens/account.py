"""Pay as you go: each prepayment fuel's balance and what it means, what can be done now (top up,
emergency credit, turn the supply back on), proposals and messages from the supplier, and the
meter's recent top-ups.

A fuel's card is made once and updated as the balance moves, so the keyboard focus and a screen
reader's place survive every new reading; the lists below are rebuilt only when they change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from ihd.core.account_view import AccountView, Action, FuelAccount, MessageView, ProposalView
from ihd.core.formatting import Formatter
from ihd.core.units import Fuel
from ihd.ui.widgets.button import Button
from ihd.ui.widgets.flow import FlowLayout
from ihd.ui.widgets.focus_order import follow_layout
from ihd.ui.widgets.labels import label, set_warning
from ihd.ui.widgets.scroll import touch_scroll_area


def _gap(widget: QWidget) -> int:
    return widget.fontMetrics().height() // 2


class FuelCard(QFrame):
    action = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.title = label("title", self)
        self.caption = label("note", self)
        self.balance = label("balance", self)
        self.days = label("", self, wrap=True)
        self.alert = label("note", self, wrap=True)
        self.lines = label("note", self, wrap=True)
        self.buttons = {action: Button(self) for action in Action}
        for action, button in self.buttons.items():
            button.clicked.connect(lambda _c=False, a=action: self.action.emit(a.value))
        row = QWidget(self)
        row.setProperty("role", "row")
        flow = FlowLayout(row, spacing=_gap(self))
        flow.add(*self.buttons.values())
        column = QVBoxLayout(self)
        gap = _gap(self)
        column.setContentsMargins(gap, gap, gap, gap)
        column.setSpacing(gap // 2)
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.caption, 1)
        column.addLayout(heading)
        # The balance with its buttons (Top up) beside it, first: in large print, and in a taller
        # script, the lines below may scroll, but never those.
        money = QHBoxLayout()
        money.setSpacing(gap)
        money.addWidget(self.balance)
        money.addWidget(row, 1, Qt.AlignmentFlag.AlignVCenter)
        column.addLayout(money)
        for widget in (self.days, self.alert, self.lines):
            column.addWidget(widget)

    def show_fuel(self, fuel: FuelAccount, labels: dict[Action, str]) -> None:
        self.title.setText(fuel.title)
        self.caption.setText(fuel.label)
        # A figure alone has no letters to tell its direction: give it the screen's.
        self.balance.setText(("\u200f" if self.isRightToLeft() else "") + fuel.balance)
        self.balance.setAccessibleName(f"{fuel.title}, {fuel.label}, {fuel.balance_spoken}")
        self.days.setText(fuel.days_left)
        self.days.setVisible(bool(fuel.days_left))
        self.alert.setText(fuel.alert_text)
        self.alert.setVisible(bool(fuel.alert_text))
        set_warning(self.alert, bool(fuel.alert_text))
        self.lines.setText("\n".join(fuel.lines))
        self.lines.setVisible(bool(fuel.lines))
        for action, button in self.buttons.items():
            button.setVisible(action in fuel.actions)
            button.set_label(labels[action])


class AccountScreen(QWidget):
    back = Signal()
    action = Signal(str, str)  # fuel, action
    message_confirmed = Signal(str)
    proposal_answered = Signal(str, bool)  # accept (asks again first) or decline
    demo_run_out = Signal()  # the demo's way to see the supply go off

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fmt: Formatter | None = None
        self._view: AccountView | None = None
        self._lists: tuple[object, ...] | None = None
        self.back_button = Button(self)
        self.back_button.clicked.connect(self.back)
        self.title = label("title", self)
        self.status = label("note", self, wrap=True)
        self.status.hide()
        body = QWidget()
        self.empty = label("", body, wrap=True)
        self.run_out = Button(body)
        self.run_out.clicked.connect(self.demo_run_out)
        self.run_out.hide()
        self.read_only = label("note", body, wrap=True)
        self.cards: dict[Fuel, FuelCard] = {}
        self._cards = QVBoxLayout()
        self._lists_box = QVBoxLayout()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        gap = _gap(self)
        column.setSpacing(gap)
        column.addWidget(self.empty)
        column.addLayout(self._cards)
        column.addWidget(self.read_only)
        column.addLayout(self._lists_box)
        column.addWidget(self.run_out)
        column.addStretch(1)
        self.scroll = touch_scroll_area(body, self)
        top = QHBoxLayout()
        top.setSpacing(gap)
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(gap, gap, gap, gap)
        outer.setSpacing(gap)
        outer.addLayout(top)
        outer.addWidget(self.status)
        outer.addWidget(self.scroll, 1)

    def essentials(self) -> dict[str, QWidget]:
        """Each pay-as-you-go fuel's balance and its Top up (see ihd.ui.layout_check)."""
        found: dict[str, QWidget] = {"back": self.back_button}
        for fuel, card in self.cards.items():
            if card.isVisibleTo(self):
                found[f"{fuel.value} balance"] = card.balance
                if card.buttons[Action.TOP_UP].isVisibleTo(self):
                    found[f"{fuel.value} top up"] = card.buttons[Action.TOP_UP]
        return found

    def focus_after(self, _came_from: str) -> QWidget:
        return self.back_button

    def retranslate(self, fmt: Formatter) -> None:
        _ = fmt._
        self._fmt = fmt
        self.back_button.set_label(_("Back"), _("Back to the home screen"))
        self.title.setText(_("Pay as you go"))
        self.scroll.setAccessibleName(_("Credit, messages and top-ups"))
        self.run_out.set_label(_("Demo: use up the credit"), _("Demo: use up the credit and see the supply go off"))
        self._lists = None  # headings are words too
        if self._view is not None:
            self.show_view(self._view)

    def show_demo(self, demo: bool) -> None:
        self.run_out.setVisible(demo and bool(self._view and self._view.fuels))

    def show_status(self, text: str, problem: bool = False) -> None:
        """The outcome of the last request (emergency credit, turning on, a message confirmed)."""
        self.status.setText(text)
        self.status.setVisible(bool(text))
        set_warning(self.status, problem)

    def show_view(self, view: AccountView) -> None:
        self._view = view
        if self._fmt is None:
            return
        _ = self._fmt._
        labels = {Action.TOP_UP: _("Top up"), Action.EMERGENCY_CREDIT: _("Use emergency credit"),
                  Action.ENABLE_SUPPLY: _("Turn electricity on")}
        for fuel in view.fuels:
            card = self.cards.get(fuel.fuel)
            if card is None:
                card = self.cards[fuel.fuel] = FuelCard()
                card.action.connect(lambda action, f=fuel.fuel: self.action.emit(f.value, action))
                self._cards.addWidget(card)
            card.setVisible(True)
            card.show_fuel(fuel, labels)
        for fuel, card in self.cards.items():
            card.setVisible(view.fuel(fuel) is not None)
        self.empty.setText(_("Your meters are not on pay as you go, so there is no balance to show."))
        self.empty.setVisible(not view.fuels)
        self.read_only.setText(_("This display reads the meter but cannot send it requests: top up at the meter "
                                 "or with your supplier."))
        self.read_only.setVisible(view.read_only and bool(view.fuels))
        lists = (view.proposals, view.messages, view.top_ups, view.read_only)
        if lists != self._lists:
            self._lists = lists
            self._rebuild_lists(view)
        follow_layout(self)  # cards and messages come and go: Tab still goes down the screen

    def _rebuild_lists(self, view: AccountView) -> None:
        assert self._fmt is not None
        _ = self._fmt._
        while (item := self._lists_box.takeAt(0)) is not None:
            if (old := item.widget()) is not None:
                old.hide()
                old.setParent(None)  # out of the tree now, not at the next turn of the event loop
                old.deleteLater()
        for proposal in view.proposals:
            self._lists_box.addWidget(self._proposal_card(proposal))
        if view.messages:
            self._lists_box.addWidget(self._heading(_("Messages from your supplier")))
            for message in view.messages:
                self._lists_box.addWidget(self._message_card(message))
        if view.top_ups:
            self._lists_box.addWidget(self._heading(_("Recent top-ups")))
            for line in view.top_ups:
                self._lists_box.addWidget(self._line(line))

    def _heading(self, text: str) -> QWidget:
        heading = label("heading", None, wrap=True)
        heading.setText(text)
        return heading

    def _line(self, text: str) -> QWidget:
        line = label("", None, wrap=True)
        line.setText(text)
        return line

    def _card(self) -> tuple[QFrame, QVBoxLayout]:
        card = QFrame()
        card.setProperty("role", "card")
        column = QVBoxLayout(card)
        gap = _gap(self)
        column.setContentsMargins(gap, gap, gap, gap)
        column.setSpacing(gap // 2)
        return card, column

    def _message_card(self, message: MessageView) -> QWidget:
        assert self._fmt is not None
        _ = self._fmt._
        card, column = self._card()
        heading = label("note", card, wrap=True)
        heading.setText(f"{message.importance} · {message.when}")
        set_warning(heading, message.urgent)
        text = label("", card, wrap=True)
        text.setText(message.text)
        column.addWidget(heading)
        column.addWidget(text)
        if message.can_confirm:
            confirm = Button(card)
            confirm.set_label(_("I have read this"), _("Tell the supplier you have read this message"))
            confirm.clicked.connect(lambda: self.message_confirmed.emit(message.id))
            column.addWidget(confirm)
        card.setAccessibleName(f"{message.importance}, {message.when}: {message.text}")
        return card

    def _proposal_card(self, proposal: ProposalView) -> QWidget:
        assert self._fmt is not None
        _ = self._fmt._
        card, column = self._card()
        title = label("heading", card, wrap=True)
        title.setText(proposal.title)
        set_warning(title, True)
        text = label("", card, wrap=True)
        text.setText(proposal.explanation)
        column.addWidget(title)
        column.addWidget(text)
        if proposal.supplier_note:
            note = label("note", card, wrap=True)
            note.setText(_("Your supplier says: {note}").format(note=proposal.supplier_note))
            column.addWidget(note)
        if proposal.can_answer:
            row = QWidget(card)
            row.setProperty("role", "row")
            accept, decline = Button(row), Button(row)
            accept.set_label(_("Accept…"), _("Accept this proposal (you are asked again first)"))
            decline.set_label(_("Decline"), _("Decline this proposal: nothing changes"))
            accept.clicked.connect(lambda: self.proposal_answered.emit(proposal.id, True))
            decline.clicked.connect(lambda: self.proposal_answered.emit(proposal.id, False))
            FlowLayout(row, spacing=_gap(self)).add(decline, accept)
            column.addWidget(row)
        return card
