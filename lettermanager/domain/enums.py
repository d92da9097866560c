"""The enumerations of DESIGN.md. Their values are the exact strings of the export format."""

from enum import StrEnum


class PrisonerStatus(StrEnum):
    PRETRIAL = "pretrial"
    CONVICTED = "convicted"
    RELEASED = "released"
    UNKNOWN = "unknown"


class FacilityKind(StrEnum):
    POLICE_CELL = "police_cell"
    PRETRIAL_DETENTION = "pretrial_detention"
    PENAL_COLONY = "penal_colony"
    COLONY_SETTLEMENT = "colony_settlement"
    PRISON = "prison"
    PRISON_HOSPITAL = "prison_hospital"
    TRANSIT = "transit"
    OTHER = "other"


class CorrespondentRole(StrEnum):
    FAMILY = "family"
    FRIEND = "friend"
    VOLUNTEER = "volunteer"
    LAWYER = "lawyer"
    ORGANIZATION = "organization"
    TRANSLATOR = "translator"
    JOURNALIST = "journalist"
    OTHER = "other"


class Direction(StrEnum):
    OUTGOING = "outgoing"  # to the prisoner
    INCOMING = "incoming"  # from the prisoner


class Channel(StrEnum):
    POST = "post"
    REGISTERED_POST = "registered_post"
    ELECTRONIC = "electronic"
    LAWYER = "lawyer"
    IN_PERSON = "in_person"
    PUBLIC_STATEMENT = "public_statement"
    OTHER = "other"


class LetterStatus(StrEnum):
    DRAFT = "draft"
    READY = "ready"
    SENT = "sent"
    DELIVERED = "delivered"
    RECEIVED = "received"
    RETURNED = "returned"
    LOST = "lost"
    WITHHELD = "withheld"


class CensorshipKind(StrEnum):
    PASSED = "passed"
    DELAYED = "delayed"
    REDACTED = "redacted"
    WITHHELD = "withheld"
    RETURNED = "returned"
    LOST = "lost"
    ITEM_REMOVED = "item_removed"
    CENSOR_COMMENT = "censor_comment"
    OTHER = "other"


class TranslationStatus(StrEnum):
    QUEUED = "queued"
    IN_PROGRESS = "in_progress"
    IN_REVIEW = "in_review"
    DONE = "done"
    NOT_NEEDED = "not_needed"
