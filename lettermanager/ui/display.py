"""How values look on screen: enum display names, partial dates and language names.

Every label is translated when it is asked for (not at import), so a language chosen after
start-up is honoured. Dates and numbers come from lettermanager.i18n.formatting (babel, in the
interface language; partial dates keep their precision: "2024", "March 2024", "14 November 2024").
"""

from __future__ import annotations

from enum import Enum

from ..domain.custody import Place
from ..domain.enums import (
    CensorshipKind,
    Channel,
    CorrespondentRole,
    Direction,
    FacilityKind,
    LetterStatus,
    PrisonerStatus,
    TranslationStatus,
)
from ..domain.replies import OverdueCause, ReplyState
from ..i18n import N_, _
from ..i18n.formatting import (
    babel_locale,
    format_moment,
    format_number,
    format_partial_date,
    language_name,
)

# English source strings, marked for extraction; enum_label() translates them.
LABELS: dict[type[Enum], dict[str, str]] = {
    PrisonerStatus: {
        "pretrial": N_("Awaiting trial"),
        "convicted": N_("Convicted"),
        "released": N_("Released"),
        "unknown": N_("Unknown"),
    },
    FacilityKind: {
        "police_cell": N_("Police cell (IVS)"),
        "pretrial_detention": N_("Pre-trial detention centre (SIZO)"),
        "penal_colony": N_("Penal colony (IK)"),
        "colony_settlement": N_("Colony-settlement (KP)"),
        "prison": N_("Prison"),
        "prison_hospital": N_("Prison hospital"),
        "transit": N_("Transit point"),
        "other": N_("Other"),
    },
    CorrespondentRole: {
        "family": N_("Family"),
        "friend": N_("Friend"),
        "volunteer": N_("Volunteer"),
        "lawyer": N_("Lawyer"),
        "organization": N_("Organisation"),
        "translator": N_("Translator"),
        "journalist": N_("Journalist"),
        "other": N_("Other"),
    },
    Direction: {
        "outgoing": N_("→ outgoing"),
        "incoming": N_("← incoming"),
    },
    Channel: {
        "post": N_("Post"),
        "registered_post": N_("Registered post"),
        "electronic": N_("Electronic letter service"),
        "lawyer": N_("Via a lawyer"),
        "in_person": N_("In person"),
        "public_statement": N_("Public statement"),
        "other": N_("Other"),
    },
    LetterStatus: {
        "draft": N_("Draft"),
        "ready": N_("Ready to send"),
        "sent": N_("Sent"),
        "delivered": N_("Delivered"),
        "received": N_("Received"),
        "returned": N_("Returned"),
        "lost": N_("Lost"),
        "withheld": N_("Withheld"),
    },
    CensorshipKind: {
        "passed": N_("Passed"),
        "delayed": N_("Delayed"),
        "redacted": N_("Redacted"),
        "withheld": N_("Withheld (confiscated)"),
        "returned": N_("Returned"),
        "lost": N_("Lost"),
        "item_removed": N_("Enclosure removed"),
        "censor_comment": N_("Censor's comment"),
        "other": N_("Other"),
    },
    TranslationStatus: {
        "queued": N_("Queued"),
        "in_progress": N_("In progress"),
        "in_review": N_("In review"),
        "done": N_("Done"),
        "not_needed": N_("Not needed"),
    },
    Place: {
        "held": N_("Held"),
        "in_transit": N_("In transit"),
        "free": N_("Free"),
    },
    ReplyState: {
        "not_expected": N_("No reply expected"),
        "awaiting": N_("Awaiting a reply"),
        "overdue": N_("Reply overdue"),
        "answered": N_("Answered"),
    },
    OverdueCause: {
        "held_by_censor": N_("Held by the censor"),
        "sent_in_transit": N_("Sent while in transit (etap)"),
        "possibly_moved": N_("Possibly moved since"),
        "overdue": N_("No reply yet"),
    },
}


def enum_label(value: Enum | str | None, enum_class: type[Enum] | None = None) -> str:
    """The translated display name of an enum member or of its stored value.

    Values like "withheld" or "lawyer" belong to several enums; pass `enum_class` for a plain
    string. An unknown value is shown as it is rather than hidden; None shows as "".
    """
    if value is None:
        return ""
    if enum_class is None and isinstance(value, Enum):
        enum_class = type(value)
    raw = value.value if isinstance(value, Enum) else str(value)
    if enum_class is not None:
        label = LABELS.get(enum_class, {}).get(raw)
        return _(label) if label else raw
    for labels in LABELS.values():
        if raw in labels:
            return _(labels[raw])
    return raw


def enum_choices(enum_class: type[Enum]) -> list[tuple[str, str]]:
    """(display name, stored value) for every member, in declaration order: for combo boxes."""
    return [(enum_label(member, enum_class), member.value) for member in enum_class]


# --- dates and numbers: lettermanager.i18n.formatting (re-exported for the widgets) ----------

__all__ = ["LABELS", "babel_locale", "enum_choices", "enum_label", "format_moment",
           "format_number", "format_partial_date", "language_name", "language_pair"]


def language_pair(source: str | None, target: str | None) -> str:
    """"en → ru" as "English → Russian"."""
    return f"{language_name(source)} → {language_name(target)}"
