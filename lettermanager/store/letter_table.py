"""The SQL behind the letters table: ordered, filtered ids, and rows for a page of them.

The table never loads every letter. `letter_ids()` returns only the ids, filtered and sorted
in SQL; `letter_rows()` fetches what the table shows for one page of ids in one query. Both
run straight on the DB-API cursor: building 100,000 ORM objects (or even SQLAlchemy rows)
would cost more than the query.

Migration 0003 adds covering indexes on the letter's date (coalesce(written_on, sent_on,
received_on), created_at, id), alone and after prisoner_id and correspondent_id, so the usual
orders (by date, by prisoner, by correspondent) and a prisoner's letters come straight from an
index. Within every other order letters run newest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from ..domain.enums import CensorshipKind, TranslationStatus
from .database import Database

# The letter's date: the first of the dates it has. Spelled as in the indexes of migration 0003
# (SQLite matches index expressions by their form).
DATE_SQL = "coalesce(l.written_on, l.sent_on, l.received_on)"

# Translation states from the least advanced; a letter shows its least advanced translation.
TRANSLATION_ORDER: tuple[TranslationStatus, ...] = (
    TranslationStatus.QUEUED,
    TranslationStatus.IN_PROGRESS,
    TranslationStatus.IN_REVIEW,
    TranslationStatus.DONE,
    TranslationStatus.NOT_NEEDED,
)
# Censorship kinds from the worst; a letter shows its worst event.
CENSORSHIP_SEVERITY: tuple[CensorshipKind, ...] = (
    CensorshipKind.WITHHELD,
    CensorshipKind.LOST,
    CensorshipKind.RETURNED,
    CensorshipKind.REDACTED,
    CensorshipKind.ITEM_REMOVED,
    CensorshipKind.DELAYED,
    CensorshipKind.CENSOR_COMMENT,
    CensorshipKind.OTHER,
    CensorshipKind.PASSED,
)


def _rank_case(column: str, order: Sequence[StrEnum]) -> str:
    whens = " ".join(f"WHEN '{member.value}' THEN {rank}" for rank, member in enumerate(order))
    return f"CASE {column} {whens} ELSE {len(order)} END"


TRANSLATION_RANK_SQL = (
    f"(SELECT min({_rank_case('t.status', TRANSLATION_ORDER)}) "
    "FROM translation t WHERE t.letter_id = l.id)"
)
CENSORSHIP_RANK_SQL = (
    f"(SELECT min({_rank_case('e.kind', CENSORSHIP_SEVERITY)}) "
    "FROM censorship_event e WHERE e.letter_id = l.id)"
)


class LetterColumn(StrEnum):
    """What the letters table can sort by (one per column)."""

    DATE = "date"
    DIRECTION = "direction"
    PRISONER = "prisoner"
    CORRESPONDENT = "correspondent"
    CHANNEL = "channel"
    STATUS = "status"
    LANGUAGE = "language"
    TRANSLATION = "translation"
    CENSORSHIP = "censorship"
    TITLE = "title"


@dataclass(frozen=True)
class LetterSort:
    """Ascending dates run oldest first; ascending translation and censorship put the letters
    that need attention first (queued translations, the worst censorship). Letters without a
    value (no date, no correspondent...) come last either way."""

    column: LetterColumn = LetterColumn.DATE
    ascending: bool = False


@dataclass(frozen=True)
class LetterFilter:
    prisoner_id: str | None = None
    direction: str | None = None
    status: str | None = None
    language: str | None = None
    text: str | None = None  # the title contains it (any case; е and ё alike)

    def is_empty(self) -> bool:
        return not any((self.prisoner_id, self.direction, self.status, self.language,
                        (self.text or "").strip()))


@dataclass(frozen=True)
class LetterRow:
    """What one line of the letters table shows."""

    id: str
    prisoner_id: str
    date: str | None  # partial-date ISO text
    direction: str
    prisoner_name: str
    prisoner_latin_name: str | None
    correspondent_name: str | None
    channel: str
    status: str
    language: str | None
    title: str | None
    translation: TranslationStatus | None  # the least advanced; None: no translations
    translation_count: int
    censorship: CensorshipKind | None  # the worst event; None: no events
    censorship_count: int


@dataclass(frozen=True)
class FilterChoices:
    prisoners: list[tuple[str, str, str | None]]  # id, full name, Latin name; by name
    languages: list[str]  # codes in use, sorted
    correspondents: list[tuple[str, str]]  # id, name; by name


def fold(text: str | None) -> str | None:
    """Text for case-blind matching: casefolded, and ё read as е (people type either)."""
    if text is None:
        return None
    return text.casefold().replace("ё", "е")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(flt: LetterFilter) -> tuple[list[str], list[object], bool]:
    """SQL conditions and their parameters; the flag says whether a condition needs the
    letter's own row (so ordering through an index would cost a table lookup per letter)."""
    clauses: list[str] = []
    params: list[object] = []
    row_filter = False
    if flt.prisoner_id:
        clauses.append("l.prisoner_id = ?")
        params.append(flt.prisoner_id)
    for column in ("direction", "status", "language"):
        value = getattr(flt, column)
        if value:
            clauses.append(f"l.{column} = ?")
            params.append(str(value))
            row_filter = True
    needle = (flt.text or "").strip()
    if needle:
        row_filter = True
        if needle.isascii():  # SQLite's LIKE ignores the case of ASCII letters, and is quick
            clauses.append("l.title LIKE ? ESCAPE '\\'")
            params.append(f"%{_escape_like(needle)}%")
        else:
            clauses.append("instr(lm_fold(l.title), ?) > 0")
            params.append(fold(needle))
    return clauses, params, row_filter


