"""The full-text search index (see store.search_index): an FTS5 table over the text of letters,
translations, censorship events, prisoners, correspondents and facilities, in the original
script and as transliteration keys, kept in step by triggers; built here for existing rows.

Searches filter by the kind of record and by letter fields (prisoner, direction, status,
language, dates). The FTS row's `tags` column holds the first ones as words ("kletter",
"p<prisoner id>", "dincoming", "sreceived", "lru"), so that a filter is one more term of the
full-text query; `search_doc` copies the letter fields, for the date filters and for checks.
A letter's translations and censorship events carry the letter's fields, so a trigger on
letter re-indexes them when those fields change.

The triggers call lm_search_key(), which the app registers on every connection
(store.engine). A later batch migration that recreates an indexed table must create its
triggers again (triggers go with their table): `trigger_sql(table)` gives them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# table: (the column naming the letter a row belongs to, title columns, body columns)
SOURCES = {
    "letter": ("id", ("title",), ("summary", "body", "notes", "published_in")),
    "translation": ("letter_id", ("translator",), ("text", "notes")),
    "censorship_event": ("letter_id", (), ("note",)),
    "prisoner": (None, ("full_name", "latin_name"), ("charges", "notes")),
    "correspondent": (None, ("name",), ("notes",)),
    "facility": (None, ("name",), ("city", "region", "address")),
}
# Letter fields that searches filter by, copied into search_doc.
LETTER_FIELDS = ("prisoner_id", "direction", "status", "language", "written_on", "sent_on",
                 "received_on")
# Letter fields that are also tags: (field, the tag's first letter).
TAGGED = (("prisoner_id", "p"), ("direction", "d"), ("status", "s"), ("language", "l"))
DOC_COLUMNS = ("kind", "record_id", "letter_id", *LETTER_FIELDS)
FTS_COLUMNS = "rowid, title, body, title_key, body_key, tags"
TOKENIZE = "unicode61 remove_diacritics 2"


def _text(row: str, columns: tuple[str, ...]) -> str:
    """The columns' text, one per line, with ё read as е (the tokenizer keeps ё)."""
    if not columns:
        return "NULL"
    joined = " || char(10) || ".join(f"coalesce({row}.{column}, '')" for column in columns)
    return f"replace(replace({joined}, 'ё', 'е'), 'Ё', 'Е')"


def _key(row: str, columns: tuple[str, ...]) -> str:
    if not columns:
        return "NULL"
    return f"lm_search_key({', '.join(f'{row}.{column}' for column in columns)})"


def _letter_tags(letter: str) -> str:
    """The tags of the letter fields, `letter` being a letter row (new, old or an alias)."""
    parts = [f"' {tag}' || replace(lower(coalesce({letter}.{field}, '')), '-', '')"
             for field, tag in TAGGED]
    return " || ".join(parts)


def _tags(row: str, table: str, letter_row: str | None = None) -> str:
    """The tags of a row of `table`. For a translation or censorship event the letter's
    fields come from `letter_row` when given (a joined letter), else from a subquery."""
    kind = f"'k{table}'"
    letter = SOURCES[table][0]
    if table == "letter":
        return f"{kind} || {_letter_tags(row)}"
    if letter:
        if letter_row:
            return f"{kind} || coalesce({_letter_tags(letter_row)}, '')"
        return (f"{kind} || coalesce((SELECT {_letter_tags('l')} FROM letter AS l "
                f"WHERE l.id = {row}.{letter}), '')")
    if table == "prisoner":
        return f"{kind} || ' p' || replace(lower({row}.id), '-', '')"
    return kind


def _fts_values(row: str, table: str, letter_row: str | None = None) -> str:
    _, title, body = SOURCES[table]
    return (f"{_text(row, title)}, {_text(row, body)}, {_key(row, title)}, {_key(row, body)}, "
            f"{_tags(row, table, letter_row)}")


def _letter_fields(row: str, table: str) -> list[str]:
    """The letter fields for a row of `table` (row: new, old or a table alias)."""
    letter = SOURCES[table][0]
    if table == "letter":
        return [f"{row}.{field}" for field in LETTER_FIELDS]
    if letter:
        return [f"(SELECT {field} FROM letter WHERE id = {row}.{letter})"
                for field in LETTER_FIELDS]
    return [f"{row}.id" if table == "prisoner" and field == "prisoner_id" else "NULL"
            for field in LETTER_FIELDS]


def _doc_values(row: str, table: str, fields: list[str]) -> str:
    letter = SOURCES[table][0]
    return ", ".join([f"'{table}'", f"{row}.id", f"{row}.{letter}" if letter else "NULL",
                      *fields])


def _remove(table: str, row: str) -> str:
    match = f"record_id = {row}.id AND kind = '{table}'"
    return (f"DELETE FROM search_fts WHERE rowid = (SELECT doc_id FROM search_doc WHERE {match});"
            f"\n  DELETE FROM search_doc WHERE {match};")


