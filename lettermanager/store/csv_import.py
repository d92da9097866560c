"""Importing letters from a spreadsheet saved as CSV, all or nothing.

What spreadsheets write is accepted as it comes: comma, semicolon or tab separated (detected
from the header), UTF-8 with or without a BOM, UTF-16, or Windows-1251 (detected), quoted cells
with line breaks, dates as ISO or DD.MM.YYYY / MM.YYYY (domain.date_formats). Columns are
named as in `export --format csv` (case, spaces and hyphens do not matter); `mapping` maps any
other column to a field or tells the import to ignore it. Prisoners, correspondents and
facilities are named, not given by id: they are matched by name in any script or romanisation
(name_lookup) and created when absent.

A row number is the spreadsheet's own: the header is row 1. A bad row rejects the whole file
(ImportRejected, naming each bad row and why); nothing is written.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, select

from ..domain.date_formats import parse_spreadsheet_date
from ..domain.enums import Channel, Direction, LetterStatus
from ..domain.partial_date import PartialDateError
from ..domain.records import (
    CorrespondentIn,
    FacilityIn,
    FieldProblem,
    LetterIn,
    PrisonerIn,
    describe_errors,
    parse_record_meta,
)
from ..domain.timestamps import utc_now
from .database import Database
from .errors import ImportRejected
from .exchange import CSV_COLUMNS
from .models import Correspondent, Facility, Letter, Prisoner, new_id
from .name_lookup import NameIndex

FIELDS: tuple[str, ...] = tuple(CSV_COLUMNS)
REQUIRED: tuple[str, ...] = ("prisoner", "direction")
NAME_FIELDS = {"prisoner": "prisoner_id", "correspondent": "correspondent_id",
               "facility": "facility_id"}
DATE_FIELDS = ("written_on", "sent_on", "received_on", "reply_due", "published_on")
ENUM_FIELDS = {"direction": Direction, "channel": Channel, "status": LetterStatus}
ALIASES = {"prisoner_name": "prisoner", "correspondent_name": "correspondent",
           "facility_name": "facility", "letter_id": "id"}
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
ENCODING_NAMES = {"utf-8-sig": "UTF-8 with BOM", "utf-8": "UTF-8", "utf-16": "UTF-16",
                  "cp1251": "Windows-1251", "cp1252": "Windows-1252"}
YES = {"yes", "y", "true", "1", "x", "да", "д", "так", "oui", "+"}
NO = {"no", "n", "false", "0", "нет", "н", "ні", "non", "-"}
_PLACEHOLDER_ID = "00000000-0000-4000-8000-000000000000"
_FIELD_LIMIT = 64 * 1024 * 1024  # one cell: a long letter is far below this
_SNIFF_ROWS = 30


# --- reading the file ------------------------------------------------------------------------


@dataclass
class CsvTable:
    source: str
    encoding: str  # the codec: a key of ENCODING_NAMES
    delimiter: str
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells); blank rows left out

    @property
    def encoding_name(self) -> str:
        return ENCODING_NAMES.get(self.encoding, self.encoding)

    @property
    def delimiter_name(self) -> str:
        return DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))


def decode(raw: bytes, source: str) -> tuple[str, str]:
    """(text, codec): a BOM decides; else UTF-8 if it decodes, else Windows-1251 (or 1252 when
    the text has no Cyrillic in it)."""
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return raw[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise ImportRejected(source, [f"the file says it is UTF-8 but is not (byte "
                                          f"{exc.start + 3})"]) from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ImportRejected(source, ["the file says it is UTF-16 but is not"]) from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        cyrillic = raw.decode("cp1251")
    except UnicodeDecodeError:
        cyrillic = None
    if cyrillic is not None and _mostly_cyrillic(cyrillic):
        return cyrillic, "cp1251"
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    if cyrillic is not None:
        return cyrillic, "cp1251"
    raise ImportRejected(source, ["the file is not text in UTF-8 or Windows-1251; save it "
                                  "from the spreadsheet as CSV (UTF-8)"])


def _mostly_cyrillic(text: str) -> bool:
    letters = [c for c in text if ord(c) > 127 and c.isalpha()]
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    return bool(letters) and cyrillic * 2 >= len(letters)


def normalise_column(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.replace("\ufeff", "").strip().casefold()).strip("_")


def auto_field(column: str) -> str | None:
    """The field a column name stands for, or None."""
    name = normalise_column(column)
    name = ALIASES.get(name, name)
    return name if name in FIELDS else None


def _records(text: str, delimiter: str):
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def detect_delimiter(text: str) -> str:
    """The delimiter under which the header names the most known fields, then the one that
    splits the first rows most consistently."""
    best, best_score = ",", None
    for delimiter in DELIMITER_NAMES:
        try:
            rows = [r for r in islice(_records(text, delimiter), _SNIFF_ROWS)
                    if any(cell.strip() for cell in r)]
        except csv.Error:
            continue
        if not rows:
            continue
        header = rows[0]
        known = len({auto_field(cell) for cell in header} - {None})
        consistent = sum(1 for row in rows[1:] if len(row) == len(header)) / max(1, len(rows) - 1)
        score = (known, len(header) > 1, round(consistent, 2), len(header))
        if best_score is None or score > best_score:
            best, best_score = delimiter, score
    return best


def read_table(path: Path) -> CsvTable:
    """The file's header and rows; raises ImportRejected when it cannot be read as a table."""
    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ImportRejected(source, [exc.strerror or str(exc)]) from None
    text, encoding = decode(raw, source)
    delimiter = detect_delimiter(text)
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    number = 0
    reader = _records(text, delimiter)
    try:
        for cells in reader:
            number += 1
            if not any(cell.strip() for cell in cells):
                continue
            cells = [cell.replace("\r\n", "\n").replace("\r", "\n") for cell in cells]
            if header is None:
                header = [cell.replace("\ufeff", "").strip() for cell in cells]
            else:
                rows.append((number, cells))
    except csv.Error as exc:
        raise ImportRejected(source, [f"row {number + 1}: the file cannot be read as a "
                                      f"table ({exc})"]) from None
    if header is None:
        raise ImportRejected(source, ["the file is empty"])
    return CsvTable(source, encoding, delimiter, header, rows)