def _sql(select_from: str, clauses: list[str], order: list[str]) -> str:
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    return f"SELECT l.id FROM {select_from}{where} ORDER BY {', '.join(order)}"


def _queries(flt: LetterFilter, sort: LetterSort) -> list[tuple[str, list[object]]]:
    """The queries whose results, concatenated, are the table's ids in order."""
    clauses, params, row_filter = _where(flt)
    direction = "ASC" if sort.ascending else "DESC"
    # With a filter on the letter's row and no prisoner to narrow it, scanning the table and
    # sorting the matches beats walking an index in order and looking up every row; a unary
    # plus keeps SQLite from ordering through the index.
    scan = row_filter and not flt.prisoner_id
    plus = "+" if scan else ""
    newest = [f"{plus}{DATE_SQL} DESC", f"{plus}l.created_at DESC", f"{plus}l.id DESC"]
    column = sort.column

    if column is LetterColumn.DATE:
        ordered = [f"{plus}{DATE_SQL} {direction}", f"{plus}l.created_at {direction}",
                   f"{plus}l.id {direction}"]
        if scan:
            return [(_sql("letter l", clauses, [f"{DATE_SQL} IS NULL", *ordered]), params)]
        if not sort.ascending:  # NULL sorts lowest: undated letters come last by themselves
            return [(_sql("letter l", clauses, ordered), params)]
        return [
            (_sql("letter l", [*clauses, f"{DATE_SQL} IS NOT NULL"], ordered), params),
            (_sql("letter l", [*clauses, f"{DATE_SQL} IS NULL"], ordered), params),
        ]
    if column is LetterColumn.PRISONER:
        order = [f"{plus}p.full_name {direction}", f"{plus}p.rowid {direction}", *newest]
        joined = "letter l JOIN prisoner p ON p.id = l.prisoner_id"
        return [(_sql(joined, clauses, order), params)]
    if column is LetterColumn.CORRESPONDENT:
        order = [f"{plus}c.name {direction}", f"{plus}c.rowid {direction}", *newest]
        joined = "letter l JOIN correspondent c ON c.id = l.correspondent_id"
        return [
            (_sql(joined, clauses, order), params),
            (_sql("letter l", [*clauses, "l.correspondent_id IS NULL"], newest), params),
        ]
    key = {
        LetterColumn.DIRECTION: "l.direction",
        LetterColumn.CHANNEL: "l.channel",
        LetterColumn.STATUS: "l.status",
        LetterColumn.LANGUAGE: "l.language",
        LetterColumn.TITLE: "lm_fold(l.title)",
        LetterColumn.TRANSLATION: TRANSLATION_RANK_SQL,
        LetterColumn.CENSORSHIP: CENSORSHIP_RANK_SQL,
    }[column]
    # These orders read every row anyway: never through the date index.
    newest = [f"+{DATE_SQL} DESC", "+l.created_at DESC", "+l.id DESC"]
    order = [f"{key} IS NULL", f"{key} {direction}", *newest]
    return [(_sql("letter l", clauses, order), params)]


def _cursor(connection):
    """The DB-API connection under a SQLAlchemy one, with the functions the queries use."""
    raw = connection.connection.driver_connection
    raw.create_function("lm_fold", 1, fold, deterministic=True)
    return raw


