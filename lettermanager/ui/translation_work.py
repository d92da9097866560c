"""What a translator does to a translation from the GUI: claim, release, review, finish.

Each action runs on the database worker under the current user's name; a refusal (someone
else holds the claim, the translation is already done) comes back as a message box that says
why. Shared by the Translations page and the side-by-side editor.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from babel.dates import format_date, format_time
from PySide6.QtWidgets import QMessageBox, QWidget

from ..domain.enums import TranslationStatus
from ..domain.translation_rules import FINISHED
from ..i18n import _
from ..store import translation_queue as tq
from ..store.errors import InvalidInput, StoreError
from .display import babel_locale
from .guards import if_alive
from .worker import DatabaseWorker

CLAIM, RELEASE, REVIEW, DONE, NOT_NEEDED = "claim", "release", "review", "done", "not_needed"


def action_titles() -> dict[str, str]:
    return {CLAIM: _("&Claim"), RELEASE: _("&Release"), REVIEW: _("Send for re&view"),
            DONE: _("Mark &done"), NOT_NEEDED: _("&Not needed")}


def action_tips() -> dict[str, str]:
    return {
        CLAIM: _("Take this translation on: it is marked with your name and nobody else can "
                 "claim it until you release it or it is done"),
        RELEASE: _("Give the translation back to the queue; its text so far is kept"),
        REVIEW: _("The translation is written; someone should read it over"),
        DONE: _("The translation is finished"),
        NOT_NEEDED: _("Nobody needs this translation any more"),
    }


def enabled_actions(status: str, translator: str | None, me: str | None) -> set[str]:
    """The actions that make sense for a translation in `status`. Claim stays offered while
    someone else holds it, so that the refusal can say who and since when."""
    if status in FINISHED:
        return set()
    actions = {DONE, NOT_NEEDED}
    if status == TranslationStatus.IN_PROGRESS:
        actions.add(RELEASE)
        if not me or translator != me:
            actions.add(CLAIM)
    else:
        actions.add(CLAIM)
    if status in (TranslationStatus.QUEUED, TranslationStatus.IN_PROGRESS):
        actions.add(REVIEW)
    return actions


def run_action(store, action: str, translation_id: str, who: str, today: str):
    if action == CLAIM:
        return tq.claim(store, translation_id, who)
    if action == RELEASE:
        return tq.release(store, translation_id, who)
    if action == REVIEW:
        return tq.submit_for_review(store, translation_id, who)
    if action == DONE:
        return tq.complete(store, translation_id, who, today)
    if action == NOT_NEEDED:
        return tq.mark_not_needed(store, translation_id, who)
    raise ValueError(action)


def refusal_text(action: str, error: Exception) -> str:
    if isinstance(error, InvalidInput):
        reason = "; ".join(message for _field, message in error.problems)
    elif isinstance(error, StoreError):
        reason = str(error)
    else:
        reason = _("unexpected error: {error}").format(error=error)
    if action == CLAIM:
        return _("You cannot claim this translation: {reason}.").format(reason=reason)
    return _("This could not be done: {reason}.").format(reason=reason)


def submit_action(worker: DatabaseWorker, parent: QWidget, action: str, translation_id: str,
                  who: str, on_done: Callable | None = None) -> None:
    """Run the action; a refusal is shown to the user."""
    today = date.today().isoformat()

    def failed(error: Exception) -> None:
        QMessageBox.warning(parent, _("Translation"), refusal_text(action, error))

    worker.submit(lambda store: run_action(store, action, translation_id, who, today),
                  on_done=if_alive(parent, on_done) if on_done else None,
                  on_error=if_alive(parent, failed), writes=True)


def format_timestamp(value: str | None) -> str:
    """A stored UTC timestamp in local time, short: "4 Dec 2026, 14:02"."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local, locale = moment.astimezone(), babel_locale()
    return _("{date}, {time}").format(date=format_date(local, "medium", locale=locale),
                                      time=format_time(local, "short", locale=locale))
