"""The facilities table: every facility with the prisoners held there now.

"Held there now" means the prisoner's open custody stay (no end date) is at the facility.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import col, select

from .database import Database
from .models import CustodyStay, Facility, Letter, Prisoner
from .service import Store
from .summary import database_of


@dataclass(frozen=True)
class HeldPrisoner:
    id: str
    full_name: str


@dataclass
class FacilityRow:
    facility: Facility
    held_now: list[HeldPrisoner] = field(default_factory=list)  # sorted by name
    stay_count: int = 0  # custody stays recorded at the facility, past and present
    letter_count: int = 0  # letters sent to or from it


def facility_rows(source: Store | Database) -> list[FacilityRow]:
    with database_of(source).session() as session:
        rows = {f.id: FacilityRow(f) for f in session.exec(
            select(Facility).order_by(Facility.name))}
        held = session.exec(
            select(CustodyStay.facility_id, Prisoner.id, Prisoner.full_name)
            .join(Prisoner, Prisoner.id == CustodyStay.prisoner_id)
            .where(col(CustodyStay.end).is_(None), col(CustodyStay.facility_id).is_not(None))
            .order_by(Prisoner.full_name)
        )
        for facility_id, prisoner_id, name in held:
            if facility_id in rows:
                rows[facility_id].held_now.append(HeldPrisoner(prisoner_id, name))
        for table, attribute in ((CustodyStay, "stay_count"), (Letter, "letter_count")):
            counted = session.exec(
                select(table.facility_id, func.count())
                .where(col(table.facility_id).is_not(None))
                .group_by(table.facility_id)
            )
            for facility_id, count in counted:
                if facility_id in rows:
                    setattr(rows[facility_id], attribute, count)
        return list(rows.values())


def held_at(source: Store | Database, facility_id: str) -> list[HeldPrisoner]:
    """Who is held at one facility now."""
    with database_of(source).session() as session:
        return [HeldPrisoner(*row) for row in session.exec(
            select(Prisoner.id, Prisoner.full_name)
            .join(CustodyStay, CustodyStay.prisoner_id == Prisoner.id)
            .where(CustodyStay.facility_id == facility_id, col(CustodyStay.end).is_(None))
            .order_by(Prisoner.full_name)
        )]
