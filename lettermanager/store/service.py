"""The service API the GUI and the command line share.

Every call opens a short session and returns detached records (plain data that stays usable
after the session closes). Input arrives as validated domain.records models; rules that need
the database (references, replies within one prisoner, one open stay) are checked here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import func
from sqlmodel import Session, col, select

from ..domain.custody import Place, TimelineEntry, build_timeline, stay_covers, stay_sort_key
from ..domain.messages import _, ngettext
from ..domain.partial_date import PartialDate
from ..domain.records import (
    CensorshipEventIn,
    CorrespondentIn,
    CustodyIn,
    FacilityIn,
    LetterIn,
    PrisonerIn,
    TranslationIn,
    describe_errors,
)
from ..domain.timestamps import utc_now
from ..domain.translation_rules import FINISHED, SENDING_STATUSES, required_translation
from .database import Database
from .errors import DeleteRefused, InvalidInput, NotFound, StoreError
from .models import (
    CensorshipEvent,
    Correspondent,
    CustodyStay,
    Facility,
    Letter,
    Prisoner,
    Record,
    Translation,
)
from .settings import Settings, load_settings, save_settings

R = TypeVar("R", bound=Record)

TABLE_FOR_INPUT: dict[type[BaseModel], type[Record]] = {
    PrisonerIn: Prisoner,
    FacilityIn: Facility,
    CustodyIn: CustodyStay,
    CorrespondentIn: Correspondent,
    LetterIn: Letter,
    CensorshipEventIn: CensorshipEvent,
    TranslationIn: Translation,
}
INPUT_FOR_TABLE = {table: model for model, table in TABLE_FOR_INPUT.items()}

LABELS: dict[type[Record], str] = {
    Prisoner: "prisoner",
    Facility: "facility",
    CustodyStay: "custody stay",
    Correspondent: "correspondent",
    Letter: "letter",
    CensorshipEvent: "censorship event",
    Translation: "translation",
}

# Sort key of a letter: the first date it has, then when it was recorded.
LETTER_DATE = func.coalesce(Letter.written_on, Letter.sent_on, Letter.received_on)


@dataclass(frozen=True)
class CurrentPlace:
    place: Place | None  # None: no custody record at all
    facility: Facility | None = None
    since: str | None = None


@dataclass
class LetterDetail:
    letter: Letter
    censorship_events: list[CensorshipEvent] = field(default_factory=list)
    translations: list[Translation] = field(default_factory=list)
    answers: Letter | None = None  # the letter this one replies to
    replies: list[Letter] = field(default_factory=list)


def validate(model: type[BaseModel], data: BaseModel | dict) -> BaseModel:
    """Run `data` through its input model; raise InvalidInput naming each bad field."""
    if isinstance(data, model):
        data = data.model_dump()
    elif isinstance(data, BaseModel):
        data = data.model_dump()
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        label = LABELS[TABLE_FOR_INPUT[model]]
        raise InvalidInput(describe_errors(exc), label) from None


def input_values(record: BaseModel) -> dict:
    return record.model_dump(mode="json")


class Store:
    def __init__(self, database: Database, settings_path: Path | None = None):
        self.db = database
        self.settings_path = settings_path  # None: the defaults, nothing saved (tests, scripts)

    # --- preferences -----------------------------------------------------------------------

    def settings(self) -> Settings:
        """The user's preferences, read fresh (another dialog may have changed them)."""
        return load_settings(self.settings_path) if self.settings_path else Settings()

    def save_settings(self, settings: Settings) -> None:
        if self.settings_path is None:
            raise StoreError("there is no settings file to save to")
        save_settings(self.settings_path, settings)

    # --- generic records -------------------------------------------------------------------

    def get(self, table: type[R], record_id: str) -> R:
        with self.db.session() as session:
            record = session.get(table, record_id)
            if record is None:
                raise NotFound(f"no {LABELS[table]} with id {record_id}")
            return record

    def create(self, data: BaseModel) -> Record:
        table = TABLE_FOR_INPUT[type(data)]
        data = validate(type(data), data)
        values = input_values(data)
        with self.db.writing() as session:
            check_references(session, table, values, record_id=None)
            record = table(**values)
            session.add(record)
        return record

    def update(self, table: type[R], record_id: str, data: BaseModel | dict) -> R:
        """Replace the record's fields; a dict that leaves a field out keeps its value."""
        model = INPUT_FOR_TABLE[table]
        with self.db.writing() as session:
            record = session.get(table, record_id)
            if record is None:
                raise NotFound(f"no {LABELS[table]} with id {record_id}")
            if isinstance(data, dict):
                data = {**{name: getattr(record, name) for name in model.model_fields}, **data}
            values = input_values(validate(model, data))
            check_references(session, table, values, record_id=record_id)
            for name, value in values.items():
                setattr(record, name, value)
            record.updated_at = utc_now()
            session.add(record)
        return record

    def delete(self, table: type[Record], record_id: str) -> None:
        with self.db.writing() as session:
            record = session.get(table, record_id)
            if record is None:
                raise NotFound(f"no {LABELS[table]} with id {record_id}")
            refuse_delete_if_referenced(session, record)
            session.delete(record)

    # --- lists ----------------------------------------------------------------------------

    def prisoners(self) -> list[Prisoner]:
        with self.db.session() as session:
            return list(session.exec(select(Prisoner).order_by(Prisoner.full_name)))

    def facilities(self) -> list[Facility]:
        with self.db.session() as session:
            return list(session.exec(select(Facility).order_by(Facility.name)))

    def correspondents(self) -> list[Correspondent]:
        with self.db.session() as session:
            return list(session.exec(select(Correspondent).order_by(Correspondent.name)))

    def counts(self) -> dict[str, int]:
        with self.db.session() as session:
            return {
                LABELS[table]: session.exec(select(func.count()).select_from(table)).one()
                for table in LABELS
            }

    # --- a prisoner's record --------------------------------------------------------------

    def custody_stays(self, prisoner_id: str) -> list[CustodyStay]:
        with self.db.session() as session:
            stays = session.exec(
                select(CustodyStay).where(CustodyStay.prisoner_id == prisoner_id)
            ).all()
            return sorted(stays, key=stay_sort_key)

    def custody_timeline(self, prisoner_id: str) -> list[TimelineEntry]:
        return build_timeline(self.custody_stays(prisoner_id))

    def current_place(self, prisoner_id: str) -> CurrentPlace:
        stays = self.custody_stays(prisoner_id)
        if not stays:
            return CurrentPlace(None)
        latest = stays[-1]
        if latest.end is not None:
            return CurrentPlace(Place.FREE, since=latest.end)
        if latest.facility_id is None:
            return CurrentPlace(Place.IN_TRANSIT, since=latest.start)
        return CurrentPlace(Place.HELD, self.get(Facility, latest.facility_id), latest.start)

    def current_facility(self, prisoner_id: str) -> Facility | None:
        return self.current_place(prisoner_id).facility

    def facility_on(self, prisoner_id: str, day: str | date) -> Facility | None:
        """Where the prisoner was held on a (partial) date: the default facility of a letter."""
        on = day if isinstance(day, date) else PartialDate.parse(day).earliest()
        for stay in reversed(self.custody_stays(prisoner_id)):
            if stay_covers(stay, on):
                return self.get(Facility, stay.facility_id) if stay.facility_id else None
        return None

    def record_move(
        self, prisoner_id: str, facility_id: str | None, start: str, note: str | None = None
    ) -> CustodyStay:
        """End the open stay on `start` and open a new one (facility None: in transit)."""
        data = validate(CustodyIn, {"prisoner_id": prisoner_id, "facility_id": facility_id,
                                    "start": start, "note": note})
        values = input_values(data)
        with self.db.writing() as session:
            check_references(session, CustodyStay, values, record_id=None, allow_open=True)
            for stay in open_stays(session, prisoner_id):
                if stay.start and PartialDate.parse(values["start"]).latest() < \
                        PartialDate.parse(stay.start).earliest():
                    raise InvalidInput([("start", f"the move ({values['start']}) is before the "
                                                  f"current stay began ({stay.start})")],
                                       "custody stay")
                stay.end = values["start"]
                stay.updated_at = utc_now()
                session.add(stay)
            stay = CustodyStay(**values)
            session.add(stay)
        return stay

    def prisoner_letters(self, prisoner_id: str) -> list[Letter]:
        """A prisoner's letters, both directions, oldest first (see letter_sort_key)."""
        with self.db.session() as session:
            letters = session.exec(select(Letter).where(Letter.prisoner_id == prisoner_id))
            return sorted(letters, key=letter_sort_key)

    def letter_detail(self, letter_id: str) -> LetterDetail:
        with self.db.session() as session:
            letter = session.get(Letter, letter_id)
            if letter is None:
                raise NotFound(f"no letter with id {letter_id}")
            return LetterDetail(
                letter=letter,
                censorship_events=list(session.exec(
                    select(CensorshipEvent).where(CensorshipEvent.letter_id == letter_id)
                    .order_by(col(CensorshipEvent.noted_on), CensorshipEvent.created_at)
                )),
                translations=list(session.exec(
                    select(Translation).where(Translation.letter_id == letter_id)
                    .order_by(Translation.target_language, Translation.created_at)
                )),
                answers=session.get(Letter, letter.in_reply_to) if letter.in_reply_to else None,
                replies=list(session.exec(
                    select(Letter).where(Letter.in_reply_to == letter_id)
                    .order_by(LETTER_DATE, Letter.created_at)
                )),
            )


