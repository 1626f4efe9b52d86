"""How far each category was shared is kept with the history, and what the history has heard of the
meter is read in one seek per register."""

from decimal import Decimal

from history_helpers import utc

from ihd.core.readings import RegisterReading
from ihd.core.units import Direction, Fuel, RegisterUnit
from ihd.store import share_marks


def test_marks_are_kept_one_per_category_and_moved_on(make_writer, reader):
    writer = make_writer()
    with writer.transaction():
        share_marks.keep(writer.db, "supplier-daily", utc(2026, 11, 23, 0, 0))
        share_marks.keep(writer.db, "supplier-half-hourly", utc(2026, 11, 23, 17, 0))
        share_marks.keep(writer.db, "supplier-half-hourly", utc(2026, 11, 23, 17, 30))
    assert reader().share_marks() == {"supplier-daily": utc(2026, 11, 23, 0, 0),
                                      "supplier-half-hourly": utc(2026, 11, 23, 17, 30)}


def test_the_history_has_heard_up_to_its_newest_reading_of_any_register(make_writer, reader):
    writer = make_writer()
    assert reader().heard_up_to() is None
    readings = [RegisterReading(Fuel.ELECTRICITY, Direction.IMPORT, Decimal("100.0"), RegisterUnit.KWH,
                                utc(2026, 11, 23, 17, 5)),
                RegisterReading(Fuel.ELECTRICITY, Direction.IMPORT, Decimal("100.5"), RegisterUnit.KWH,
                                utc(2026, 11, 23, 17, 35)),
                RegisterReading(Fuel.GAS, Direction.IMPORT, Decimal("50.0"), RegisterUnit.M3,
                                utc(2026, 11, 23, 17, 0))]
    writer.apply([("test", r) for r in readings], utc(2026, 11, 23, 17, 40))
    assert reader().heard_up_to() == utc(2026, 11, 23, 17, 35)
