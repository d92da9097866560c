"""The published letters a new database starts with."""

from __future__ import annotations

from ..paths import seed_file
from .database import Database
from .exchange import ImportReport, import_file


def load_seed(database: Database) -> ImportReport:
    """Import the seed file. Loading it again changes nothing (records keep their ids)."""
    return import_file(database, seed_file())