def letter_sort_key(letter: Letter) -> tuple[date, str]:
    """A letter's place in a thread: the middle of its first known date's period, so a
    reply dated only "2024-03" follows a letter of 2024-03-02; undated letters last."""
    first = letter.written_on or letter.sent_on or letter.received_on
    return (PartialDate.parse(first).midpoint() if first else date.max, letter.created_at)


# --- rules that need the database -----------------------------------------------------------

REFERENCES: dict[type[Record], list[tuple[str, type[Record]]]] = {
    CustodyStay: [("prisoner_id", Prisoner), ("facility_id", Facility)],
    Letter: [("prisoner_id", Prisoner), ("correspondent_id", Correspondent),
             ("facility_id", Facility), ("in_reply_to", Letter)],
    CensorshipEvent: [("letter_id", Letter)],
    Translation: [("letter_id", Letter)],
}


def open_stays(session: Session, prisoner_id: str) -> list[CustodyStay]:
    return list(session.exec(select(CustodyStay).where(
        CustodyStay.prisoner_id == prisoner_id, col(CustodyStay.end).is_(None))))


def check_references(
    session: Session,
    table: type[Record],
    values: dict,
    record_id: str | None,
    *,
    allow_open: bool = False,
) -> None:
    """Raise InvalidInput when a record points at something missing or wrong."""
    problems: list[tuple[str, str]] = []
    for name, target in REFERENCES.get(table, []):
        ref = values.get(name)
        if ref is None:
            continue
        found = session.get(target, ref)
        if found is None:
            problems.append((name, f"no {LABELS[target]} with id {ref}"))
        elif table is Letter and name == "in_reply_to":
            if ref == record_id:
                problems.append((name, _("a letter cannot answer itself")))
            elif found.prisoner_id != values["prisoner_id"]:
                problems.append((name, _("the letter it answers belongs to another prisoner")))
    if table is CustodyStay and values.get("end") is None and not allow_open:
        others = [s for s in open_stays(session, values["prisoner_id"]) if s.id != record_id]
        if others:
            problems.append(("end", _("the prisoner already has an open stay; end it first "
                                      "or record a move")))
    if table is Letter and not problems:
        reason = send_block(session, values, record_id)
        if reason:
            problems.append(("status", reason))
    if problems:
        raise InvalidInput(problems, LABELS[table])


