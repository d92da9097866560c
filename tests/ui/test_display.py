"""Display names of enum values and partial dates."""

import pytest

from lettermanager.domain.custody import Place
from lettermanager.domain.enums import (
    CensorshipKind,
    Channel,
    CorrespondentRole,
    Direction,
    FacilityKind,
    LetterStatus,
    PrisonerStatus,
    TranslationStatus,
)
from lettermanager.ui.display import (
    LABELS,
    enum_choices,
    enum_label,
    format_partial_date,
    language_name,
    language_pair,
)

ENUMS = [PrisonerStatus, FacilityKind, CorrespondentRole, Direction, Channel, LetterStatus,
         CensorshipKind, TranslationStatus, Place]


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_enum_value_has_a_display_name(enum):
    assert set(LABELS[enum]) == {member.value for member in enum}
    for member in enum:
        label = enum_label(member)
        assert label and label != member.value


def test_labels_by_member_or_by_stored_value():
    assert enum_label(Direction.OUTGOING) == "→ outgoing"
    assert enum_label("incoming", Direction) == "← incoming"
    # The same stored value means different things in different enums.
    assert enum_label("withheld", LetterStatus) == "Withheld"
    assert enum_label("withheld", CensorshipKind) == "Withheld (confiscated)"
    assert enum_label("lawyer", Channel) == "Via a lawyer"
    assert enum_label("lawyer", CorrespondentRole) == "Lawyer"
    assert enum_label(None) == ""
    assert enum_label("something_new", LetterStatus) == "something_new"  # shown, not hidden


def test_choices_keep_declaration_order():
    choices = enum_choices(TranslationStatus)
    assert [value for _label, value in choices] == [m.value for m in TranslationStatus]
    assert choices[0] == ("Queued", "queued")


@pytest.mark.parametrize(("value", "language", "expected"), [
    ("2024", "en", "2024"),
    ("2024-03", "en", "March 2024"),
    ("2024-11-14", "en", "14 November 2024"),
    ("2024-03", "ru", "март 2024"),
    ("2024-11-14", "ru", "14 ноября 2024\u202fг."),  # a narrow no-break space
    ("2024-03", "uk", "березень 2024"),
    ("2024-03", "fr", "mars 2024"),
])
def test_partial_dates_keep_their_precision(value, language, expected):
    assert format_partial_date(value, language=language) == expected


def test_short_dates_for_tables_and_bad_text():
    assert format_partial_date("2024-03", short=True, language="en") == "Mar 2024"
    assert format_partial_date("2024-11-14", short=True, language="en") == "14 Nov 2024"
    assert format_partial_date(None) == ""
    assert format_partial_date("not a date") == "not a date"


def test_language_names():
    assert language_name("ru", "en") == "Russian"
    assert language_name("en", "ru") == "Английский"
    assert language_name("xx", "en") == "xx"
    assert language_pair("en", "ru") == "English → Russian"
