"""What needs doing: letters awaiting a reply (overdue first, with their likely cause),
prisoners out of contact, recent moves, drafts on hold, and where letters get stopped.

Each function reads in one short session and returns plain dataclasses; `today` is a
parameter so that nothing here depends on the calendar.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, exists, func
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from ..domain.enums import CensorshipKind, Direction, LetterStatus
from ..domain.partial_date import PartialDate
from ..domain.replies import (
    DEFAULT_CONTACT_INTERVAL_DAYS,
    DEFAULT_REPLY_DAYS,
    INTERNATIONAL_POST_DAYS,
    ContactFacts,
    OverdueCause,
    ReplyState,
    StayFacts,
    contact_date,
    contact_order,
    days_without_contact,
    default_reply_due,
    in_transit_on,
    letter_date,
    overdue_causes,
    reply_state,
)
from .database import Database
from .models import CensorshipEvent, CustodyStay, Facility, Letter, Prisoner
from .settings import Settings


@dataclass(frozen=True)
class ReplyRules:
    """The user's settings for due dates and contact targets."""

    days_by_channel: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_REPLY_DAYS))
    international_days: int = INTERNATIONAL_POST_DAYS
    sending_from_abroad: bool = False
    contact_interval_days: int = DEFAULT_CONTACT_INTERVAL_DAYS


@dataclass(frozen=True)
class DueItem:
    letter_id: str
    prisoner_id: str
    prisoner_name: str
    direction: str
    title: str | None
    sent_on: str | None
    due: str | None  # the letter's own reply_due, else the default for its channel
    state: ReplyState
    causes: tuple[OverdueCause, ...] = ()
    days_late: int = 0

    @property
    def cause(self) -> OverdueCause | None:
        return self.causes[0] if self.causes else None


@dataclass(frozen=True)
class ContactItem:
    prisoner_id: str
    prisoner_name: str
    last_contact: str | None
    days_without: int | None
    target_days: int

    @property
    def past_target(self) -> bool:
        return self.days_without is not None and self.days_without > self.target_days


@dataclass(frozen=True)
class MoveItem:
    prisoner_id: str
    prisoner_name: str
    facility_name: str | None  # None: in transit
    start: str | None


@dataclass(frozen=True)
class DraftItem:
    letter_id: str
    prisoner_id: str
    prisoner_name: str
    title: str | None
    status: str
    held_reason: str | None  # e.g. the prisoner is in transit


@dataclass
class FacilityStats:
    facility_id: str
    facility_name: str
    sent: int = 0
    delivered: int = 0
    delayed: int = 0
    redacted: int = 0
    withheld: int = 0
    lost: int = 0

    @property
    def withheld_rate(self) -> float:
        return self.withheld / self.sent if self.sent else 0.0

    def flagged(self, threshold: float = 0.25, minimum: int = 4) -> bool:
        """A facility where letters are often withheld (enough letters to say so)."""
        return self.sent >= minimum and self.withheld_rate >= threshold


def reply_rules(settings: Settings) -> ReplyRules:
    return ReplyRules(
        days_by_channel=settings.reply_days,
        international_days=settings.international_post_days,
        sending_from_abroad=settings.sending_from_abroad,
        contact_interval_days=settings.contact_interval_days,
    )


def _name(prisoner: Prisoner) -> str:
    return prisoner.full_name if not prisoner.latin_name else \
        f"{prisoner.full_name} ({prisoner.latin_name})"


