"""Custody changes the Store has no single call for: a release ends the open stay.

`Store.record_move` covers moves (and transit). A release is not a move to anywhere: the open
stay gets its end date, so the timeline shows the prisoner free from then on.
"""

from __future__ import annotations

from ..domain.enums import PrisonerStatus
from ..domain.records import CustodyIn
from ..domain.timestamps import utc_now
from .errors import InvalidInput, NotFound
from .models import CustodyStay, Prisoner
from .service import Store, input_values, open_stays, validate


def record_release(
    store: Store,
    prisoner_id: str,
    end: str,
    note: str | None = None,
    *,
    mark_released: bool = True,
) -> CustodyStay:
    """End the prisoner's open stay on `end` (a partial date); add `note` to the stay's note.

    With `mark_released` the prisoner's status becomes "released" in the same transaction.
    Raises InvalidInput (nothing saved) when there is no open stay, no date, or the date is
    before the stay began.
    """
    if not (end or "").strip():
        raise InvalidInput([("end", "the release date is required")], "custody stay")
    with store.db.writing() as session:
        prisoner = session.get(Prisoner, prisoner_id)
        if prisoner is None:
            raise NotFound(f"no prisoner with id {prisoner_id}")
        stays = open_stays(session, prisoner_id)
        if not stays:
            raise InvalidInput(
                [("end", "the prisoner has no open custody stay, so there is nothing to end")],
                "custody stay",
            )
        note = (note or "").strip() or None
        for stay in stays:
            merged = "\n".join(part for part in (stay.note, note) if part) or None
            data = validate(CustodyIn, {
                "prisoner_id": prisoner_id, "facility_id": stay.facility_id,
                "start": stay.start, "end": end, "note": merged,
            })
            values = input_values(data)
            stay.end = values["end"]
            stay.note = values["note"]
            stay.updated_at = utc_now()
            session.add(stay)
        if mark_released and prisoner.status != PrisonerStatus.RELEASED.value:
            prisoner.status = PrisonerStatus.RELEASED.value
            prisoner.updated_at = utc_now()
            session.add(prisoner)
    return stays[-1]


def has_open_stay(store: Store, prisoner_id: str) -> bool:
    with store.db.session() as session:
        return bool(open_stays(session, prisoner_id))
