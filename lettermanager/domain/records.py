"""Validated input for every kind of record.

These are plain pydantic models (not table models, which skip validation): every record that
reaches the store, from the GUI, the command line or an imported file, passes through one of them.
Their fields are the fields of the export format, less `id` and `updated_at` which `RecordIn`
adds for imports.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from .enums import (
    CensorshipKind,
    Channel,
    CorrespondentRole,
    Direction,
    FacilityKind,
    LetterStatus,
    PrisonerStatus,
    TranslationStatus,
)
from .messages import _
from .partial_date import PartialDate, normalize_partial_date
from .timestamps import normalize_timestamp

_LANGUAGE = re.compile(r"^[a-z]{2}$")
_RUSSIA = {"russia", "russian federation", "россия", "российская федерация", "ru"}


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _date(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return PartialDate.from_date(value).iso()
    if isinstance(value, PartialDate):
        return value.iso()
    if not isinstance(value, str):
        raise ValueError(_("a date must be text: YYYY, YYYY-MM or YYYY-MM-DD"))
    return normalize_partial_date(value)


def _uuid(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, uuid.UUID):
        return str(value)
    if not isinstance(value, str):
        raise ValueError(_("an id must be a UUID string"))
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ValueError(_("{value} is not a UUID").format(value=repr(value))) from None


def _language(value: str) -> str:
    code = value.strip().lower()
    if not _LANGUAGE.match(code):
        raise ValueError(_("{value} is not a two-letter ISO 639-1 language code").format(
            value=repr(value)))
    return code


Text = Annotated[str | None, BeforeValidator(_blank_to_none)]
RequiredText = Annotated[str, Field(min_length=1)]
DateText = Annotated[str | None, BeforeValidator(_blank_to_none), BeforeValidator(_date)]
RecordId = Annotated[str | None, BeforeValidator(_blank_to_none), AfterValidator(_uuid)]
RequiredId = Annotated[str, AfterValidator(_uuid)]
LanguageCode = Annotated[str, AfterValidator(_language)]
OptionalLanguage = Annotated[str | None, BeforeValidator(_blank_to_none), AfterValidator(
    lambda v: None if v is None else _language(v)
)]


class _Input(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, use_enum_values=False)


class PrisonerIn(_Input):
    full_name: RequiredText
    latin_name: Text = None
    birth_year: int | None = Field(default=None, ge=1900, le=date.today().year)
    status: PrisonerStatus = PrisonerStatus.UNKNOWN
    charges: Text = None
    sentence: Text = None
    languages: list[LanguageCode] = Field(default_factory=list)
    notes: Text = None
    contact_interval_days: int | None = Field(default=None, ge=1, le=3650)
    envelope_name: Text = None  # the corrected envelope recipient line (None: generated)


class FacilityIn(_Input):
    name: RequiredText
    kind: FacilityKind = FacilityKind.OTHER
    address: Text = None
    city: Text = None
    region: Text = None
    country: Text = None
    postal_code: Text = None
    mail_notes: Text = None
    accepted_languages: list[LanguageCode] | None = None  # None: Russian only

    @model_validator(mode="after")
    def _postcode(self) -> FacilityIn:
        code = self.postal_code
        if code is not None and (self.country or "").strip().lower() in _RUSSIA:
            if not re.fullmatch(r"\d{6}", code):
                raise _field_error("postal_code", _("{code} is not a 6-digit Russian postcode")
                                   .format(code=repr(code)))
        return self


class CustodyIn(_Input):
    prisoner_id: RequiredId
    facility_id: RecordId = None  # None: in transit or whereabouts unknown
    start: DateText = None
    end: DateText = None
    note: Text = None

    @model_validator(mode="after")
    def _order(self) -> CustodyIn:
        if self.start and self.end:
            if PartialDate.parse(self.end).latest() < PartialDate.parse(self.start).earliest():
                raise _field_error("end", _("the stay ends ({end}) before it starts ({start})")
                                   .format(end=self.end, start=self.start))
        return self


class CorrespondentIn(_Input):
    name: RequiredText
    role: CorrespondentRole = CorrespondentRole.OTHER
    languages: list[LanguageCode] = Field(default_factory=list)
    contact: Text = None
    notes: Text = None


class LetterIn(_Input):
    prisoner_id: RequiredId
    direction: Direction
    correspondent_id: RecordId = None
    facility_id: RecordId = None
    channel: Channel = Channel.POST
    language: OptionalLanguage = None
    title: Text = None
    summary: Text = None
    body: Text = None
    written_on: DateText = None
    sent_on: DateText = None
    received_on: DateText = None
    status: LetterStatus = LetterStatus.DRAFT
    in_reply_to: RecordId = None
    expects_reply: bool = False
    reply_due: DateText = None
    tracking_number: Text = None
    published_in: Text = None
    published_url: Text = None
    published_on: DateText = None
    notes: Text = None
    answered_on: DateText = None
    send_override_reason: Text = None


class CensorshipEventIn(_Input):
    letter_id: RequiredId
    kind: CensorshipKind
    noted_on: DateText = None
    note: Text = None


class TranslationIn(_Input):
    letter_id: RequiredId
    source_language: LanguageCode
    target_language: LanguageCode
    status: TranslationStatus = TranslationStatus.QUEUED
    translator: Text = None
    priority: int = Field(default=0, ge=-100, le=100)
    requested_on: DateText = None
    due_on: DateText = None
    completed_on: DateText = None
    text: Text = None
    notes: Text = None
    claimed_at: Annotated[str | None, BeforeValidator(_blank_to_none),
                          AfterValidator(lambda v: None if v is None else normalize_timestamp(v))
                          ] = None

    @model_validator(mode="after")
    def _languages_differ(self) -> TranslationIn:
        if self.source_language == self.target_language:
            raise _field_error("target_language",
                               _("the translation is into the letter's own language "
                                 "({language})").format(language=self.source_language))
        return self


class FieldProblem(ValueError):
    """A value that fails a rule involving one named field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _field_error(field: str, message: str) -> ValueError:
    # pydantic reports a ValueError raised in a model validator with loc (); the prefix
    # carries the field name through to describe_errors().
    return ValueError(f"@{field}@{message}")


