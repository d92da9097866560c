"""The translation workflow: requests that block sending, claims, and offline batches.

A claim is taken in one BEGIN IMMEDIATE transaction, so of two translators claiming the same
request at once exactly one gets it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from ..domain.enums import TranslationStatus
from ..domain.records import TranslationIn
from ..domain.timestamps import normalize_timestamp, utc_now
from ..domain.translation_rules import FINISHED, claim_refusal, required_translation
from .errors import ImportRejected, InvalidInput, NotFound
from .models import Facility, Letter, Translation
from .service import Store, input_values, validate

BATCH_FORMAT = "lettermanager-translation-batch"
BATCH_VERSION = 1


class ClaimRefused(InvalidInput):
    def __init__(self, reason: str):
        super().__init__([("translator", reason)], "translation")


def _facility_languages(session: Session, facility_id: str | None) -> list[str] | None:
    facility = session.get(Facility, facility_id) if facility_id else None
    return facility.accepted_languages if facility else None


def ensure_translation_request(store: Store, letter_id: str, today: str | None = None
                               ) -> Translation | None:
    """Create the request into the facility's language for a foreign-language outgoing
    letter, unless one exists. Returns the request (new or existing) or None."""
    with store.db.writing() as session:
        letter = session.get(Letter, letter_id)
        if letter is None:
            raise NotFound(f"no letter with id {letter_id}")
        target = required_translation(letter.direction, letter.language,
                                      _facility_languages(session, letter.facility_id))
        if target is None:
            return None
        existing = session.exec(select(Translation).where(
            Translation.letter_id == letter_id, Translation.target_language == target)).first()
        if existing:
            return existing
        values = input_values(validate(TranslationIn, {
            "letter_id": letter_id, "source_language": letter.language,
            "target_language": target, "requested_on": today, "priority": 1,
            "notes": "Requested automatically: the facility accepts letters in "
                     f"{target} only",
        }))
        request = Translation(**values)
        session.add(request)
    return request


def claim(store: Store, translation_id: str, who: str) -> Translation:
    with store.db.writing() as session:
        translation = _get(session, translation_id)
        reason = claim_refusal(translation.status, translation.translator,
                               translation.claimed_at, who)
        if reason:
            raise ClaimRefused(reason)
        if translation.status != TranslationStatus.IN_PROGRESS:
            translation.claimed_at = utc_now()
        translation.status = TranslationStatus.IN_PROGRESS
        translation.translator = who
        translation.updated_at = utc_now()
        session.add(translation)
    return translation


def release(store: Store, translation_id: str, who: str) -> Translation:
    """Give a claimed translation back to the queue (its text so far is kept)."""
    return _transition(store, translation_id, who, TranslationStatus.QUEUED, release=True)


def save_work(store: Store, translation_id: str, who: str, text: str) -> Translation:
    """Autosave of work in progress, by the translator who holds the claim."""
    with store.db.writing() as session:
        translation = _get(session, translation_id)
        _require_holder(translation, who)
        translation.text = text
        translation.updated_at = utc_now()
        session.add(translation)
    return translation


def submit_for_review(store: Store, translation_id: str, who: str) -> Translation:
    return _transition(store, translation_id, who, TranslationStatus.IN_REVIEW)


def complete(store: Store, translation_id: str, who: str, today: str) -> Translation:
    translation = _transition(store, translation_id, who, TranslationStatus.DONE,
                              completed_on=today)
    return translation


def mark_not_needed(store: Store, translation_id: str, who: str) -> Translation:
    """Close a request nobody needs any more (the letter goes as written, or was dropped)."""
    return _transition(store, translation_id, who, TranslationStatus.NOT_NEEDED)


def _transition(store: Store, translation_id: str, who: str, status: str, *,
                release: bool = False, completed_on: str | None = None) -> Translation:
    with store.db.writing() as session:
        translation = _get(session, translation_id)
        if translation.status in FINISHED:
            raise ClaimRefused(f"the translation is already {translation.status}")
        if translation.status == TranslationStatus.IN_PROGRESS:
            _require_holder(translation, who)
        translation.status = status
        if release:
            translation.translator, translation.claimed_at = None, None
        if completed_on:
            translation.completed_on = completed_on
        translation.updated_at = utc_now()
        session.add(translation)
    return translation


def _require_holder(translation: Translation, who: str) -> None:
    if translation.status == TranslationStatus.IN_PROGRESS and translation.translator != who:
        raise ClaimRefused(f"{translation.translator} holds the claim on this translation")


def _get(session: Session, translation_id: str) -> Translation:
    translation = session.get(Translation, translation_id)
    if translation is None:
        raise NotFound(f"no translation with id {translation_id}")
    return translation


# --- offline batches -------------------------------------------------------------------------


def text_fingerprint(text: str | None) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def export_batch(store: Store, translation_ids: list[str], translator: str | None = None
                 ) -> dict[str, Any]:
    """The chosen translations with their letters' original texts, for a translator offline."""
    items = []
    with store.db.session() as session:
        for translation_id in translation_ids:
            translation = _get(session, translation_id)
            letter = session.get(Letter, translation.letter_id)
            items.append({
                "translation": {name: getattr(translation, name) for name in (
                    "id", "letter_id", "source_language", "target_language", "status",
                    "translator", "priority", "due_on", "text", "notes", "updated_at")},
                "original": {"letter_id": letter.id, "language": letter.language,
                             "title": letter.title, "summary": letter.summary,
                             "body": letter.body,
                             "fingerprint": text_fingerprint(letter.body)},
            })
    return {"format": BATCH_FORMAT, "version": BATCH_VERSION, "created_at": utc_now(),
            "translator": translator, "items": items}


