"""What an envelope to a prisoner needs from the store: the recipient line (generated or the
user's correction), the postal address of the facility where the prisoner is held now, and
the sender's address from the settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.addressing import PostalAddress, address_problems, postal_address, recipient_line
from ..domain.timestamps import utc_now
from .errors import NotFound
from .models import Facility, Prisoner
from .service import Store


@dataclass(frozen=True)
class EnvelopeData:
    prisoner_id: str
    prisoner_name: str
    recipient: str  # the line printed: the correction if there is one, else generated
    generated: str  # what the app generates from the name and birth year
    corrected: bool
    address: PostalAddress
    facility_name: str | None  # None: no current facility (free, in transit, unknown)
    sender: str
    problems: list[str] = field(default_factory=list)  # domain.addressing problem codes


def envelope_data(store: Store, prisoner_id: str) -> EnvelopeData:
    """Everything the envelope of a prisoner shows, as plain data."""
    prisoner = store.get(Prisoner, prisoner_id)
    settings = store.settings()
    facility = store.current_facility(prisoner_id)
    address = facility_address(facility, include_country=settings.sending_from_abroad)
    generated = recipient_line(prisoner.full_name, prisoner.birth_year)
    corrected = bool(prisoner.envelope_name and prisoner.envelope_name.strip())
    return EnvelopeData(
        prisoner_id=prisoner.id,
        prisoner_name=prisoner.full_name,
        recipient=prisoner.envelope_name.strip() if corrected else generated,
        generated=generated,
        corrected=corrected,
        address=address,
        facility_name=facility.name if facility else None,
        sender=settings.sender_address.strip(),
        problems=address_problems(address) if facility else [],
    )


def facility_address(facility: Facility | None, include_country: bool = False) -> PostalAddress:
    if facility is None:
        return PostalAddress([], "")
    return postal_address(facility.name, facility.address, facility.city, facility.region,
                          facility.country, facility.postal_code,
                          include_country=include_country)


def set_envelope_name(store: Store, prisoner_id: str, text: str | None) -> str | None:
    """Keep the user's correction of the recipient line; blank or the generated line itself
    clears it (the generated line then follows later changes of the name or birth year).
    Returns what is stored."""
    value = (text or "").strip() or None
    with store.db.writing() as session:
        prisoner = session.get(Prisoner, prisoner_id)
        if prisoner is None:
            raise NotFound(f"no prisoner with id {prisoner_id}")
        if value == recipient_line(prisoner.full_name, prisoner.birth_year):
            value = None
        if prisoner.envelope_name != value:
            prisoner.envelope_name = value
            prisoner.updated_at = utc_now()
            session.add(prisoner)
    return value
