"""Errors the store raises. Each carries a message a person can act on."""

from __future__ import annotations


class StoreError(Exception):
    """Something the user or the data is at fault for; the database is unchanged."""


class InvalidInput(StoreError):
    """A record breaks a rule. `problems` holds (field, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]], what: str = ""):
        self.problems = problems
        self.what = what
        detail = "; ".join(f"{field}: {message}" for field, message in problems)
        super().__init__(f"{what}: {detail}" if what else detail)


class NotFound(StoreError):
    pass


class DeleteRefused(StoreError):
    pass


class DatabaseError(StoreError):
    """The database file cannot be opened as it is."""


class DatabaseTooNew(DatabaseError):
    pass


class NotALetterManagerDatabase(DatabaseError):
    pass


class MigrationFailed(DatabaseError):
    pass


class ImportRejected(StoreError):
    """An import file with bad records; nothing was written. `problems` holds one line each."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        count = len(problems)
        first = problems[0] if problems else "no records"
        more = f" (and {count - 1} more bad records)" if count > 1 else ""
        super().__init__(f"{source}: {first}{more}; nothing was imported")