def describe_errors(error: ValidationError) -> list[tuple[str, str]]:
    """Turn a pydantic error into (field, message) pairs a person can read."""
    problems: list[tuple[str, str]] = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "record"
        message = str(item["msg"])
        message = message.removeprefix("Value error, ")
        if message.startswith("@"):
            field, _sep, message = message[1:].partition("@")
        elif item["type"] == "enum":
            message = f"{item['input']!r} is not allowed; {message[0].lower()}{message[1:]}"
        elif item["type"] == "missing":
            message = _("is required")
        problems.append((field, message))
    return problems


# One input model per kind of record, keyed by the export file's section names.
INPUT_MODELS: dict[str, type[_Input]] = {
    "prisoners": PrisonerIn,
    "facilities": FacilityIn,
    "custody": CustodyIn,
    "correspondents": CorrespondentIn,
    "letters": LetterIn,
    "censorship_events": CensorshipEventIn,
    "translations": TranslationIn,
}


def parse_record_meta(raw: dict[str, Any]) -> tuple[str | None, str | None]:
    """Validate the `id` and `updated_at` of an imported record."""
    record_id = raw.get("id")
    updated_at = raw.get("updated_at")
    try:
        record_id = _uuid(record_id) if record_id not in (None, "") else None
    except ValueError as exc:
        raise FieldProblem("id", str(exc)) from None
    if updated_at not in (None, ""):
        if not isinstance(updated_at, str):
            raise FieldProblem("updated_at", "must be a UTC timestamp string")
        try:
            updated_at = normalize_timestamp(updated_at)
        except ValueError as exc:
            raise FieldProblem("updated_at", str(exc)) from None
    else:
        updated_at = None
    return record_id, updated_at
