"""Dates and numbers in each interface language, keeping a partial date's precision."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from lettermanager import i18n
from lettermanager.domain.partial_date import PartialDate
from lettermanager.i18n.formatting import (
    format_moment,
    format_number,
    format_partial_date,
    language_name,
)

NNBSP = "\u202f"  # CLDR puts a narrow no-break space before "г." and "р."

LONG = {
    "en": ("2024", "March 2024", "14 November 2024"),
    "ru": ("2024", "март 2024", f"14 ноября 2024{NNBSP}г."),
    "uk": ("2024", "березень 2024", f"14 листопада 2024{NNBSP}р."),
    "fr": ("2024", "mars 2024", "14 novembre 2024"),
}
SHORT = {
    "en": ("Mar 2024", "14 Nov 2024"),
    "ru": ("март 2024", f"14 нояб. 2024{NNBSP}г."),
    "uk": ("бер. 2024", f"14 лист. 2024{NNBSP}р."),
    "fr": ("mars 2024", "14 nov. 2024"),
}


@pytest.mark.parametrize("language", sorted(LONG))
def test_each_precision_in_each_language(language):
    year, month, day = LONG[language]
    assert format_partial_date("2024", language=language) == year
    assert format_partial_date("2024-03", language=language) == month
    assert format_partial_date("2024-11-14", language=language) == day
    assert format_partial_date(PartialDate(2024, 3), language=language) == month
    assert format_partial_date(date(2024, 11, 14), language=language) == day


@pytest.mark.parametrize("language, expected", [
    ("ru", "марта 2024"), ("uk", "березня 2024"), ("fr", "mars 2024"), ("en", "March 2024")])
def test_a_month_inside_a_phrase_takes_the_form_a_preposition_needs(language, expected):
    """'с {date}' must read 'с марта 2024', not 'с март 2024'; days and years do not change."""
    assert format_partial_date("2024-03", language=language, in_phrase=True) == expected
    assert format_partial_date("2024-11-14", language=language, in_phrase=True) == LONG[language][2]
    assert format_partial_date("2024", language=language, in_phrase=True) == "2024"


@pytest.mark.parametrize("language", sorted(SHORT))
def test_short_forms_for_table_cells(language):
    month, day = SHORT[language]
    assert format_partial_date("2024-03", short=True, language=language) == month
    assert format_partial_date("2024-11-14", short=True, language=language) == day
    assert format_partial_date("2024", short=True, language=language) == "2024"


def test_the_language_in_use_is_the_default():
    try:
        i18n.set_language("ru")
        assert format_partial_date("2024-03") == "март 2024"
        assert format_number(12345) == "12\xa0345"
        assert language_name("fr") == "Французский"
        i18n.set_language("fr")
        assert format_partial_date("2024-11-14") == "14 novembre 2024"
    finally:
        i18n.set_language("en")
    assert format_partial_date("2024-03") == "March 2024"


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "12,345"), ("ru", "12\xa0345"), ("uk", "12\xa0345"), ("fr", "12\u202f345"),
])
def test_numbers_are_grouped_the_local_way(language, expected):
    assert format_number(12345, language) == expected
    assert format_number(7, language) == "7"


def test_moments_have_a_date_and_a_time_of_day():
    moment = datetime(2024, 11, 14, 9, 30)
    assert format_moment(moment, "en") == "14 Nov 2024, 09:30"
    assert format_moment(moment, "ru") == f"14 нояб. 2024{NNBSP}г., 09:30"
    assert format_moment(moment, "fr") == "14 nov. 2024, 09:30"


def test_text_that_is_not_a_date_is_shown_as_it_is():
    assert format_partial_date("spring 2024", language="ru") == "spring 2024"
    assert format_partial_date(None) == ""
    assert format_partial_date("") == ""
