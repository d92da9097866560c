"""Reply tracking: when a reply is due, whether it came, and why it may be late.

Plain functions of the record and a given `today`, so that tests fix the calendar.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .enums import CensorshipKind, Channel, Direction, LetterStatus
from .partial_date import PartialDate

# Days to wait for a reply, by channel; the user can change them in the settings.
DEFAULT_REPLY_DAYS: dict[str, int] = {
    Channel.ELECTRONIC: 14,
    Channel.POST: 45,
    Channel.REGISTERED_POST: 45,
    Channel.LAWYER: 30,
    Channel.IN_PERSON: 14,
    Channel.PUBLIC_STATEMENT: 90,
    Channel.OTHER: 45,
}
INTERNATIONAL_POST_DAYS = 90
DEFAULT_CONTACT_INTERVAL_DAYS = 30

# Statuses of a letter that really went (or came): drafts and letters still waiting to be
# sent are not contact.
SENT_STATUSES = frozenset({LetterStatus.SENT, LetterStatus.DELIVERED, LetterStatus.RECEIVED,
                           LetterStatus.RETURNED, LetterStatus.LOST, LetterStatus.WITHHELD})
CENSOR_HOLDS = frozenset({CensorshipKind.DELAYED, CensorshipKind.WITHHELD})


class ReplyState(StrEnum):
    NOT_EXPECTED = "not_expected"
    AWAITING = "awaiting"
    OVERDUE = "overdue"
    ANSWERED = "answered"


class OverdueCause(StrEnum):
    """Why a reply is late, most telling first."""

    HELD_BY_CENSOR = "held_by_censor"  # a censorship event says delayed or withheld
    SENT_IN_TRANSIT = "sent_in_transit"  # sent while the prisoner was on etap
    POSSIBLY_MOVED = "possibly_moved"  # a move or transit began after it was sent
    OVERDUE = "overdue"  # plain silence


@dataclass(frozen=True)
class StayFacts:
    facility_id: str | None
    start: str | None
    end: str | None


def letter_date(written_on: str | None, sent_on: str | None,
                received_on: str | None = None) -> str | None:
    """When a letter set off: sent, else written, else received."""
    return sent_on or written_on or received_on


def default_reply_due(
    channel: str,
    sent_on: str,
    *,
    international: bool = False,
    days_by_channel: Mapping[str, int] = DEFAULT_REPLY_DAYS,
    international_days: int = INTERNATIONAL_POST_DAYS,
) -> str:
    """The day a reply is due, counted from the last day the sending date may stand for."""
    if international and channel in (Channel.POST, Channel.REGISTERED_POST):
        days = international_days
    else:
        days = days_by_channel.get(channel, DEFAULT_REPLY_DAYS[Channel.OTHER])
    due = PartialDate.parse(sent_on).latest() + timedelta(days=days)
    return due.isoformat()


def reply_state(
    *,
    expects_reply: bool,
    has_reply: bool,
    answered_on: str | None,
    reply_due: str | None,
    today: date,
) -> ReplyState:
    if not expects_reply:
        return ReplyState.NOT_EXPECTED
    if has_reply or answered_on:
        return ReplyState.ANSWERED
    if reply_due and PartialDate.parse(reply_due).latest() < today:
        return ReplyState.OVERDUE
    return ReplyState.AWAITING


def overdue_causes(
    *,
    sent_on: str | None,
    stays: Iterable[StayFacts],
    censorship_kinds: Iterable[str],
) -> list[OverdueCause]:
    """Every likely cause of a late reply, most telling first; [OVERDUE] when none."""
    causes: list[OverdueCause] = []
    if any(kind in CENSOR_HOLDS for kind in censorship_kinds):
        causes.append(OverdueCause.HELD_BY_CENSOR)
    if sent_on:
        sent = PartialDate.parse(sent_on)
        stays = list(stays)
        if any(stay.facility_id is None and _covers(stay, sent) for stay in stays):
            causes.append(OverdueCause.SENT_IN_TRANSIT)
        if any(stay.start and PartialDate.parse(stay.start).midpoint() > sent.midpoint()
               for stay in stays):
            causes.append(OverdueCause.POSSIBLY_MOVED)
    return causes or [OverdueCause.OVERDUE]


def _covers(stay: StayFacts, day: PartialDate) -> bool:
    if stay.start and PartialDate.parse(stay.start).earliest() > day.latest():
        return False
    if stay.end and PartialDate.parse(stay.end).latest() < day.earliest():
        return False
    return True


def in_transit_on(stays: Iterable[StayFacts], day: str) -> bool:
    """Whether the prisoner was (possibly) on etap on that date."""
    when = PartialDate.parse(day)
    return any(stay.facility_id is None and _covers(stay, when) for stay in stays)


@dataclass(frozen=True)
class ContactFacts:
    direction: str
    status: str
    written_on: str | None
    sent_on: str | None
    received_on: str | None


def contact_date(letter: ContactFacts) -> str | None:
    """The date a letter counts as contact with the prisoner, or None when it does not:
    every incoming letter counts (even one that answers nothing); an outgoing one once sent."""
    if letter.direction == Direction.INCOMING:
        return letter.received_on or letter.sent_on or letter.written_on
    if letter.status in SENT_STATUSES:
        return letter.sent_on or letter.written_on
    return None


def contact_order(day: str) -> tuple[date, date]:
    """Order of contact dates: by the middle of their period, so a letter dated only "2024"
    does not count as later than one of 2024-11-14."""
    value = PartialDate.parse(day)
    return (value.midpoint(), value.latest())


def last_contact(letters: Iterable[ContactFacts]) -> str | None:
    dates = [d for d in (contact_date(letter) for letter in letters) if d]
    return max(dates, key=contact_order, default=None)


def days_without_contact(last: str | None, today: date) -> int | None:
    """Days since the last contact, counted from the last day its date may stand for."""
    if last is None:
        return None
    return max(0, (today - PartialDate.parse(last).latest()).days)
