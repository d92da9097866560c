"""The translations table: one row per translation with its letter and prisoner."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlmodel import col, select

from ..domain.enums import TranslationStatus
from .database import Database
from .models import Letter, Prisoner, Translation
from .service import Store
from .summary import database_of


@dataclass(frozen=True)
class TranslationRow:
    id: str
    letter_id: str
    letter_title: str | None
    prisoner_name: str
    source_language: str
    target_language: str
    status: str
    translator: str | None
    priority: int
    due_on: str | None
    claimed_at: str | None = None  # when `translator` claimed it (in progress)
    created_at: str | None = None  # when it was requested: the queue's age


OPEN_STATUSES = (TranslationStatus.QUEUED.value, TranslationStatus.IN_PROGRESS.value,
                 TranslationStatus.IN_REVIEW.value)


def translation_rows(
    source: Store | Database,
    *,
    statuses: Collection[str] | None = None,
    target_language: str | None = None,
) -> list[TranslationRow]:
    """Translations, most urgent first (priority, then due date), optionally only those in
    `statuses` and into `target_language`."""
    query = (
        select(Translation.id, Translation.letter_id, Letter.title, Prisoner.full_name,
               Translation.source_language, Translation.target_language, Translation.status,
               Translation.translator, Translation.priority, Translation.due_on,
               Translation.claimed_at, Translation.created_at)
        .join(Letter, Letter.id == Translation.letter_id)
        .join(Prisoner, Prisoner.id == Letter.prisoner_id)
        .order_by(col(Translation.priority).desc(), col(Translation.due_on).is_(None),
                  Translation.due_on, Translation.created_at)
    )
    if statuses:
        query = query.where(col(Translation.status).in_(list(statuses)))
    if target_language:
        query = query.where(Translation.target_language == target_language)
    with database_of(source).session() as session:
        return [TranslationRow(*row) for row in session.exec(query)]


def target_languages(source: Store | Database) -> list[str]:
    """The target languages that translations exist for, for the filter."""
    query = select(Translation.target_language).distinct().order_by(Translation.target_language)
    with database_of(source).session() as session:
        return list(session.exec(query))