def _add(table: str, row: str) -> str:
    return (f"INSERT INTO search_doc ({', '.join(DOC_COLUMNS)}) "
            f"VALUES ({_doc_values(row, table, _letter_fields(row, table))});\n"
            f"  INSERT INTO search_fts ({FTS_COLUMNS}) "
            f"VALUES (last_insert_rowid(), {_fts_values(row, table)});")


def _reindex_parts_of_letter(letter: str) -> list[str]:
    """Statements that re-index the translations and censorship events of a letter."""
    statements = [
        f"DELETE FROM search_fts WHERE rowid IN (SELECT doc_id FROM search_doc "
        f"WHERE letter_id = {letter}.id AND kind != 'letter')",
        f"UPDATE search_doc SET {', '.join(f'{f} = {letter}.{f}' for f in LETTER_FIELDS)} "
        f"WHERE letter_id = {letter}.id AND kind != 'letter'",
    ]
    for table in ("translation", "censorship_event"):
        statements.append(
            f"INSERT INTO search_fts ({FTS_COLUMNS}) "
            f"SELECT d.doc_id, {_fts_values('r', table, letter)} FROM search_doc AS d "
            f"JOIN {table} AS r ON r.id = d.record_id "
            f"WHERE d.letter_id = {letter}.id AND d.kind = '{table}'")
    return statements


def trigger_sql(table: str) -> list[str]:
    """CREATE TRIGGER statements that keep `table`'s rows in the index.

    The insert trigger first removes a row the index may already have for the id (INSERT OR
    REPLACE deletes without firing delete triggers). An update of a column the index reads
    replaces the row's entry; other updates (a tracking number, a date of no filter) leave the
    index alone.
    """
    letter, title, body = SOURCES[table]
    fields = LETTER_FIELDS if table == "letter" else ()
    watched = ", ".join(dict.fromkeys(("id", *([letter] if letter else []), *title, *body,
                                       *fields)))
    statements = [
        f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN\n"
        f"  {_remove(table, 'new')}\n  {_add(table, 'new')}\nEND",
        f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {watched} ON {table} BEGIN\n"
        f"  {_remove(table, 'old')}\n  {_add(table, 'new')}\nEND",
        f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN\n"
        f"  {_remove(table, 'old')}\nEND",
    ]
    if table == "letter":
        body = ";\n  ".join(_reindex_parts_of_letter("new"))
        statements.append(
            f"CREATE TRIGGER search_letter_fields AFTER UPDATE OF {', '.join(LETTER_FIELDS)} "
            f"ON letter BEGIN\n  {body};\nEND")
    return statements


def _backfill(table: str) -> list[str]:
    letter = SOURCES[table][0]
    if letter and table != "letter":
        fields = [f"l.{field}" for field in LETTER_FIELDS]
        source = f"{table} AS r LEFT JOIN letter AS l ON l.id = r.{letter}"
        fts_source = (f"search_doc AS d JOIN {table} AS r ON r.id = d.record_id "
                      f"AND d.kind = '{table}' LEFT JOIN letter AS l ON l.id = r.{letter}")
        values = _fts_values("r", table, "l")
    else:
        fields, source = _letter_fields("r", table), f"{table} AS r"
        fts_source = f"search_doc AS d JOIN {table} AS r ON r.id = d.record_id " \
                     f"AND d.kind = '{table}'"
        values = _fts_values("r", table)
    return [
        f"INSERT INTO search_doc ({', '.join(DOC_COLUMNS)}) "
        f"SELECT {_doc_values('r', table, fields)} FROM {source}",
        f"INSERT INTO search_fts ({FTS_COLUMNS}) SELECT d.doc_id, {values} FROM {fts_source}",
    ]


def upgrade() -> None:
    run = op.get_bind().exec_driver_sql  # plain SQL: no bind parameter parsing of the text
    letter_columns = ", ".join(f"{field} TEXT" for field in LETTER_FIELDS)
    run(f"CREATE TABLE search_doc (doc_id INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
        f"record_id TEXT NOT NULL, letter_id TEXT, {letter_columns})")
    run("CREATE UNIQUE INDEX ix_search_doc_record ON search_doc (record_id, kind)")
    run("CREATE INDEX ix_search_doc_letter ON search_doc (letter_id)")
    run(f"CREATE VIRTUAL TABLE search_fts USING fts5(title, body, title_key, body_key, tags, "
        f"tokenize = '{TOKENIZE}', prefix = '2 3')")
    for table in SOURCES:
        for statement in _backfill(table):
            run(statement)
        for statement in trigger_sql(table):
            run(statement)
    run("INSERT INTO search_fts (search_fts) VALUES ('optimize')")


def downgrade() -> None:
    run = op.get_bind().exec_driver_sql
    for table in SOURCES:
        for event in ("insert", "update", "delete"):
            run(f"DROP TRIGGER IF EXISTS search_{table}_{event}")
    run("DROP TRIGGER IF EXISTS search_letter_fields")
    run("DROP TABLE IF EXISTS search_fts")
    run("DROP TABLE IF EXISTS search_doc")
