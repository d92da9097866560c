"""The full-text search index: its tables and the SQL function its triggers call.

Migration 0005 creates an FTS5 table `search_fts` with the indexed columns `title` and `body`
(the record's own text, ё read as е), `title_key` and `body_key` (the same text as
transliteration keys, domain.transliteration.search_key, so that a Latin query finds Cyrillic
text and the other way round) and `tags` (the kind and the letter fields filters use, as
words). `search_doc` says which record each FTS row stands for: `doc_id` is the FTS rowid;
`kind` and `record_id` name the record; `letter_id` is the letter a letter, translation or
censorship event belongs to; the letter fields follow.

Triggers on the record tables keep the index in step on every write path (the store, imports,
bulk inserts, raw SQL). They compute keys with the SQL function `lm_search_key`, which every
connection of the app registers (store.engine). A connection without it, such as a plain
`sqlite3` shell, can read the database but cannot insert or change the indexed records: SQLite
answers "no such function: lm_search_key". Call `register_functions` on such a connection.

A later migration that recreates one of the indexed tables (a batch migration) drops that
table's triggers and must create them again.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import Engine

from ..domain.transliteration import search_key

FTS_TABLE = "search_fts"
DOC_TABLE = "search_doc"
KEY_FUNCTION = "lm_search_key"

# The record tables the index covers, as search hit kinds.
INDEXED_TABLES = ("letter", "translation", "censorship_event", "prisoner", "correspondent",
                  "facility")
TRIGGER_EVENTS = ("insert", "update", "delete")
LETTER_FIELDS = ("prisoner_id", "direction", "status", "language", "written_on", "sent_on",
                 "received_on")


def sql_search_key(*texts: object) -> str:
    """lm_search_key(text, ...): the key of the texts that are not NULL, one per line."""
    return search_key("\n".join(str(text) for text in texts if text is not None))


def register_functions(connection: sqlite3.Connection) -> None:
    """Make `lm_search_key` available on a raw sqlite3 connection."""
    connection.create_function(KEY_FUNCTION, -1, sql_search_key, deterministic=True)


def trigger_name(table: str, event: str) -> str:
    return f"search_{table}_{event}"


def is_index_table(name: str) -> bool:
    """Whether a table is part of the search index (the models do not declare them)."""
    return name == DOC_TABLE or name == FTS_TABLE or name.startswith(f"{FTS_TABLE}_")


def expected_triggers() -> set[str]:
    names = {trigger_name(table, event) for table in INDEXED_TABLES for event in TRIGGER_EVENTS}
    return names | {"search_letter_fields"}


def index_problems(database: Engine | sqlite3.Connection) -> list[str]:
    """Where the index is out of step with the records, in words (none: in step). Takes the
    app's engine or a plain sqlite3 connection (it only reads)."""
    if isinstance(database, sqlite3.Connection):
        return _problems(database)
    with database.connect() as connection:
        return _problems(connection.connection.driver_connection)


def _problems(connection: sqlite3.Connection) -> list[str]:
    def count(sql: str) -> int:
        return connection.execute(sql).fetchone()[0] or 0

    problems = []
    triggers = {row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    for name in sorted(expected_triggers() - triggers):
        problems.append(f"the search index trigger {name} is missing")
    for table in INDEXED_TABLES:
        missing = count(f"SELECT count(*) FROM {table} AS r WHERE NOT EXISTS (SELECT 1 "
                        f"FROM {DOC_TABLE} AS d WHERE d.record_id = r.id AND d.kind = '{table}')")
        extra = count(f"SELECT count(*) FROM {DOC_TABLE} AS d WHERE d.kind = '{table}' "
                      f"AND NOT EXISTS (SELECT 1 FROM {table} AS r WHERE r.id = d.record_id)")
        if missing:
            problems.append(f"the search index lacks {missing} of the {table} records")
        if extra:
            problems.append(f"the search index still lists {extra} deleted {table} records")
    unindexed = count(f"SELECT count(*) FROM {DOC_TABLE} AS d WHERE NOT EXISTS "
                      f"(SELECT 1 FROM {FTS_TABLE} AS f WHERE f.rowid = d.doc_id)")
    orphans = count(f"SELECT count(*) FROM {FTS_TABLE} AS f WHERE NOT EXISTS "
                    f"(SELECT 1 FROM {DOC_TABLE} AS d WHERE d.doc_id = f.rowid)")
    differs = " OR ".join(f"d.{field} IS NOT l.{field}" for field in LETTER_FIELDS)
    stale = count(f"SELECT count(*) FROM {DOC_TABLE} AS d JOIN letter AS l "
                  f"ON l.id = d.letter_id WHERE {differs}")
    if unindexed or orphans:
        problems.append(f"the search index has {unindexed + orphans} entries out of step")
    if stale:
        problems.append(f"the search index has old letter fields for {stale} records")
    return problems