@dataclass
class BatchReport:
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (translation id, why)


def import_batch(store: Store, data: Any, *, source: str = "batch",
                 apply: bool = True) -> BatchReport:
    """Bring a worked batch back: only those translations' text, status and translator
    change. A translation whose original changed since the batch was made, or that someone
    else finished meanwhile, is reported as a conflict and left as it is.
    With `apply=False` nothing is written: the report says what importing would do."""
    items = _parse_batch(data, source)
    report = BatchReport()
    with (store.db.writing() if apply else store.db.session()) as session:
        for item in items:
            incoming = item["translation"]
            current = session.get(Translation, incoming["id"])
            letter = session.get(Letter, current.letter_id) if current else None
            if current is None or letter is None:
                report.conflicts.append((incoming["id"], "the translation no longer exists"))
                continue
            if text_fingerprint(letter.body) != item["original"]["fingerprint"]:
                report.conflicts.append((current.id, "the original letter was changed after "
                                                     "the batch was made"))
                continue
            if current.status in FINISHED and current.updated_at > item["batch_created_at"] \
                    and current.text != incoming.get("text"):
                report.conflicts.append((current.id, f"{current.translator or 'someone'} "
                                                     "finished it after the batch was made"))
                continue
            new = {"text": incoming.get("text"), "status": incoming.get("status"),
                   "translator": incoming.get("translator") or current.translator}
            if all(getattr(current, k) == v for k, v in new.items()):
                report.unchanged.append(current.id)
                continue
            report.updated.append(current.id)
            if not apply:
                continue
            for name, value in new.items():
                setattr(current, name, value)
            current.updated_at = utc_now()
            session.add(current)
    return report


def _parse_batch(data: Any, source: str) -> list[dict[str, Any]]:
    if not isinstance(data, dict) or data.get("format") != BATCH_FORMAT:
        raise ImportRejected(source, ["not a LetterManager translation batch"])
    if not isinstance(data.get("version"), int) or data["version"] > BATCH_VERSION:
        raise ImportRejected(source, [f"batch version {data.get('version')!r} is newer than "
                                      "this app reads"])
    try:
        created = normalize_timestamp(str(data.get("created_at")))
    except ValueError:
        raise ImportRejected(source, ["created_at: not a timestamp"]) from None
    problems, items = [], []
    for index, item in enumerate(data.get("items") or []):
        where = f"items[{index}]"
        try:
            translation, original = item["translation"], item["original"]
            if translation.get("status") not in {s.value for s in TranslationStatus}:
                problems.append(f"{where}: status: {translation.get('status')!r} is not "
                                "allowed")
                continue
            if not isinstance(translation.get("text"), str | None):
                problems.append(f"{where}: text: must be text")
                continue
            items.append({"translation": translation, "original": original,
                          "batch_created_at": created})
            _ = translation["id"], original["fingerprint"]
        except (KeyError, TypeError):
            problems.append(f"{where}: not a batch item (translation and original)")
    if problems:
        raise ImportRejected(source, problems)
    return items


def queue(store: Store, language: str | None = None) -> list:
    """The open translation requests, most urgent first (priority, due date, age)."""
    from .translations_list import OPEN_STATUSES, translation_rows

    return translation_rows(store, statuses=OPEN_STATUSES, target_language=language)
