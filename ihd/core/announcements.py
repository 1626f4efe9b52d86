"""What is worth telling a person who cannot see the screen change: the connection, a meter going
quiet or coming back, the ambient level, credit running low or the supply going off, and news
from the supplier. Worked out by comparing one home view with the next."""

from __future__ import annotations

from dataclasses import dataclass

from ihd.core.formatting import Formatter
from ihd.core.live import Freshness
from ihd.core.viewmodels import HomeView, PanelView


@dataclass(frozen=True, slots=True)
class Announcement:
    """Something to say aloud to a person who cannot see the screen change."""

    key: str  # what it is about, so the same thing is not repeated
    text: str
    high: bool = False  # in an alarming band: repeated while it lasts


def announcements(before: HomeView | None, after: HomeView, fmt: Formatter) -> list[Announcement]:
    if before is None:
        return []
    found = []
    shown = after.ambient.key if after.ambient else "none"
    if after.ambient and shown != "none" and (before.ambient is None or before.ambient.key != shown):
        found.append(Announcement("level", after.ambient.spoken, after.ambient.alarming))
    if after.link_text != before.link_text:
        found.append(Announcement("link", after.link_text))
    for old, new in ((before.electricity, after.electricity), (before.gas, after.gas)):
        if new.visible and (said := _freshness_change(old, new, fmt)):
            found.append(Announcement(new.fuel.value, said))
        # Credit: said when what it is about changes (low, emergency, off), not as the pennies fall.
        if new.alert and new.alert_kind != old.alert_kind:
            found.append(Announcement(f"{new.fuel.value}-credit", f"{new.title}: {new.alert}"))
    if after.news and after.news != before.news:
        found.append(Announcement("news", after.news))
    return found


def _freshness_change(old: PanelView, new: PanelView, fmt: Formatter) -> str | None:
    if old.freshness is new.freshness:
        return None
    if new.freshness is Freshness.STALE:
        return f"{new.title}: {new.main_note}"
    if old.freshness is Freshness.STALE and new.freshness is Freshness.FRESH:
        return fmt._("{fuel}: readings have come back").format(fuel=new.title)
    return None


def summary(view: HomeView) -> str:
    """The home screen's key figures, as one passage to read aloud."""
    parts = [view.ambient.word] if view.ambient and view.ambient.word else []
    for panel in (view.electricity, view.gas):
        if not panel.visible:
            continue
        parts.append(panel.main_accessible)
        if panel.today_label:
            parts.append(panel.today_accessible)
        if panel.standing:
            parts.append(panel.standing)
        if panel.alert:
            parts.append(panel.alert)
    parts.append(view.link_text)
    return ". ".join(p.rstrip(".") for p in parts if p) + "."
