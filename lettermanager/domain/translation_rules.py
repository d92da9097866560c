"""When a letter needs a translation before it may go, and who may work on one."""

from __future__ import annotations

from .enums import Direction, LetterStatus, TranslationStatus

DEFAULT_ACCEPTED_LANGUAGES = ("ru",)
# Statuses an outgoing letter reaches only once it may be sent.
SENDING_STATUSES = frozenset({LetterStatus.READY, LetterStatus.SENT, LetterStatus.DELIVERED})
FINISHED = frozenset({TranslationStatus.DONE, TranslationStatus.NOT_NEEDED})


def accepted_languages(facility_languages: list[str] | None) -> tuple[str, ...]:
    return tuple(facility_languages) if facility_languages else DEFAULT_ACCEPTED_LANGUAGES


def required_translation(direction: str, language: str | None,
                         facility_languages: list[str] | None) -> str | None:
    """The language an outgoing letter must be translated into before it is sent (the
    facility's first accepted language), or None when it may go as written."""
    if direction != Direction.OUTGOING or not language:
        return None
    accepted = accepted_languages(facility_languages)
    return None if language in accepted else accepted[0]


def claim_refusal(status: str, translator: str | None, claimed_at: str | None,
                  who: str) -> str | None:
    """Why `who` may not claim this translation now, or None when they may."""
    if not who.strip():
        return "set your name in the settings first, so the claim says who is translating"
    if status in FINISHED:
        return f"the translation is already {status}"
    if status == TranslationStatus.IN_PROGRESS and translator and translator != who:
        return f"{translator} has claimed it since {claimed_at or 'earlier'}"
    return None