def is_csv_file(path: Path) -> bool:
    """Whether an import file is a spreadsheet (CSV) rather than a JSON export: by its
    extension, else by its first character."""
    suffix = Path(path).suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return True
    if suffix == ".json":
        return False
    try:
        with open(path, "rb") as handle:
            start = handle.read(64)
    except OSError:
        return False
    text = start.removeprefix(codecs.BOM_UTF8).lstrip()
    return not text.startswith((b"{", b"["))


# --- columns ---------------------------------------------------------------------------------


Mapping = dict[int | str, str | None]


def column_fields(header: list[str], mapping: Mapping | None = None) -> list[str | None]:
    """The field of each column (None: ignored). `mapping` keys are column indexes or header
    names (case-insensitive); its values are field names, or None / "" to ignore the column."""
    fields = [auto_field(name) for name in header]
    by_name = {normalise_column(name): index for index, name in enumerate(header)}
    for key, target in (mapping or {}).items():
        index = key if isinstance(key, int) else by_name.get(normalise_column(key))
        if index is None or not 0 <= index < len(header):
            raise ValueError(f"the file has no column {key!r}")
        if target and target not in FIELDS:
            raise ValueError(f"{target!r} is not a letter field; use one of {', '.join(FIELDS)}")
        fields[index] = target or None
    return fields


def mapping_problems(header: list[str], fields: list[str | None]) -> list[str]:
    """Why these columns cannot be imported: a required field missing, a field twice."""
    problems = [f'no column is "{name}"; name a column so, or map one to it'
                for name in REQUIRED if name not in fields]
    seen: dict[str, str] = {}
    for name, target in zip(header, fields, strict=True):
        if target is None:
            continue
        if target in seen:
            problems.append(f'the columns "{seen[target]}" and "{name}" are both "{target}"; '
                            "ignore one of them")
        seen.setdefault(target, name)
    return problems


