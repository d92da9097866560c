"""The user's preferences: one JSON file in the data folder (paths.settings).

Read with defaults for anything missing or malformed (a hand-edited file never stops the app);
written atomically (temporary file, fsync, rename). Never pickled.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from ..domain.replies import (
    DEFAULT_CONTACT_INTERVAL_DAYS,
    DEFAULT_REPLY_DAYS,
    INTERNATIONAL_POST_DAYS,
)


@dataclass
class Settings:
    user_name: str = ""  # who claims translations ("who am I")
    language: str | None = None  # interface language; None follows the system
    reply_days: dict[str, int] = field(default_factory=lambda: {
        str(k): v for k, v in DEFAULT_REPLY_DAYS.items()})
    international_post_days: int = INTERNATIONAL_POST_DAYS
    sending_from_abroad: bool = False
    contact_interval_days: int = DEFAULT_CONTACT_INTERVAL_DAYS
    backups_daily: int = 7
    backups_weekly: int = 4
    sender_address: str = ""  # printed on envelopes: the sender's name and postal address


def load_settings(path: Path) -> Settings:
    defaults = Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return defaults
    if not isinstance(raw, dict):
        return defaults
    values: dict[str, Any] = {}
    for item in fields(Settings):
        default = getattr(defaults, item.name)
        value = raw.get(item.name, default)
        if item.name == "reply_days" and isinstance(value, dict):
            value = {**default, **{str(k): int(v) for k, v in value.items()
                                   if isinstance(v, int) and not isinstance(v, bool) and v > 0}}
        elif item.name == "language":
            value = value if isinstance(value, str) or value is None else default
        elif type(value) is not type(default):
            value = default
        values[item.name] = value
    return Settings(**values)


def save_settings(path: Path, settings: Settings) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with open(partial, "w", encoding="utf-8") as handle:
        json.dump(asdict(settings), handle, ensure_ascii=False, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)
