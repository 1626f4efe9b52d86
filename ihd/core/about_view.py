"""The About screen's words, for whoever supports the household: the version, the home's
identity, the broker and how the link is, how many messages came and what became of them, and the
last problems logged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from ihd.core.feeds_status import FeedsStatus
from ihd.core.formatting import Formatter

TOP_REASONS = 3


@dataclass(frozen=True, slots=True)
class Counts:
    """Messages: received = taken + refused + dropped (once the queue is drained)."""

    received: int
    taken: int
    refused: int
    dropped: int
    reasons: dict[str, int]  # why messages or parts of them were refused, and how often, by kind


@dataclass(frozen=True, slots=True)
class AboutView:
    """The About screen's words: a heading and its text for each section, in order."""

    sections: tuple[tuple[str, str], ...]  # heading, text


def about_view(fmt: Formatter, tz: ZoneInfo, version: str, broker: str | None, link_words: str,
               counts: Counts, problems: Sequence[tuple[datetime, str]],
               clock_stepped_back: datetime | None = None, feeds: FeedsStatus | None = None,
               home_id: str | None = None) -> AboutView:
    """`broker` is None in the demo; `problems` are newest first; `home_id` is the home's
    pseudonymous identity, which the household quotes to an organisation it shares with."""
    _ = fmt._
    where = broker if broker is not None else _("none: the demo runs on a simulated home")
    messages = _("{received} received: {taken} taken, {refused} refused, {dropped} dropped when too many came at "
                 "once").format(received=counts.received, taken=counts.taken, refused=counts.refused,
                                dropped=counts.dropped)
    common = sorted(counts.reasons.items(), key=lambda item: (-item[1], item[0]))[:TOP_REASONS]
    if common:
        messages += "\n" + "\n".join(_("{count} refused: {reason}").format(count=n, reason=why)
                                     for why, n in common)
    if clock_stepped_back is not None:
        messages += "\n" + _("The bridge's clock went back at {time}; its readings are followed again.").format(
            time=fmt.time(clock_stepped_back, tz))
    if problems:
        logged = "\n".join(f"{at.astimezone(tz):%d %b %H:%M:%S} {text}" for at, text in problems)
    else:
        logged = _("None since the display started.")
    sections = [(_("Version"), f"ihd {version}")]
    if home_id is not None:
        sections.append((_("Home ID"), home_id + "\n" + _(
            "Quote it to an organisation you share your data with. It does not say where the home is, and it "
            "changes when the display is wiped for a new occupier.")))
    sections += [(_("Broker"), f"{where}\n{link_words}"), (_("Messages"), messages)]
    if feeds is not None:
        sections.append((_("Internet feeds"), _feeds(feeds, fmt, tz)))
    sections.append((_("Last problems"), logged))
    return AboutView(tuple(sections))


def _feeds(feeds: FeedsStatus, fmt: Formatter, tz: ZoneInfo) -> str:
    """ihd-feeds's own word for each source (its reasons are technical English, for support)."""
    _ = fmt._
    if not feeds.online:
        return _("ihd-feeds is not running.")
    lines = []
    for name, source in sorted(feeds.sources.items()):
        since = f" {fmt.time(source.since, tz)}" if source.since is not None else ""
        lines.append(f"{name}: {source.state}{since}" + (f" ({source.reason})" if source.reason else ""))
    return "\n".join(lines)