def letter_ids(db: Database, flt: LetterFilter | None = None,
               sort: LetterSort | None = None) -> list[str]:
    """The ids of the letters that pass the filter, in the table's order."""
    flt = flt or LetterFilter()
    sort = sort or LetterSort()
    ids: list[str] = []
    with db.engine.connect() as connection, connection.begin():  # one snapshot for all parts
        raw = _cursor(connection)
        for sql, params in _queries(flt, sort):
            ids.extend(row[0] for row in raw.execute(sql, params))
    return ids


def letter_count(db: Database) -> int:
    """How many letters the database holds (read from an index: quick)."""
    with db.engine.connect() as connection, connection.begin():
        raw = connection.connection.driver_connection
        return raw.execute("SELECT count(*) FROM letter").fetchone()[0]


_ROWS_SQL = f"""
SELECT l.id, l.prisoner_id, {DATE_SQL}, l.direction, p.full_name, p.latin_name, c.name,
       l.channel, l.status, l.language, l.title,
       {TRANSLATION_RANK_SQL},
       (SELECT count(*) FROM translation t WHERE t.letter_id = l.id),
       {CENSORSHIP_RANK_SQL},
       (SELECT count(*) FROM censorship_event e WHERE e.letter_id = l.id)
FROM letter l
JOIN prisoner p ON p.id = l.prisoner_id
LEFT JOIN correspondent c ON c.id = l.correspondent_id
WHERE l.id IN ({{marks}})
"""

# SQLite allows at least 32,766 parameters (since 3.32); stay far below the old limit of 999.
_CHUNK = 900


def letter_rows(db: Database, ids: Sequence[str]) -> dict[str, LetterRow]:
    """The table rows of the given letters (a page of ids), keyed by id. A letter deleted
    meanwhile is simply missing."""
    rows: dict[str, LetterRow] = {}
    if not ids:
        return rows
    with db.engine.connect() as connection, connection.begin():
        raw = _cursor(connection)
        for start in range(0, len(ids), _CHUNK):
            chunk = list(ids[start:start + _CHUNK])
            sql = _ROWS_SQL.format(marks=", ".join("?" * len(chunk)))
            for record in raw.execute(sql, chunk):
                (letter_id, prisoner_id, day, direction, name, latin, correspondent, channel,
                 status, language, title, t_rank, t_count, c_rank, c_count) = record
                rows[letter_id] = LetterRow(
                    id=letter_id, prisoner_id=prisoner_id, date=day, direction=direction,
                    prisoner_name=name, prisoner_latin_name=latin,
                    correspondent_name=correspondent, channel=channel, status=status,
                    language=language, title=title,
                    translation=_member(TRANSLATION_ORDER, t_rank), translation_count=t_count,
                    censorship=_member(CENSORSHIP_SEVERITY, c_rank), censorship_count=c_count,
                )
    return rows


def _member(order: Sequence, rank: int | None):
    if rank is None or not 0 <= rank < len(order):
        return None
    return order[rank]


def filter_choices(db: Database, *, languages: bool = True) -> FilterChoices:
    """What the filter bar offers: the prisoners, the correspondents, and the languages
    letters are written in (a scan of every letter: skip it when not needed)."""
    with db.engine.connect() as connection, connection.begin():
        raw = connection.connection.driver_connection
        prisoners = [tuple(row) for row in raw.execute(
            "SELECT id, full_name, latin_name FROM prisoner ORDER BY full_name, rowid")]
        codes = [row[0] for row in raw.execute(
            "SELECT DISTINCT language FROM letter WHERE language IS NOT NULL ORDER BY language"
        )] if languages else []
        correspondents = [tuple(row) for row in raw.execute(
            "SELECT id, name FROM correspondent ORDER BY name, rowid")]
    return FilterChoices(prisoners, codes, correspondents)  # type: ignore[arg-type]


@dataclass(frozen=True)
class LetterChoice:
    """A letter as a choice in a list ("answers letter…"): no text, only what labels it."""

    id: str
    date: str | None
    direction: str
    title: str | None


def prisoner_letter_choices(db: Database, prisoner_id: str) -> list[LetterChoice]:
    """A prisoner's letters, newest first, as light choices (read from an index)."""
    sql = (f"SELECT l.id, {DATE_SQL}, l.direction, l.title FROM letter l "
           f"WHERE l.prisoner_id = ? ORDER BY {DATE_SQL} DESC, l.created_at DESC, l.id DESC")
    with db.engine.connect() as connection, connection.begin():
        raw = connection.connection.driver_connection
        return [LetterChoice(*row) for row in raw.execute(sql, (prisoner_id,))]
