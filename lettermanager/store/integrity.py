"""`check`: SQLite's own checks and the app's invariants, each problem in words naming its record.

The schema enforces most rules (foreign keys, CHECK constraints), but a file edited by another
program, written with foreign keys off, or from an older version may still break them; this
finds such records so that a person can fix them. It only reads.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ..domain import enums
from ..domain.partial_date import PartialDate, PartialDateError
from .backup import readonly_uri

MAX_SQLITE_PROBLEMS = 20

_LABELS = {"prisoner": "prisoner", "facility": "facility", "custody_stay": "custody stay",
           "correspondent": "correspondent", "letter": "letter",
           "censorship_event": "censorship event", "translation": "translation"}
_ENUMS = [
    ("prisoner", "status", enums.PrisonerStatus), ("facility", "kind", enums.FacilityKind),
    ("correspondent", "role", enums.CorrespondentRole),
    ("letter", "direction", enums.Direction), ("letter", "channel", enums.Channel),
    ("letter", "status", enums.LetterStatus), ("censorship_event", "kind", enums.CensorshipKind),
    ("translation", "status", enums.TranslationStatus),
]
_DATES = {
    "custody_stay": ("start", "end"),
    "letter": ("written_on", "sent_on", "received_on", "reply_due", "published_on",
               "answered_on"),
    "censorship_event": ("noted_on",),
    "translation": ("requested_on", "due_on", "completed_on"),
}


def check(db_or_path) -> list[str]:
    """Every problem found, one sentence each; an empty list means the database is sound."""
    path = Path(getattr(db_or_path, "path", db_or_path))
    connection = sqlite3.connect(readonly_uri(path), uri=True)
    connection.row_factory = sqlite3.Row
    try:
        try:
            damage = [row[0] for row in connection.execute(
                f"PRAGMA integrity_check({MAX_SQLITE_PROBLEMS})")]
        except sqlite3.DatabaseError as exc:
            return [f"the database file {path} is damaged or not a database: {exc}"]
        problems = [] if damage == ["ok"] else [
            f"the database file is damaged: {line}" for line in damage]
        try:
            problems += list(_Checker(connection).problems())
        except sqlite3.DatabaseError as exc:
            problems.append(f"the records could not all be read: {exc}")
        return problems
    finally:
        connection.close()


class _Checker:
    def __init__(self, connection: sqlite3.Connection):
        self.db = connection
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        self.tables = tables
        self.columns = {table: {row[1] for row in connection.execute(
            f'PRAGMA table_info("{table}")')} for table in tables}
        self.prisoner_names = {row["id"]: row["full_name"] for row in connection.execute(
            "SELECT id, full_name FROM prisoner")} if "prisoner" in tables else {}

    def problems(self) -> Iterator[str]:
        missing = [t for t in _LABELS if t not in self.tables]
        if missing:
            yield f"the database has no {', '.join(missing)} table; it is not LetterManager's"
            return
        yield from self.letters_without_prisoner()
        yield from self.broken_references()
        yield from self.bad_values()
        yield from self.bad_dates()
        yield from self.open_stays()
        yield from self.overlapping_stays()
        yield from self.replies()
        yield from self.translations()

    # --- naming records ---------------------------------------------------------------------

    def prisoner(self, prisoner_id: str | None) -> str:
        name = self.prisoner_names.get(prisoner_id or "")
        return f'prisoner "{name}"' if name else f"the missing prisoner {prisoner_id}"

    def letter(self, row: sqlite3.Row) -> str:
        title = f'"{row["title"]}"' if row["title"] else "without a title"
        when = row["written_on"] or row["sent_on"] or row["received_on"] or "undated"
        return (f"{row['direction']} letter {title} ({when}) of "
                f"{self.prisoner(row['prisoner_id'])} (id {row['id']})")

    def stay(self, row: sqlite3.Row) -> str:
        return (f"the custody stay from {row['start'] or 'an unknown date'} to "
                f"{row['end'] or 'now'} of {self.prisoner(row['prisoner_id'])} (id {row['id']})")

    def letters_by_id(self, ids: set[str]) -> dict[str, sqlite3.Row]:
        rows: dict[str, sqlite3.Row] = {}
        ordered = sorted(ids)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT * FROM letter WHERE id IN ({marks})", chunk):
                rows[row["id"]] = row
        return rows

    def describe(self, table: str, rowid: int) -> str:
        row = self.db.execute(f'SELECT * FROM "{table}" WHERE rowid = ?', (rowid,)).fetchone()
        if row is None:
            return f"{_LABELS.get(table, table)} at row {rowid}"
        if table == "letter":
            return self.letter(row)
        if table == "custody_stay":
            return self.stay(row)
        keys = row.keys()
        for name_column in ("full_name", "name"):
            if name_column in keys:
                return f'{_LABELS[table]} "{row[name_column]}" (id {row["id"]})'
        return f"{_LABELS.get(table, table)} (id {row['id']})"

    # --- the checks ---------------------------------------------------------------------------

    def letters_without_prisoner(self) -> Iterator[str]:
        for row in self.db.execute(
                "SELECT * FROM letter WHERE prisoner_id NOT IN (SELECT id FROM prisoner)"):
            yield (f"the {self.letter(row)} points at a prisoner that does not exist "
                   f"({row['prisoner_id']})")

    def broken_references(self) -> Iterator[str]:
        for table, rowid, parent, fkid in self.db.execute("PRAGMA foreign_key_check"):
            column = next((ref[3] for ref in self.db.execute(
                f'PRAGMA foreign_key_list("{table}")') if ref[0] == fkid), "?")
            if table == "letter" and column == "prisoner_id":
                continue  # said above, in the words of the app's own rule
            value = self.db.execute(f'SELECT "{column}" FROM "{table}" WHERE rowid = ?',
                                    (rowid,)).fetchone()
            yield (f"the {self.describe(table, rowid)} points at a {_LABELS.get(parent, parent)}"
                   f" that does not exist ({column} {value[0] if value else '?'})")

    def bad_values(self) -> Iterator[str]:
        for table, column, enum in _ENUMS:
            allowed = [member.value for member in enum]
            marks = ", ".join("?" * len(allowed))
            for row in self.db.execute(
                    f'SELECT rowid, "{column}" FROM "{table}" WHERE "{column}" IS NULL '
                    f'OR "{column}" NOT IN ({marks})', allowed):
                yield (f"the {self.describe(table, row[0])} has the {column} {row[1]!r}, which "
                       f"is not one of {', '.join(allowed)}")

    def bad_dates(self) -> Iterator[str]:
        for table, columns in _DATES.items():
            present = [c for c in columns if c in self.columns[table]]
            if not present:
                continue
            quoted = ", ".join(f'"{c}"' for c in present)
            for row in self.db.execute(f'SELECT rowid, {quoted} FROM "{table}"'):
                for column, value in zip(present, tuple(row)[1:], strict=True):
                    if value is None:
                        continue
                    try:
                        PartialDate.parse(str(value))
                    except PartialDateError:
                        yield (f"the {self.describe(table, row[0])} has {value!r} as its "
                               f"{column.replace('_', ' ')}, which is not a date")

    def open_stays(self) -> Iterator[str]:
        for row in self.db.execute(
                "SELECT prisoner_id, count(*) AS n, group_concat(coalesce(start, '?'), ', ') "
                'AS starts FROM custody_stay WHERE "end" IS NULL GROUP BY prisoner_id '
                "HAVING count(*) > 1"):
            yield (f"{self.prisoner(row['prisoner_id'])} has {row['n']} open custody stays "
                   f"(starting {row['starts']}); all but the latest should have an end date")

    def overlapping_stays(self) -> Iterator[str]:
        """Two stays overlap when each certainly begins before the other ends: the last day
        one's start may mean is before the first day the other's end may mean. A move (one
        stay ends the day the next begins) is not an overlap."""
        by_prisoner: dict[str, list[tuple[date, date, sqlite3.Row]]] = defaultdict(list)
        for row in self.db.execute("SELECT * FROM custody_stay WHERE start IS NOT NULL"):
            try:
                begins = PartialDate.parse(row["start"]).latest()
                ends = PartialDate.parse(row["end"]).earliest() if row["end"] else date.max
            except PartialDateError:
                continue  # reported by bad_dates
            by_prisoner[row["prisoner_id"]].append((begins, ends, row))
        for stays in by_prisoner.values():
            stays.sort(key=lambda item: (item[0], item[2]["id"]))
            for index, (begins, ends, row) in enumerate(stays):
                for other_begins, other_ends, other in stays[index + 1:]:
                    if row["end"] is None and other["end"] is None:
                        continue  # two open stays: said by open_stays
                    if begins < other_ends and other_begins < ends:
                        yield f"the {self.stay(row)} overlaps the {self.stay(other)}"

    def replies(self) -> Iterator[str]:
        for row in self.db.execute(
                "SELECT reply.*, answered.prisoner_id AS answered_prisoner, "
                "answered.id AS answered_id FROM letter AS reply JOIN letter AS answered "
                "ON answered.id = reply.in_reply_to "
                "WHERE answered.prisoner_id != reply.prisoner_id OR answered.id = reply.id"):
            if row["answered_id"] == row["id"]:
                yield f"the {self.letter(row)} is marked as a reply to itself"
            else:
                answered = self.letters_by_id({row["answered_id"]})[row["answered_id"]]
                yield (f"the {self.letter(row)} answers the {self.letter(answered)}, which "
                       "belongs to another prisoner")

    def translations(self) -> Iterator[str]:
        rows = list(self.db.execute(
            "SELECT t.id, t.letter_id, t.source_language, t.target_language, "
            "l.language AS letter_language FROM translation AS t JOIN letter AS l "
            "ON l.id = t.letter_id WHERE t.source_language = t.target_language "
            "OR t.target_language = l.language"))
        letters = self.letters_by_id({row["letter_id"] for row in rows})
        for row in rows:
            what = (f"the translation into {row['target_language']} (id {row['id']}) of the "
                    f"{self.letter(letters[row['letter_id']])}")
            if row["source_language"] == row["target_language"]:
                yield f"{what} is from {row['source_language']} into the same language"
            else:
                yield f"{what} is into the letter's own language"