def due_items(database: Database, today: date, rules: ReplyRules = ReplyRules()) -> list[DueItem]:
    """Letters that expect a reply and have none: overdue first (most late first), then
    awaiting (soonest due first)."""
    reply = aliased(Letter)
    has_reply = exists().where(reply.in_reply_to == Letter.id)
    with database.session() as session:
        rows = session.exec(
            select(Letter, Prisoner)
            .join(Prisoner, Prisoner.id == Letter.prisoner_id)
            .where(Letter.expects_reply, col(Letter.answered_on).is_(None), ~has_reply,
                   col(Letter.status).not_in([LetterStatus.DRAFT, LetterStatus.READY]))
        ).all()
        prisoner_ids = {letter.prisoner_id for letter, _ in rows}
        letter_ids = [letter.id for letter, _ in rows]
        stays: dict[str, list[StayFacts]] = defaultdict(list)
        for stay in session.exec(select(CustodyStay)
                                 .where(col(CustodyStay.prisoner_id).in_(prisoner_ids))):
            stays[stay.prisoner_id].append(StayFacts(stay.facility_id, stay.start, stay.end))
        censorship: dict[str, list[str]] = defaultdict(list)
        for letter_id, kind in session.exec(
            select(CensorshipEvent.letter_id, CensorshipEvent.kind)
            .where(col(CensorshipEvent.letter_id).in_(letter_ids))
        ):
            censorship[letter_id].append(kind)
    items = []
    for letter, prisoner in rows:
        sent = letter_date(letter.written_on, letter.sent_on, letter.received_on)
        due = letter.reply_due
        if due is None and sent:
            due = default_reply_due(
                letter.channel, sent,
                international=rules.sending_from_abroad,
                days_by_channel=rules.days_by_channel,
                international_days=rules.international_days,
            )
        state = reply_state(expects_reply=True, has_reply=False, answered_on=None,
                            reply_due=due, today=today)
        causes: tuple[OverdueCause, ...] = ()
        late = 0
        if state is ReplyState.OVERDUE:
            causes = tuple(overdue_causes(sent_on=sent, stays=stays[letter.prisoner_id],
                                          censorship_kinds=censorship[letter.id]))
            late = (today - PartialDate.parse(due).latest()).days  # type: ignore[arg-type]
        items.append(DueItem(letter.id, prisoner.id, _name(prisoner), letter.direction,
                             letter.title, sent, due, state, causes, late))
    overdue = sorted((i for i in items if i.state is ReplyState.OVERDUE),
                     key=lambda i: (-i.days_late, i.prisoner_name))
    awaiting = sorted((i for i in items if i.state is not ReplyState.OVERDUE),
                      key=lambda i: (i.due or "9999", i.prisoner_name))
    return overdue + awaiting


def contact_items(database: Database, today: date,
                  rules: ReplyRules = ReplyRules()) -> list[ContactItem]:
    """Every prisoner in custody or with letters: last contact and days without it, the
    longest silence first."""
    with database.session() as session:
        prisoners = session.exec(select(Prisoner)
                                 .where(Prisoner.status != "released")).all()
        last: dict[str, str] = {}
        for facts in session.exec(select(Letter.prisoner_id, Letter.direction, Letter.status,
                                         Letter.written_on, Letter.sent_on,
                                         Letter.received_on)):
            when = contact_date(ContactFacts(*facts[1:]))
            if when and (facts[0] not in last
                         or contact_order(when) > contact_order(last[facts[0]])):
                last[facts[0]] = when
    items = [
        ContactItem(p.id, _name(p), last.get(p.id), days_without_contact(last.get(p.id), today),
                    p.contact_interval_days or rules.contact_interval_days)
        for p in prisoners
    ]
    return sorted(items, key=lambda i: (-(i.days_without if i.days_without is not None else -1),
                                        i.prisoner_name))


def recent_moves(database: Database, today: date, days: int = 90) -> list[MoveItem]:
    """Stays that began in the last `days` days (moves and etaps), newest first, and every
    prisoner in transit now."""
    since = today - timedelta(days=days)
    with database.session() as session:
        rows = session.exec(
            select(CustodyStay, Prisoner, Facility)
            .join(Prisoner, Prisoner.id == CustodyStay.prisoner_id)
            .outerjoin(Facility, Facility.id == CustodyStay.facility_id)
        ).all()
    items = []
    for stay, prisoner, facility in rows:
        recent = stay.start and PartialDate.parse(stay.start).latest() >= since
        transit_now = stay.facility_id is None and stay.end is None
        if recent or transit_now:
            items.append(MoveItem(prisoner.id, _name(prisoner),
                                  facility.name if facility else None, stay.start))
    return sorted(items, key=lambda i: i.start or "", reverse=True)


