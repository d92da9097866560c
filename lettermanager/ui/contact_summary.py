"""One line for the prisoner page: the last contact and how long ago, against the target."""

from __future__ import annotations

from datetime import date

from ..domain.replies import ContactFacts, days_without_contact, last_contact
from ..i18n import _, ngettext
from ..store.prisoner_list import PrisonerPage
from .display import format_partial_date


def contact_summary(page: PrisonerPage, default_interval: int, today: date) -> tuple[str, bool]:
    """The text, and whether the silence is longer than the prisoner's target."""
    target = page.prisoner.contact_interval_days or default_interval
    last = last_contact(ContactFacts(item.letter.direction, item.letter.status,
                                     item.letter.written_on, item.letter.sent_on,
                                     item.letter.received_on) for item in page.thread)
    goal = ngettext("target: every {n} day", "target: every {n} days", target).format(n=target)
    if last is None:
        return _("No contact yet") + " · " + goal, False
    days = days_without_contact(last, today) or 0
    silence = ngettext("no contact for {n} day", "no contact for {n} days", days).format(n=days)
    text = _("Last contact {date}").format(date=format_partial_date(last))
    return f"{text} · {silence} ({goal})", days > target
