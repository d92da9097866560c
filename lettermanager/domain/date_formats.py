"""Dates as people type them in spreadsheets, read into partial-date ISO text.

Accepted: ISO ("2024", "2024-03", "2024-03-15"), the Russian/European day-first forms
"15.03.2024" and "5.3.2024", month and year "03.2024", and any of these followed by a time of
day (spreadsheets add "0:00" to dates). Slashed dates are refused: 03/04/2024 is the 3rd of
April in Moscow and the 4th of March in New York, and the app never guesses a day.
"""

from __future__ import annotations

import re

from .partial_date import PartialDate, PartialDateError

_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})\.(\d{4})$")
_ISO = re.compile(r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$")

FORMS = "YYYY-MM-DD, DD.MM.YYYY, MM.YYYY or YYYY"


def parse_spreadsheet_date(text: str | None) -> str | None:
    """The ISO text of a date in one of the accepted forms; None for an empty cell. Raises
    PartialDateError saying which forms are accepted."""
    if text is None or not text.strip():
        return None
    value = _TIME.sub("", text.strip()).strip().rstrip(".")
    try:
        if match := _DAY_FIRST.match(value):
            day, month, year = (int(g) for g in match.groups())
            return PartialDate(year, month, day).iso()
        if match := _MONTH_YEAR.match(value):
            month, year = (int(g) for g in match.groups())
            return PartialDate(year, month).iso()
        if _ISO.match(value):
            parts = [int(p) for p in value.split("-")]
            return PartialDate(*parts).iso()
    except PartialDateError as exc:
        raise PartialDateError(f"{text.strip()!r} is not a real date ({exc})") from None
    raise PartialDateError(f"{text.strip()!r} is not a date; write {FORMS}")
