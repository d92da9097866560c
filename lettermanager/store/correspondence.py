"""A prisoner's whole correspondence as plain data, for printing and the release archive:
every letter in both directions (withheld, returned and lost ones too), oldest first, with its
censorship events, translations and the names of its facility and correspondent."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import col, select

from .errors import NotFound
from .models import CensorshipEvent, Correspondent, Facility, Letter, Prisoner, Translation
from .service import Store, letter_sort_key


@dataclass
class LetterRecord:
    letter: Letter
    censorship_events: list[CensorshipEvent] = field(default_factory=list)
    translations: list[Translation] = field(default_factory=list)
    facility_name: str | None = None
    correspondent_name: str | None = None


@dataclass
class Correspondence:
    prisoner: Prisoner
    letters: list[LetterRecord]


def correspondence(store: Store, prisoner_id: str,
                   letter_ids: list[str] | None = None) -> Correspondence:
    """The prisoner's letters (all, or only `letter_ids`), oldest first."""
    with store.db.session() as session:
        prisoner = session.get(Prisoner, prisoner_id)
        if prisoner is None:
            raise NotFound(f"no prisoner with id {prisoner_id}")
        query = select(Letter).where(Letter.prisoner_id == prisoner_id)
        if letter_ids is not None:
            query = query.where(col(Letter.id).in_(letter_ids))
        letters = sorted(session.exec(query), key=letter_sort_key)
        ids = [letter.id for letter in letters]
        events: dict[str, list[CensorshipEvent]] = {}
        translations: dict[str, list[Translation]] = {}
        for start in range(0, len(ids), 500):  # SQLite's limit on bound parameters
            chunk = ids[start:start + 500]
            for event in session.exec(
                    select(CensorshipEvent).where(col(CensorshipEvent.letter_id).in_(chunk))
                    .order_by(col(CensorshipEvent.noted_on), CensorshipEvent.created_at)):
                events.setdefault(event.letter_id, []).append(event)
            for translation in session.exec(
                    select(Translation).where(col(Translation.letter_id).in_(chunk))
                    .order_by(Translation.target_language, Translation.created_at)):
                translations.setdefault(translation.letter_id, []).append(translation)
        facilities = {f.id: f.name for f in session.exec(select(Facility))}
        correspondents = {c.id: c.name for c in session.exec(select(Correspondent))}
        return Correspondence(prisoner, [
            LetterRecord(letter, events.get(letter.id, []), translations.get(letter.id, []),
                         facilities.get(letter.facility_id or ""),
                         correspondents.get(letter.correspondent_id or ""))
            for letter in letters])


def letter_correspondence(store: Store, letter_id: str) -> Correspondence:
    """One letter, with its prisoner, in the same shape."""
    letter = store.get(Letter, letter_id)
    return correspondence(store, letter.prisoner_id, [letter_id])