@dataclass
class CsvPreview:
    """What the import dialog shows before anything is written."""

    source: str
    encoding: str
    encoding_name: str
    delimiter: str
    delimiter_name: str
    header: list[str]
    rows: list[list[str]]  # the first rows, padded to the header's width
    row_numbers: list[int]
    row_count: int
    fields: list[str | None]  # per column
    unknown_columns: list[str]  # names that are no field (ignored unless mapped)
    problems: list[str]  # mapping problems: the import cannot run until they are solved


def preview_csv(path: Path, mapping: Mapping | None = None, limit: int = 20) -> CsvPreview:
    table = read_table(path)
    fields = column_fields(table.header, mapping)
    width = len(table.header)
    shown = table.rows[:limit]
    return CsvPreview(
        source=table.source, encoding=table.encoding, encoding_name=table.encoding_name,
        delimiter=table.delimiter, delimiter_name=table.delimiter_name, header=table.header,
        rows=[(cells + [""] * width)[:max(width, len(cells))] for _, cells in shown],
        row_numbers=[number for number, _ in shown], row_count=len(table.rows), fields=fields,
        unknown_columns=[name for name in table.header if auto_field(name) is None],
        problems=mapping_problems(table.header, fields),
    )


# --- rows into letters -----------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    record_id: str | None
    updated_at: str | None
    names: dict[str, str | None]  # prisoner / correspondent / facility as written
    values: dict[str, Any]  # every LetterIn field (defaults where the file has no column)
    present: set[str]  # the Letter fields the file has columns for (names: their *_id)


