"""Dates known to the year, the month or the day.

A partial date is kept as its ISO text: "2024", "2024-03" or "2024-03-15". That text sorts
chronologically, and a less precise date sorts before the more precise dates inside its period
("2024" < "2024-01" < "2024-01-01"), so SQL can order and range-filter the column directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import IntEnum

from .messages import _

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Precision(IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3


class PartialDateError(ValueError):
    """The text is not a date in one of the accepted forms."""


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise PartialDateError(_("year {year} is out of range").format(year=self.year))
        if self.day is not None and self.month is None:
            raise PartialDateError(_("a day needs a month"))
        if self.month is not None and not 1 <= self.month <= 12:
            raise PartialDateError(_("month {month} does not exist").format(month=self.month))
        if self.day is not None:
            try:
                date(self.year, self.month, self.day)  # type: ignore[arg-type]
            except ValueError:
                raise PartialDateError(_("{date} is not a real date").format(
                    date=f"{self.year:04d}-{self.month:02d}-{self.day:02d}")) from None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        match = _PATTERN.match(text.strip())
        if not match:
            raise PartialDateError(
                _("{text} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD").format(text=repr(text))
            )
        year, month, day = (int(g) if g else None for g in match.groups())
        return cls(year, month, day)  # type: ignore[arg-type]

    @classmethod
    def from_date(cls, value: date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def iso(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def earliest(self) -> date:
        """The first day the date may stand for."""
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        """The last day the date may stand for."""
        if self.day is not None:
            return self.earliest()
        if self.month is None:
            return date(self.year, 12, 31)
        next_month = date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return date.fromordinal(next_month.toordinal() - 1)

    def midpoint(self) -> date:
        """The middle of the period: a fair place to sort a date whose day is unknown."""
        first, last = self.earliest(), self.latest()
        return date.fromordinal((first.toordinal() + last.toordinal()) // 2)

    def __str__(self) -> str:
        return self.iso()


def normalize_partial_date(text: str | None) -> str | None:
    """Return the canonical ISO text of a partial date, or None for an empty value."""
    if text is None or not str(text).strip():
        return None
    return PartialDate.parse(str(text)).iso()
