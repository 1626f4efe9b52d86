"""The unit control: one tap shows every figure in kWh, in pounds and pence, or in kg CO2e."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QWidget

from ihd.core.formatting import Formatter
from ihd.core.units import DisplayUnit


class UnitSwitch(QWidget):
    unit_chosen = Signal(object)  # DisplayUnit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons: dict[DisplayUnit, QPushButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for unit in DisplayUnit:
            button = QPushButton(self)
            button.setCheckable(True)
            self._group.addButton(button)
            row.addWidget(button)
            button.clicked.connect(lambda _checked=False, u=unit: self.unit_chosen.emit(u))
            self.buttons[unit] = button

    def retranslate(self, fmt: Formatter) -> None:
        _ = fmt._
        texts = {
            DisplayUnit.ENERGY: (_("kWh"), _("Show energy in kilowatt hours")),
            DisplayUnit.MONEY: (_("£ and p"), _("Show cost in pounds and pence")),
            DisplayUnit.CARBON: (_("CO2e"), _("Show carbon in kilograms of CO2 equivalent")),
        }
        for unit, (text, name) in texts.items():
            self.buttons[unit].setText(text)
            self.buttons[unit].setAccessibleName(name)

    def set_unit(self, unit: DisplayUnit) -> None:
        self.buttons[unit].setChecked(True)