def send_block(session: Session, values: dict, record_id: str | None) -> str | None:
    """Why an outgoing letter may not become ready or sent: it is in a language its facility
    does not accept, its translation is not done, and no reason to send it anyway is given."""
    if values.get("status") not in SENDING_STATUSES or values.get("send_override_reason"):
        return None
    facility = session.get(Facility, values["facility_id"]) if values.get("facility_id") else None
    target = required_translation(values["direction"], values.get("language"),
                                  facility.accepted_languages if facility else None)
    if target is None:
        return None
    if record_id is not None and session.exec(select(Translation).where(
            Translation.letter_id == record_id, Translation.target_language == target,
            col(Translation.status).in_(list(FINISHED)))).first():
        return None
    return _("the letter must be translated into {language} before it can be {status}, or "
             "give a reason to send it as it is").format(language=target,
                                                         status=values["status"])


def refuse_delete_if_referenced(session: Session, record: Record) -> None:
    """Deleting is refused, with the reason, while other records still need this one."""
    letters = stays = 0
    if isinstance(record, Prisoner):
        letters = _count(session, Letter, Letter.prisoner_id, record.id)
    elif isinstance(record, Facility):
        letters = _count(session, Letter, Letter.facility_id, record.id)
        stays = _count(session, CustodyStay, CustodyStay.facility_id, record.id)
    elif isinstance(record, Correspondent):
        letters = _count(session, Letter, Letter.correspondent_id, record.id)
    held = []
    if letters:
        held.append(ngettext("{n} letter", "{n} letters", letters).format(n=letters))
    if stays:
        held.append(ngettext("{n} custody stay", "{n} custody stays", stays).format(n=stays))
    if held:
        raise DeleteRefused(
            _("Other records refer to it: {what}. Delete or reassign them first.").format(
                what=", ".join(held)))


def _count(session: Session, table: type[Record], column, value: str) -> int:
    return session.exec(select(func.count()).select_from(table).where(column == value)).one()
