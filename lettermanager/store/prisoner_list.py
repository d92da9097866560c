"""What the Prisoners page shows: the list of prisoners and one prisoner's page.

The list is one grouped query (no query per prisoner), so it stays fast with thousands of
prisoners and a hundred thousand letters. Plain dataclasses come back; the GUI never holds a
session.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, literal, true
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from ..domain.custody import Place, build_timeline
from ..domain.enums import Direction
from ..domain.partial_date import PartialDate
from .database import Database
from .errors import NotFound
from .models import Correspondent, CustodyStay, Facility, Letter, Prisoner
from .service import LETTER_DATE, Store
from .summary import database_of


@dataclass(frozen=True)
class PrisonerRow:
    id: str
    full_name: str
    latin_name: str | None
    status: str
    place: Place | None  # None: no custody record at all
    facility_id: str | None = None
    facility_name: str | None = None
    since: str | None = None  # when the current place began (partial-date ISO text)
    last_letter_on: str | None = None  # the latest letter date (written, else sent, received)
    awaiting_reply: int = 0  # outgoing letters expecting a reply that no letter answers yet
    letter_count: int = 0


def prisoner_rows(source: Store | Database) -> list[PrisonerRow]:
    """Every prisoner with their current place and letter figures, sorted by full name."""
    reply = aliased(Letter)
    answered = select(reply.id).where(reply.in_reply_to == Letter.id).exists()
    letters = (
        select(
            Letter.prisoner_id.label("prisoner_id"),
            func.count().label("letter_count"),
            func.max(LETTER_DATE).label("last_on"),
        )
        .group_by(Letter.prisoner_id)
        .subquery()
    )
    # Outgoing letters expecting a reply are few: filter them first (an index on
    # (prisoner_id) WHERE direction = 'outgoing' AND expects_reply = 1 serves this directly).
    awaiting = (
        select(Letter.prisoner_id.label("prisoner_id"), func.count().label("awaiting"))
        .where(Letter.direction == Direction.OUTGOING.value, Letter.expects_reply == true(),
               ~answered)
        .group_by(Letter.prisoner_id)
        .subquery()
    )
    # One open stay per prisoner (the store allows only one; take the latest if data has more).
    open_stay = aliased(CustodyStay)
    open_stay_id = (
        select(open_stay.id)
        .where(open_stay.prisoner_id == Prisoner.id, col(open_stay.end).is_(None))
        .order_by(col(open_stay.start).desc())
        .limit(1)
        .scalar_subquery()
    )
    any_stay = select(literal(1)).where(CustodyStay.prisoner_id == Prisoner.id).exists()
    stay = aliased(CustodyStay)
    last_end = (
        select(func.max(CustodyStay.end))
        .where(CustodyStay.prisoner_id == Prisoner.id)
        .scalar_subquery()
    )
    query = (
        select(
            Prisoner.id, Prisoner.full_name, Prisoner.latin_name, Prisoner.status,
            stay.id, stay.start, Facility.id, Facility.name, any_stay, last_end,
            letters.c.last_on, awaiting.c.awaiting, letters.c.letter_count,
        )
        .select_from(Prisoner)
        .outerjoin(stay, stay.id == open_stay_id)
        .outerjoin(Facility, Facility.id == stay.facility_id)
        .outerjoin(letters, letters.c.prisoner_id == Prisoner.id)
        .outerjoin(awaiting, awaiting.c.prisoner_id == Prisoner.id)
        .order_by(Prisoner.full_name, Prisoner.id)
    )
    rows: list[PrisonerRow] = []
    with database_of(source).session() as session:
        for (pid, full_name, latin_name, status, stay_id, stay_start, facility_id,
             facility_name, has_stays, last_stay_end, last_on, awaiting_count,
             letter_count) in session.exec(query):
            if stay_id is not None:
                place = Place.HELD if facility_id else Place.IN_TRANSIT
                since = stay_start
            elif has_stays:
                place, since = Place.FREE, last_stay_end
            else:
                place, since = None, None
            rows.append(PrisonerRow(
                id=pid, full_name=full_name, latin_name=latin_name, status=status,
                place=place, facility_id=facility_id, facility_name=facility_name,
                since=since, last_letter_on=last_on, awaiting_reply=int(awaiting_count or 0),
                letter_count=int(letter_count or 0),
            ))
    return rows


# --- one prisoner's page ----------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineRow:
    """A custody timeline entry with what the page shows about its facility."""

    place: Place
    start: str | None
    end: str | None
    stay_id: str | None = None  # None: a gap (free)
    facility_id: str | None = None
    facility_name: str | None = None
    facility_kind: str | None = None
    note: str | None = None

    @property
    def is_open(self) -> bool:
        return self.stay_id is not None and self.end is None


@dataclass(frozen=True)
class LetterRef:
    """Another letter, as a reply link names it: "answers the letter of 2024-03-02"."""

    id: str
    date: str | None
    title: str | None
    direction: str


@dataclass(frozen=True)
class ThreadItem:
    letter: Letter
    date: str | None  # written, else sent, else received
    correspondent_name: str | None = None
    facility_name: str | None = None
    answers: LetterRef | None = None  # the letter this one replies to
    replies: list[LetterRef] = field(default_factory=list)

    @property
    def awaiting_reply(self) -> bool:
        return (self.letter.direction == Direction.OUTGOING.value
                and self.letter.expects_reply and not self.replies)


@dataclass(frozen=True)
class PrisonerPage:
    prisoner: Prisoner
    timeline: list[TimelineRow]
    thread: list[ThreadItem]  # every letter of the prisoner, oldest first

    @property
    def current(self) -> TimelineRow | None:
        """The open stay, or the free time after the last stay; None with no custody record."""
        open_rows = [row for row in self.timeline if row.is_open]
        if open_rows:
            return open_rows[-1]
        stays = [row for row in self.timeline if row.stay_id]
        if not stays:
            return None
        return TimelineRow(Place.FREE, max((r.end for r in stays if r.end), default=None), None)


def letter_date(letter: Letter) -> str | None:
    return letter.written_on or letter.sent_on or letter.received_on


def prisoner_page(store: Store, prisoner_id: str) -> PrisonerPage:
    """A prisoner's profile, custody timeline (with facility names) and correspondence."""
    prisoner = store.get(Prisoner, prisoner_id)
    stays = store.custody_stays(prisoner_id)
    notes = {stay.id: stay.note for stay in stays}
    facilities = {facility.id: facility for facility in store.facilities()}
    timeline = []
    for entry in build_timeline(stays):
        facility = facilities.get(entry.facility_id) if entry.facility_id else None
        timeline.append(TimelineRow(
            place=entry.place, start=entry.start, end=entry.end, stay_id=entry.stay_id,
            facility_id=entry.facility_id,
            facility_name=facility.name if facility else None,
            facility_kind=facility.kind if facility else None,
            note=notes.get(entry.stay_id) if entry.stay_id else None,
        ))
    return PrisonerPage(prisoner, timeline, correspondence(store, prisoner_id, facilities))