def _convert(cells: dict[str, str], problems: list[tuple[str, str]]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, cell in cells.items():
        text = cell.strip()
        if name in NAME_FIELDS or name in ("id", "updated_at"):
            continue
        if name in DATE_FIELDS:
            try:
                values[name] = parse_spreadsheet_date(text)
            except PartialDateError as exc:
                problems.append((name, str(exc)))
        elif name == "expects_reply":
            word = text.casefold()
            if word in YES:
                values[name] = True
            elif word in NO or not word:
                values[name] = False
            else:
                problems.append((name, f"{text!r} is neither yes nor no"))
        elif name in ENUM_FIELDS:
            known = {member.value for member in ENUM_FIELDS[name]}
            lowered = re.sub(r"[\s\-]+", "_", text.casefold())
            if text:
                values[name] = lowered if lowered in known else text
        else:
            values[name] = cell if name == "body" else text
    return values


def parse_rows(table: CsvTable, fields: list[str | None]) -> list[_Row]:
    """Every row checked on its own (no database needed); ImportRejected lists the bad ones."""
    problems = mapping_problems(table.header, fields)
    if problems:
        raise ImportRejected(table.source, problems)
    present = {f for f in fields if f in LetterIn.model_fields} | {
        NAME_FIELDS[f] for f in fields if f in NAME_FIELDS}
    width = len(fields)
    parsed: list[_Row] = []
    bad: list[str] = []
    seen_ids: dict[str, int] = {}
    for number, cells in table.rows:
        row_problems: list[tuple[str, str]] = []
        extra = [c for c in cells[width:] if c.strip()]
        if extra:
            row_problems.append(("row", f"it has {len(cells)} cells but the header has "
                                        f"{width} columns"))
        by_field = {f: cell for f, cell in zip(fields, cells + [""] * width, strict=False)
                    if f is not None}
        names = {name: (by_field.get(name) or "").strip() or None for name in NAME_FIELDS}
        if names["prisoner"] is None:
            row_problems.append(("prisoner", "is required"))
        try:
            record_id, updated_at = parse_record_meta(
                {"id": by_field.get("id", "").strip(),
                 "updated_at": by_field.get("updated_at", "").strip()})
        except FieldProblem as exc:
            row_problems.append((exc.field, exc.message))
            record_id = updated_at = None
        if record_id is not None:
            if record_id in seen_ids:
                row_problems.append(("id", f"row {seen_ids[record_id]} has the same id"))
            seen_ids.setdefault(record_id, number)
        values = _convert(by_field, row_problems)
        try:
            letter = LetterIn.model_validate({**values, "prisoner_id": _PLACEHOLDER_ID})
        except ValidationError as exc:
            row_problems.extend(describe_errors(exc))
            letter = None
        if row_problems:
            detail = "; ".join(m if f == "row" else f"{f}: {m}" for f, m in row_problems)
            bad.append(f"row {number}: {detail}")
            continue
        assert letter is not None
        parsed.append(_Row(number, record_id, updated_at, names,
                           letter.model_dump(mode="json"), present))
    if bad:
        raise ImportRejected(table.source, bad)
    return parsed


# --- the import ------------------------------------------------------------------------------


@dataclass
class CsvImportReport:
    source: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0  # already in the database: the same id and values, or the same letter
    kept_newer: int = 0  # the database's copy is newer than the row
    new_prisoners: list[str] = field(default_factory=list)
    new_correspondents: list[str] = field(default_factory=list)
    new_facilities: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def changed(self) -> int:
        return (self.created + self.updated + len(self.new_prisoners)
                + len(self.new_correspondents) + len(self.new_facilities))

    def lines(self) -> list[str]:
        parts = [f"{self.created} new", f"{self.updated} updated",
                 f"{self.unchanged} already here"]
        if self.kept_newer:
            parts.append(f"{self.kept_newer} kept (the database's copy is newer)")
        rows = "1 row" if self.rows == 1 else f"{self.rows} rows"
        lines = [f"letters: {', '.join(parts)} ({rows})"]
        for label, names in (("prisoners", self.new_prisoners),
                             ("correspondents", self.new_correspondents),
                             ("facilities", self.new_facilities)):
            if names:
                lines.append(f"new {label}: {', '.join(names)}")
        verb = "would be" if self.dry_run else "were"
        if self.changed:
            records = "1 record" if self.changed == 1 else f"{self.changed} records"
            lines.append(f"{records} {verb} written")
        else:
            lines.append("nothing would change" if self.dry_run else "nothing changed")
        return lines


class _DryRun(Exception):
    """Raised inside the write transaction to roll a dry run back."""


def import_csv(database: Database, path: Path, *, mapping: Mapping | None = None,
               dry_run: bool = False) -> CsvImportReport:
    """Import the letters of a CSV file in one transaction; see the module's docstring."""
    table = read_table(path)
    try:
        fields = column_fields(table.header, mapping)
    except ValueError as exc:
        raise ImportRejected(table.source, [str(exc)]) from None
    rows = parse_rows(table, fields)
    report = CsvImportReport(table.source, rows=len(rows), dry_run=dry_run)
    try:
        with database.writing() as session:
            # A row may answer a letter further down the file: check foreign keys at commit.
            session.connection().exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            _Writer(session, table.source, report).write(rows)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass  # rolled back
    return report


class _Writer:
    def __init__(self, session: Session, source: str, report: CsvImportReport):
        self.session = session
        self.source = source
        self.report = report
        self.stamp = utc_now()
        self.indexes = {"prisoner": NameIndex(), "correspondent": NameIndex(),
                        "facility": NameIndex()}
        self.labels: dict[str, dict[str, str]] = {kind: {} for kind in self.indexes}
        for prisoner in session.exec(select(Prisoner)):
            self._know("prisoner", prisoner.id, prisoner.full_name, prisoner.latin_name)
        for correspondent in session.exec(select(Correspondent)):
            self._know("correspondent", correspondent.id, correspondent.name)
        for facility in session.exec(select(Facility)):
            self._know("facility", facility.id, facility.name)

    def _know(self, kind: str, record_id: str, name: str, *others: str | None) -> None:
        self.indexes[kind].add(record_id, [name, *others])
        self.labels[kind][record_id] = name

    def write(self, rows: list[_Row]) -> None:
        problems: list[str] = []
        resolved: list[tuple[_Row, dict[str, Any]]] = []
        for row in rows:
            values = dict(row.values)
            row_problems = []
            for kind, id_field in NAME_FIELDS.items():
                name = row.names[kind]
                if name is None:
                    continue
                record_id, problem = self._resolve(kind, name)
                if problem:
                    row_problems.append(f"{kind}: {problem}")
                values[id_field] = record_id
            if row_problems:
                problems.append(f"row {row.number}: {'; '.join(row_problems)}")
            else:
                resolved.append((row, values))
        existing = self._existing_letters([row.record_id for row, _ in resolved
                                           if row.record_id] +
                                          [v["in_reply_to"] for _, v in resolved
                                           if v.get("in_reply_to")])
        problems += self._reply_problems(resolved, existing)
        if problems:
            raise ImportRejected(self.source, problems)
        known = self._known_letters()
        for row, values in resolved:
            self._merge(row, values, existing, known)

    def _resolve(self, kind: str, name: str) -> tuple[str | None, str | None]:
        found = self.indexes[kind].find(name)
        if len(found) > 1:
            names = "; ".join(self.labels[kind][i] for i in found[:5])
            return None, (f"{name!r} matches {len(found)} records ({names}); write the name "
                          "as it is in the record")
        if found:
            return found[0], None
        model = {"prisoner": PrisonerIn, "correspondent": CorrespondentIn,
                 "facility": FacilityIn}[kind]
        if kind == "prisoner":
            data = {"full_name": name, "latin_name": name if name.isascii() else None}
        else:
            data = {"name": name}
        table = {"prisoner": Prisoner, "correspondent": Correspondent, "facility": Facility}[kind]
        record = table(id=new_id(), created_at=self.stamp, updated_at=self.stamp,
                       **model.model_validate(data).model_dump(mode="json"))
        self.session.add(record)
        self._know(kind, record.id, name)
        {"prisoner": self.report.new_prisoners, "correspondent": self.report.new_correspondents,
         "facility": self.report.new_facilities}[kind].append(name)
        return record.id, None

    def _existing_letters(self, ids: list[str]) -> dict[str, Letter]:
        found: dict[str, Letter] = {}
        unique = sorted(set(ids))
        for start in range(0, len(unique), 500):
            chunk = unique[start:start + 500]
            for letter in self.session.exec(select(Letter).where(col(Letter.id).in_(chunk))):
                found[letter.id] = letter
        return found

    def _reply_problems(self, resolved, existing: dict[str, Letter]) -> list[str]:
        in_file = {row.record_id: values for row, values in resolved if row.record_id}
        problems = []
        for row, values in resolved:
            ref = values.get("in_reply_to")
            if ref is None:
                continue
            answered = in_file.get(ref)
            answered_prisoner = answered["prisoner_id"] if answered else (
                existing[ref].prisoner_id if ref in existing else None)
            if ref == row.record_id:
                problems.append(f"row {row.number}: in_reply_to: a letter cannot answer itself")
            elif answered_prisoner is None:
                problems.append(f"row {row.number}: in_reply_to: no letter with id {ref} in the "
                                "file or the database")
            elif answered_prisoner != values["prisoner_id"]:
                problems.append(f"row {row.number}: in_reply_to: the letter it answers belongs "
                                "to another prisoner")
        return problems

    def _known_letters(self) -> set[tuple]:
        """Letters already here, by what a spreadsheet row without an id can say of them."""
        query = select(Letter.prisoner_id, Letter.direction, Letter.written_on, Letter.sent_on,
                       Letter.received_on, Letter.title)
        return {tuple(row) for row in self.session.exec(query)}

    def _merge(self, row: _Row, values: dict[str, Any], existing: dict[str, Letter],
               known: set[tuple]) -> None:
        report = self.report
        letter = existing.get(row.record_id) if row.record_id else None
        if letter is None:
            key = (values["prisoner_id"], values["direction"], values.get("written_on"),
                   values.get("sent_on"), values.get("received_on"), values.get("title"))
            recognisable = any(key[2:])  # a date or a title to tell it from others
            if row.record_id is None and recognisable and key in known:
                report.unchanged += 1
                return
            stamp = row.updated_at or self.stamp
            self.session.add(Letter(id=row.record_id or new_id(), created_at=stamp,
                                    updated_at=stamp, **values))
            report.created += 1
            return
        given = {name: values[name] for name in row.present}  # a blank cell clears a field
        if all(getattr(letter, name) == value for name, value in given.items()):
            report.unchanged += 1
        elif row.updated_at is not None and row.updated_at < letter.updated_at:
            report.kept_newer += 1
        else:
            for name, value in given.items():
                setattr(letter, name, value)
            letter.updated_at = row.updated_at or self.stamp
            self.session.add(letter)
            report.updated += 1
