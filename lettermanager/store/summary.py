"""What the Overview shows: record counts that matter day to day and the latest letters.

Plain dataclasses come back, so the GUI never holds a session.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from ..domain.enums import Direction, LetterStatus, TranslationStatus
from .database import Database
from .models import Letter, Prisoner, Translation
from .service import LETTER_DATE, Store


def database_of(source: Store | Database) -> Database:
    return source.db if isinstance(source, Store) else source


@dataclass(frozen=True)
class OverviewCounts:
    prisoners: int = 0
    letters: int = 0
    awaiting_reply: int = 0  # outgoing, expects a reply, and no letter answers it yet
    drafts: int = 0
    translations_queued: int = 0
    translations_in_progress: int = 0  # claimed by a translator or in review

    @property
    def is_empty(self) -> bool:
        return self.prisoners == 0 and self.letters == 0


@dataclass(frozen=True)
class RecentLetter:
    id: str
    title: str | None
    summary: str | None
    prisoner_name: str
    direction: str
    status: str
    date: str | None  # the first of written_on, sent_on, received_on (partial-date ISO text)


def overview_counts(source: Store | Database) -> OverviewCounts:
    reply = aliased(Letter)
    answered = select(reply.id).where(reply.in_reply_to == Letter.id).exists()
    with database_of(source).session() as session:

        def count(query) -> int:
            return session.exec(query).one()

        letters = select(func.count()).select_from(Letter)
        translations = select(func.count()).select_from(Translation)
        return OverviewCounts(
            prisoners=count(select(func.count()).select_from(Prisoner)),
            letters=count(letters),
            awaiting_reply=count(letters.where(
                Letter.direction == Direction.OUTGOING.value,
                col(Letter.expects_reply).is_(True),
                ~answered,
            )),
            drafts=count(letters.where(Letter.status == LetterStatus.DRAFT.value)),
            translations_queued=count(translations.where(
                Translation.status == TranslationStatus.QUEUED.value)),
            translations_in_progress=count(translations.where(col(Translation.status).in_(
                [TranslationStatus.IN_PROGRESS.value, TranslationStatus.IN_REVIEW.value]))),
        )


def recent_letters(source: Store | Database, limit: int = 10) -> list[RecentLetter]:
    """The latest letters by their date (undated ones last), then by when they were recorded."""
    query = (
        select(Letter.id, Letter.title, Letter.summary, Prisoner.full_name, Letter.direction,
               Letter.status, LETTER_DATE)
        .join(Prisoner, Prisoner.id == Letter.prisoner_id)
        .order_by(LETTER_DATE.is_(None), LETTER_DATE.desc(), col(Letter.created_at).desc())
        .limit(limit)
    )
    with database_of(source).session() as session:
        return [RecentLetter(*row) for row in session.exec(query)]