def correspondence(
    store: Store, prisoner_id: str, facilities: dict[str, Facility] | None = None
) -> list[ThreadItem]:
    letters = answered_before_replies(store.prisoner_letters(prisoner_id))
    if facilities is None:
        facilities = {facility.id: facility for facility in store.facilities()}
    names = _correspondent_names(store, {x.correspondent_id for x in letters})
    refs = {x.id: LetterRef(x.id, letter_date(x), x.title, x.direction) for x in letters}
    replies: dict[str, list[LetterRef]] = {}
    for letter in letters:  # already in date order, so the replies are too
        if letter.in_reply_to:
            replies.setdefault(letter.in_reply_to, []).append(refs[letter.id])
    missing = {x.in_reply_to for x in letters if x.in_reply_to and x.in_reply_to not in refs}
    for letter_id in missing:  # the store keeps replies within a prisoner; be safe anyway
        try:
            other = store.get(Letter, letter_id)
        except NotFound:  # a dangling reference shows as no link
            continue
        refs[other.id] = LetterRef(other.id, letter_date(other), other.title, other.direction)
    thread = []
    for letter in letters:
        facility = facilities.get(letter.facility_id) if letter.facility_id else None
        thread.append(ThreadItem(
            letter=letter,
            date=letter_date(letter),
            correspondent_name=names.get(letter.correspondent_id),
            facility_name=facility.name if facility else None,
            answers=refs.get(letter.in_reply_to) if letter.in_reply_to else None,
            replies=replies.get(letter.id, []),
        ))
    return thread


def answered_before_replies(letters: list[Letter]) -> list[Letter]:
    """Letters in date order, except that a letter comes before its reply when their dates
    allow it: a letter of "2024" answered in "2024-03" was written by March 2024, although the
    middle of its year sorts after March."""
    order = list(letters)
    by_id = {letter.id: letter for letter in order}
    position = {letter.id: i for i, letter in enumerate(order)}
    for reply in letters:
        answered = by_id.get(reply.in_reply_to) if reply.in_reply_to else None
        if answered is None or position[answered.id] < position[reply.id]:
            continue
        first, last = letter_date(answered), letter_date(reply)
        if first and last and (PartialDate.parse(first).earliest()
                               > PartialDate.parse(last).latest()):
            continue  # the dates contradict the link: keep the dates' order
        order.remove(answered)
        order.insert(position[reply.id], answered)
        position = {letter.id: i for i, letter in enumerate(order)}
    return order


def _correspondent_names(store: Store, ids: set[str | None]) -> dict[str | None, str]:
    ids.discard(None)
    if not ids:
        return {}
    with store.db.session() as session:
        return dict(session.exec(
            select(Correspondent.id, Correspondent.name).where(col(Correspondent.id).in_(ids))
        ).all())
