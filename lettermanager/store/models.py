"""SQLModel tables.

Ids are UUID strings; partial dates are ISO text ("2024", "2024-03", "2024-03-15", see
domain.partial_date); timestamps are canonical UTC text (domain.timestamps). Delete rules:
a prisoner's custody stays and a letter's censorship events and translations go with it; a
prisoner, facility or correspondent that letters or stays still point at cannot be deleted
(RESTRICT); a reply outlives the letter it answered (SET NULL).
"""

from __future__ import annotations

import uuid

from sqlalchemy import JSON, CheckConstraint, Column, Index
from sqlmodel import Field, SQLModel

from ..domain import enums
from ..domain.timestamps import utc_now


def new_id() -> str:
    return str(uuid.uuid4())


def _one_of(table: str, column: str, enum: type) -> CheckConstraint:
    values = ", ".join(f"'{member.value}'" for member in enum)
    return CheckConstraint(f"{column} IN ({values})", name=f"ck_{table}_{column}")


class Record(SQLModel):
    id: str = Field(default_factory=new_id, primary_key=True)
    created_at: str = Field(default_factory=utc_now)
    updated_at: str = Field(default_factory=utc_now)


class Prisoner(Record, table=True):
    __tablename__ = "prisoner"
    __table_args__ = (_one_of("prisoner", "status", enums.PrisonerStatus),)

    full_name: str = Field(index=True)
    latin_name: str | None = None
    birth_year: int | None = None
    status: str = enums.PrisonerStatus.UNKNOWN.value
    charges: str | None = None
    sentence: str | None = None
    languages: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    notes: str | None = None
    contact_interval_days: int | None = None  # None: the default target
    envelope_name: str | None = None  # the user's envelope recipient line; None: generated


class Facility(Record, table=True):
    __tablename__ = "facility"
    __table_args__ = (_one_of("facility", "kind", enums.FacilityKind),)

    name: str = Field(index=True)
    kind: str = enums.FacilityKind.OTHER.value
    address: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None
    postal_code: str | None = None
    mail_notes: str | None = None
    accepted_languages: list[str] | None = Field(default=None, sa_column=Column(JSON))


class CustodyStay(Record, table=True):
    __tablename__ = "custody_stay"

    prisoner_id: str = Field(foreign_key="prisoner.id", ondelete="CASCADE", index=True)
    facility_id: str | None = Field(
        default=None, foreign_key="facility.id", ondelete="RESTRICT", index=True
    )
    start: str | None = None
    end: str | None = None
    note: str | None = None


class Correspondent(Record, table=True):
    __tablename__ = "correspondent"
    __table_args__ = (_one_of("correspondent", "role", enums.CorrespondentRole),)

    name: str = Field(index=True)
    role: str = enums.CorrespondentRole.OTHER.value
    languages: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    contact: str | None = None
    notes: str | None = None


class Letter(Record, table=True):
    __tablename__ = "letter"
    __table_args__ = (
        _one_of("letter", "direction", enums.Direction),
        _one_of("letter", "channel", enums.Channel),
        _one_of("letter", "status", enums.LetterStatus),
        Index("ix_letter_prisoner_dates", "prisoner_id", "written_on", "sent_on"),
        Index("ix_letter_sent_on", "sent_on"),
        Index("ix_letter_written_on", "written_on"),
    )

    prisoner_id: str = Field(foreign_key="prisoner.id", ondelete="RESTRICT")
    direction: str
    correspondent_id: str | None = Field(
        default=None, foreign_key="correspondent.id", ondelete="RESTRICT", index=True
    )
    facility_id: str | None = Field(
        default=None, foreign_key="facility.id", ondelete="RESTRICT", index=True
    )
    channel: str = enums.Channel.POST.value
    language: str | None = None
    title: str | None = None
    summary: str | None = None
    body: str | None = None
    written_on: str | None = None
    sent_on: str | None = None
    received_on: str | None = None
    status: str = enums.LetterStatus.DRAFT.value
    in_reply_to: str | None = Field(
        default=None, foreign_key="letter.id", ondelete="SET NULL", index=True
    )
    expects_reply: bool = False
    reply_due: str | None = None
    tracking_number: str | None = None
    published_in: str | None = None
    published_url: str | None = None
    published_on: str | None = None
    notes: str | None = None
    answered_on: str | None = None  # answered by another route (a call, a visit)
    send_override_reason: str | None = None  # may go without its required translation


class CensorshipEvent(Record, table=True):
    __tablename__ = "censorship_event"
    __table_args__ = (_one_of("censorship_event", "kind", enums.CensorshipKind),)

    letter_id: str = Field(foreign_key="letter.id", ondelete="CASCADE", index=True)
    kind: str
    noted_on: str | None = None
    note: str | None = None


class Translation(Record, table=True):
    __tablename__ = "translation"
    __table_args__ = (_one_of("translation", "status", enums.TranslationStatus),)

    letter_id: str = Field(foreign_key="letter.id", ondelete="CASCADE", index=True)
    source_language: str
    target_language: str
    status: str = enums.TranslationStatus.QUEUED.value
    translator: str | None = None
    priority: int = 0
    requested_on: str | None = None
    due_on: str | None = None
    completed_on: str | None = None
    text: str | None = None
    notes: str | None = None
    claimed_at: str | None = None  # when `translator` claimed the work


# Table model per export section, in the order an import must write them (parents first).
TABLES: dict[str, type[Record]] = {
    "prisoners": Prisoner,
    "facilities": Facility,
    "custody": CustodyStay,
    "correspondents": Correspondent,
    "letters": Letter,
    "censorship_events": CensorshipEvent,
    "translations": Translation,
}
