"""Dates and numbers as the interface language writes them (babel), with no Qt.

Every function takes the language (None: the one in use, `current_language()`). Partial dates
keep their precision: "2024"; "март 2024", "March 2024"; "14 ноября 2024 г.", "14 November 2024".
"""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from ..domain.partial_date import PartialDate, PartialDateError, Precision
from . import current_language

# The babel locale of each interface language. English is British: "14 November 2024".
BABEL_LOCALES = {"en": "en_GB", "ru": "ru", "uk": "uk", "fr": "fr"}


def babel_locale(language: str | None = None) -> Locale:
    code = BABEL_LOCALES.get(language or current_language(), language or "en_GB")
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_GB")


def format_partial_date(
    value: str | PartialDate | date | None, *, short: bool = False, language: str | None = None,
    in_phrase: bool = False,
) -> str:
    """A partial date as people write it, keeping its precision.

    Long (default): "2024", "March 2024", "14 November 2024" / "март 2024", "14 ноября 2024 г.".
    Short, for table cells: "2024", "Mar 2024", "14 Nov 2024".
    Text that is not a date is returned unchanged (never hidden, never an exception).
    `in_phrase`: the month as it reads after a preposition ("с марта 2024", "з березня 2024"),
    for sentences such as "since {date}".
    """
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        value = PartialDate.from_date(value)
    if isinstance(value, str):
        try:
            value = PartialDate.parse(value)
        except PartialDateError:
            return value
    locale = babel_locale(language)
    day = value.earliest()
    if value.precision is Precision.YEAR:
        return str(value.year)
    if value.precision is Precision.MONTH:
        # LLLL: the stand-alone month name ("март", not the genitive "марта").
        if in_phrase:
            return format_date(day, "MMM y" if short else "MMMM y", locale=locale)
        return format_date(day, "LLL y" if short else "LLLL y", locale=locale)
    return format_date(day, "medium" if short else "long", locale=locale)


def format_moment(moment: datetime, language: str | None = None) -> str:
    """A date and time of day in local time: "14 нояб. 2024 г., 09:30", "14 Nov 2024, 09:30"."""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    locale = babel_locale(language)
    return (f"{format_date(moment.date(), 'medium', locale=locale)}, "
            f"{format_datetime(moment, 'HH:mm', locale=locale)}")


def format_number(number: int | float, language: str | None = None) -> str:
    """A count with the language's grouping: "12 345" (ru, fr), "12,345" (en)."""
    return format_decimal(number, locale=babel_locale(language))


def language_name(code: str | None, language: str | None = None) -> str:
    """The name of an ISO 639-1 language in the interface language ("ru" -> "Russian")."""
    if not code:
        return ""
    name = babel_locale(language).languages.get(code)
    return name[:1].upper() + name[1:] if name else code
