"""A prisoner's custody timeline: stays, and the gaps between them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from .partial_date import PartialDate


class Place(StrEnum):
    HELD = "held"  # at a known facility
    IN_TRANSIT = "in_transit"  # a stay with no facility: etap, whereabouts unknown
    FREE = "free"  # between stays: released, then re-arrested


class StayLike(Protocol):
    id: str
    facility_id: str | None
    start: str | None
    end: str | None


@dataclass(frozen=True)
class TimelineEntry:
    place: Place
    start: str | None
    end: str | None
    stay_id: str | None = None  # None for a gap
    facility_id: str | None = None


_UNKNOWN = date.max


def _middle(text: str | None) -> date:
    return PartialDate.parse(text).midpoint() if text else _UNKNOWN


def stay_sort_key(stay: StayLike) -> tuple[date, date]:
    """Stays in time order. Partial dates sort by the middle of their period, so a stay that
    began on 2024-02-13 comes before one that began at an unknown time in "2024"; an open or
    undated stay comes last."""
    return (_middle(stay.start), _middle(stay.end))


def build_timeline(stays: list[StayLike]) -> list[TimelineEntry]:
    """Stays in order, with a FREE entry wherever one stay ends before the next begins."""
    entries: list[TimelineEntry] = []
    ordered = sorted(stays, key=stay_sort_key)
    for previous, stay in zip([None, *ordered], ordered, strict=False):
        if previous is not None and previous.end and stay.start:
            if PartialDate.parse(previous.end).latest() < PartialDate.parse(stay.start).earliest():
                entries.append(TimelineEntry(Place.FREE, previous.end, stay.start))
        place = Place.HELD if stay.facility_id else Place.IN_TRANSIT
        entries.append(TimelineEntry(place, stay.start, stay.end, stay.id, stay.facility_id))
    return entries


def stay_covers(stay: StayLike, on: date) -> bool:
    """Whether the stay may include the day `on` (partial dates count generously)."""
    if stay.start and PartialDate.parse(stay.start).earliest() > on:
        return False
    if stay.end and PartialDate.parse(stay.end).latest() < on:
        return False
    return True
