"""Operations on letters that touch more than one record: replying, marking answered,
censorship that changes a letter's fate, and letters caught by a move."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select

from ..domain.enums import CensorshipKind, Direction, LetterStatus
from ..domain.records import CensorshipEventIn, LetterIn
from ..domain.timestamps import utc_now
from .errors import InvalidInput, NotFound
from .models import CensorshipEvent, CustodyStay, Facility, Letter
from .service import Store, check_references, input_values, open_stays, validate

# What a censorship event does to the letter's status.
STATUS_AFTER_CENSOR = {
    CensorshipKind.WITHHELD: LetterStatus.WITHHELD,
    CensorshipKind.RETURNED: LetterStatus.RETURNED,
    CensorshipKind.LOST: LetterStatus.LOST,
}
IN_FLIGHT = (LetterStatus.SENT,)


def create_reply_draft(store: Store, letter_id: str) -> Letter:
    """An outgoing draft answering an incoming letter, addressed where the prisoner is now."""
    original = store.get(Letter, letter_id)
    if original.direction != Direction.INCOMING:
        raise InvalidInput([("in_reply_to", "only a letter from the prisoner can be replied to")],
                           "letter")
    facility = store.current_facility(original.prisoner_id)
    title = f"Re: {original.title}" if original.title else None
    return store.create(LetterIn(
        prisoner_id=original.prisoner_id, direction=Direction.OUTGOING,
        correspondent_id=original.correspondent_id,
        facility_id=facility.id if facility else None, channel=original.channel,
        language=original.language, title=title, in_reply_to=original.id,
        status=LetterStatus.DRAFT, expects_reply=True,
    ))


def mark_answered_by(store: Store, letter_id: str, reply_id: str) -> Letter:
    """Record that `reply_id` (from the prisoner) answers `letter_id` (to the prisoner)."""
    with store.db.writing() as session:
        letter, reply = session.get(Letter, letter_id), session.get(Letter, reply_id)
        if letter is None or reply is None:
            raise NotFound("the letter or its reply no longer exists")
        if letter.prisoner_id != reply.prisoner_id:
            raise InvalidInput([("in_reply_to", "the reply is from another prisoner")], "letter")
        if reply.id == letter.id:
            raise InvalidInput([("in_reply_to", "a letter cannot answer itself")], "letter")
        reply.in_reply_to = letter.id
        reply.updated_at = utc_now()
        session.add(reply)
    return reply


def mark_answered_otherwise(store: Store, letter_id: str, on: str | date) -> Letter:
    """The reply came by another route (a call, a visit, a lawyer): no letter to link."""
    with store.db.writing() as session:
        letter = session.get(Letter, letter_id)
        if letter is None:
            raise NotFound(f"no letter with id {letter_id}")
        letter.answered_on = on.isoformat() if isinstance(on, date) else on
        letter.updated_at = utc_now()
        session.add(letter)
    return letter


def add_censorship_event(store: Store, data: CensorshipEventIn | dict) -> CensorshipEvent:
    """Record what the censor did; a letter withheld, returned or lost takes that status."""
    values = input_values(validate(CensorshipEventIn, data))
    with store.db.writing() as session:
        check_references(session, CensorshipEvent, values, record_id=None)
        event = CensorshipEvent(**values)
        session.add(event)
        new_status = STATUS_AFTER_CENSOR.get(values["kind"])
        if new_status is not None:
            letter = session.get(Letter, values["letter_id"])
            letter.status = new_status
            letter.updated_at = utc_now()
            session.add(letter)
    return event


def letters_in_flight(store: Store, prisoner_id: str) -> list[Letter]:
    """Outgoing letters sent to the facility of the prisoner's open stay and not known to
    have arrived: a move puts them at risk."""
    with store.db.session() as session:
        stays = open_stays(session, prisoner_id)
        facility_ids = [s.facility_id for s in stays if s.facility_id]
        if not facility_ids:
            return []
        letters = session.exec(
            select(Letter).where(
                Letter.prisoner_id == prisoner_id,
                Letter.direction == Direction.OUTGOING,
                col(Letter.status).in_(IN_FLIGHT),
                col(Letter.facility_id).in_(facility_ids),
            ).order_by(Letter.sent_on)
        ).all()
        replied = set(session.exec(select(Letter.in_reply_to).where(
            col(Letter.in_reply_to).in_([letter.id for letter in letters]))))
        return [letter for letter in letters if letter.id not in replied]


def mark_lost(store: Store, letter_ids: list[str]) -> None:
    with store.db.writing() as session:
        for letter in session.exec(select(Letter).where(col(Letter.id).in_(letter_ids))):
            letter.status = LetterStatus.LOST
            letter.updated_at = utc_now()
            session.add(letter)


def resend(store: Store, letter_ids: list[str], facility_id: str | None,
           on: str | date | None = None) -> list[Letter]:
    """Copies of the letters as drafts addressed to the new facility; the originals are
    noted as re-sent (with the day and the new address) and the copies as copies."""
    day = (on.isoformat() if isinstance(on, date) else on) or date.today().isoformat()
    copies = []
    with store.db.writing() as session:
        facility = session.get(Facility, facility_id) if facility_id else None
        where = facility.name if facility else "the new address (not known yet)"
        for letter in session.exec(select(Letter).where(col(Letter.id).in_(letter_ids))):
            copy = Letter(**{
                name: getattr(letter, name) for name in (
                    "prisoner_id", "direction", "correspondent_id", "channel", "language",
                    "title", "summary", "body", "in_reply_to", "expects_reply")
            })
            copy.facility_id = facility_id
            copy.status = LetterStatus.DRAFT
            copy.notes = f"Copy of the letter sent {letter.sent_on or ''} to the previous facility"
            session.add(copy)
            session.flush()
            letter.notes = _append_line(letter.notes,
                                        f"Re-sent on {day} to {where} (a copy was made).")
            letter.updated_at = utc_now()
            session.add(letter)
            copies.append(copy)
    return copies


def _append_line(text: str | None, line: str) -> str:
    return f"{text.rstrip()}\n{line}" if text and text.strip() else line


@dataclass(frozen=True)
class MoveOutcome:
    """A recorded move, and the outgoing letters it puts at risk."""

    stay: CustodyStay
    in_flight: list[Letter]
    old_facility_name: str | None
    new_facility_id: str | None


def record_move_checking_letters(store: Store, prisoner_id: str, facility_id: str | None,
                                 start: str, note: str | None = None) -> MoveOutcome:
    """Record the move; return the letters sent to the old facility still in flight."""
    at_risk = letters_in_flight(store, prisoner_id)
    old = store.current_facility(prisoner_id)
    stay = store.record_move(prisoner_id, facility_id, start, note)
    return MoveOutcome(stay, [letter for letter in at_risk if letter.facility_id != facility_id],
                       old.name if old else None, facility_id)
