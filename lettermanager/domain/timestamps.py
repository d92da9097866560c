"""UTC timestamps as the export format writes them."""

from datetime import UTC, datetime

_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def utc_now() -> str:
    return datetime.now(UTC).strftime(_FORMAT)


def normalize_timestamp(text: str) -> str:
    """Parse an ISO 8601 timestamp and return it in UTC in the canonical form."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone; write it in UTC with a trailing Z")
    return value.astimezone(UTC).strftime(_FORMAT)