def held_drafts(database: Database, today: date) -> list[DraftItem]:
    """Outgoing letters not yet sent, with the reason to hold them where there is one."""
    with database.session() as session:
        rows = session.exec(
            select(Letter, Prisoner).join(Prisoner, Prisoner.id == Letter.prisoner_id)
            .where(Letter.direction == Direction.OUTGOING,
                   col(Letter.status).in_([LetterStatus.DRAFT, LetterStatus.READY]))
            .order_by(Letter.created_at)
        ).all()
        stays: dict[str, list[StayFacts]] = defaultdict(list)
        for stay in session.exec(select(CustodyStay).where(
                col(CustodyStay.prisoner_id).in_({letter.prisoner_id for letter, _ in rows}))):
            stays[stay.prisoner_id].append(StayFacts(stay.facility_id, stay.start, stay.end))
    items = []
    for letter, prisoner in rows:
        reason = None
        if in_transit_on(stays[prisoner.id], today.isoformat()):
            reason = "in_transit"
        items.append(DraftItem(letter.id, prisoner.id, _name(prisoner), letter.title,
                               letter.status, reason))
    return items


def facility_stats(database: Database) -> list[FacilityStats]:
    """Per facility: outgoing letters sent there and what became of them."""
    stats: dict[str, FacilityStats] = {}
    sent_statuses = [LetterStatus.SENT, LetterStatus.DELIVERED, LetterStatus.RECEIVED,
                     LetterStatus.RETURNED, LetterStatus.LOST, LetterStatus.WITHHELD]
    with database.session() as session:
        for facility in session.exec(select(Facility)):
            stats[facility.id] = FacilityStats(facility.id, facility.name)
        for facility_id, status, count in session.exec(
            select(Letter.facility_id, Letter.status, func.count())
            .where(Letter.direction == Direction.OUTGOING, col(Letter.facility_id).is_not(None),
                   col(Letter.status).in_(sent_statuses))
            .group_by(Letter.facility_id, Letter.status)
        ):
            item = stats[facility_id]
            item.sent += count
            if status in (LetterStatus.DELIVERED, LetterStatus.RECEIVED):
                item.delivered += count
            elif status == LetterStatus.WITHHELD:
                item.withheld += count
            elif status == LetterStatus.LOST:
                item.lost += count
        # Censorship events, counted once per letter and kind.
        for facility_id, kind, count in session.exec(
            select(Letter.facility_id, CensorshipEvent.kind,
                   func.count(func.distinct(CensorshipEvent.letter_id)))
            .join(Letter, Letter.id == CensorshipEvent.letter_id)
            .where(Letter.direction == Direction.OUTGOING, col(Letter.facility_id).is_not(None),
                   col(CensorshipEvent.kind).in_([CensorshipKind.DELAYED,
                                                  CensorshipKind.REDACTED]))
            .group_by(Letter.facility_id, CensorshipEvent.kind)
        ):
            setattr(stats[facility_id], kind, count)
    return sorted(stats.values(), key=lambda s: (-s.sent, s.facility_name))


def letters_per_month(database: Database, today: date,
                      months: int = 24) -> list[tuple[str, int, int]]:
    """(YYYY-MM, sent, received) for the last `months` months, oldest first. Letters dated
    only to the year are left out: they belong to no month."""
    keys = []
    year, month = today.year, today.month
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    keys.reverse()
    counts = {key: [0, 0] for key in keys}
    when = func.substr(func.coalesce(Letter.sent_on, Letter.written_on, Letter.received_on), 1, 7)
    with database.session() as session:
        for month_key, direction, count in session.exec(
            select(when, Letter.direction, func.count())
            .where(and_(when >= keys[0], when <= keys[-1]),
                   col(Letter.status).not_in([LetterStatus.DRAFT, LetterStatus.READY]))
            .group_by(when, Letter.direction)
        ):
            if month_key in counts and len(month_key) == 7:
                counts[month_key][0 if direction == Direction.OUTGOING else 1] += count
    return [(key, sent, received) for key, (sent, received) in counts.items()]
