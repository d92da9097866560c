"""The export format (DESIGN.md, version 1): writing it, and importing it all or nothing."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, select

from ..domain.records import INPUT_MODELS, FieldProblem, describe_errors, parse_record_meta
from ..domain.timestamps import utc_now
from .database import Database
from .errors import ImportRejected
from .models import TABLES, Correspondent, Facility, Letter, Prisoner, Record
from .service import LETTER_DATE, REFERENCES

FORMAT_NAME = "lettermanager"
FORMAT_VERSION = 1

# The fields of each section, in the order DESIGN.md lists them.
FIELDS: dict[str, list[str]] = {
    section: ["id", *INPUT_MODELS[section].model_fields, "updated_at"] for section in TABLES
}
ORDER = {
    "prisoners": ("full_name", "id"),
    "facilities": ("name", "id"),
    "custody": ("prisoner_id", "start", "id"),
    "correspondents": ("name", "id"),
    "letters": ("prisoner_id", "date", "id"),
    "censorship_events": ("letter_id", "noted_on", "id"),
    "translations": ("letter_id", "target_language", "id"),
}
SECTION_OF: dict[type[Record], str] = {table: section for section, table in TABLES.items()}


def record_to_dict(section: str, record: Record) -> dict[str, Any]:
    return {name: getattr(record, name) for name in FIELDS[section]}


def export_data(database: Database) -> dict[str, Any]:
    """Every record, as the export format's JSON object."""
    data: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": utc_now(),
    }
    with database.session() as session:
        for section, table in TABLES.items():
            query = select(table)
            for name in ORDER[section]:
                column = LETTER_DATE if name == "date" else getattr(table, name)
                query = query.order_by(column)
            data[section] = [record_to_dict(section, r) for r in session.exec(query)]
    return data


def export_json(database: Database) -> str:
    return json.dumps(export_data(database), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = [
    "id", "prisoner", "direction", "correspondent", "facility", "channel", "language", "title",
    "summary", "body", "written_on", "sent_on", "received_on", "status", "in_reply_to",
    "expects_reply", "reply_due", "tracking_number", "published_in", "published_url",
    "published_on", "notes", "updated_at",
]


def export_csv(database: Database) -> str:
    """The letters as a spreadsheet table; write it with encoding 'utf-8-sig'."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    with database.session() as session:
        prisoners = {p.id: p.full_name for p in session.exec(select(Prisoner))}
        correspondents = {c.id: c.name for c in session.exec(select(Correspondent))}
        facilities = {f.id: f.name for f in session.exec(select(Facility))}
        query = select(Letter).order_by(LETTER_DATE, Letter.id)
        for letter in session.exec(query):
            row = record_to_dict("letters", letter)
            row["prisoner"] = prisoners.get(letter.prisoner_id, "")
            row["correspondent"] = correspondents.get(letter.correspondent_id or "", "")
            row["facility"] = facilities.get(letter.facility_id or "", "")
            row["expects_reply"] = "yes" if letter.expects_reply else "no"
            writer.writerow(["" if row.get(c) is None else row[c] for c in CSV_COLUMNS])
    return out.getvalue()


# --- import ----------------------------------------------------------------------------------


@dataclass
class SectionReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_newer: int = 0  # the database's copy was newer than the file's


@dataclass
class ImportReport:
    sections: dict[str, SectionReport] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def changed(self) -> int:
        return sum(r.created + r.updated for r in self.sections.values())

    def lines(self) -> list[str]:
        verb = "would be" if self.dry_run else "were"
        lines = []
        for section, report in self.sections.items():
            parts = [f"{report.created} new", f"{report.updated} updated",
                     f"{report.unchanged} unchanged"]
            if report.kept_newer:
                parts.append(f"{report.kept_newer} kept (the database's copy is newer)")
            lines.append(f"{section}: {', '.join(parts)}")
        total = "nothing would change" if self.dry_run else "nothing changed"
        lines.append(f"{self.changed} records {verb} written" if self.changed else total)
        return lines


@dataclass
class _Incoming:
    section: str
    index: int
    record_id: str
    updated_at: str | None
    values: dict[str, Any]

    @property
    def where(self) -> str:
        return f"{self.section}[{self.index}] (id {self.record_id})"


def load_json_file(path: Path) -> Any:
    """Read an export file; raise ImportRejected with the position of a JSON error."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(str(path), [f"not UTF-8 text (byte {exc.start})"]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            str(path), [f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"]
        ) from None


def import_data(
    database: Database, data: Any, *, source: str = "import", dry_run: bool = False
) -> ImportReport:
    """Merge an export into the database, all or nothing.

    A record whose id is new is created; one that exists is updated when the file's copy
    differs and is at least as new (by updated_at), else kept. Any bad record rejects the
    whole file with ImportRejected, and the database stays as it was.
    """
    records = _parse(data, source)
    report = ImportReport(dry_run=dry_run, sections={s: SectionReport() for s in TABLES})
    try:
        with database.writing() as session:
            # Letters may answer letters later in the file: check foreign keys at commit.
            session.connection().exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            problems = _check_references(session, records)
            if problems:
                raise ImportRejected(source, problems)
            for item in records:
                _merge(session, item, report.sections[item.section])
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass  # the transaction was rolled back
    return report


class _DryRun(Exception):
    """Raised inside the write transaction to roll a dry run back."""


def _parse(data: Any, source: str) -> list[_Incoming]:
    if not isinstance(data, dict):
        raise ImportRejected(source, ["the file is not a LetterManager export (no JSON object)"])
    if data.get("format") != FORMAT_NAME:
        raise ImportRejected(source, ['the file is not a LetterManager export (its "format" is '
                                      f'{data.get("format")!r}, not "{FORMAT_NAME}")'])
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ImportRejected(source, [f'"version" must be a whole number, not {version!r}'])
    if version > FORMAT_VERSION:
        raise ImportRejected(source, [f"the file is format version {version}, written by a "
                                      f"newer LetterManager; this version reads up to "
                                      f"{FORMAT_VERSION}. Update the app to import it"])
    problems: list[str] = []
    records: list[_Incoming] = []
    seen: set[str] = set()
    for section, model in INPUT_MODELS.items():
        raw_list = data.get(section, [])
        if not isinstance(raw_list, list):
            problems.append(f'"{section}" must be a list of records')
            continue
        for index, raw in enumerate(raw_list):
            where = f"{section}[{index}]"
            if not isinstance(raw, dict):
                problems.append(f"{where}: not a record (a JSON object)")
                continue
            try:
                record_id, updated_at = parse_record_meta(raw)
            except FieldProblem as exc:
                problems.append(f"{where}: {exc.field}: {exc.message}")
                continue
            if record_id is None:
                problems.append(f"{where}: id: is required")
                continue
            where = f"{where} (id {record_id})"
            if record_id in seen:
                problems.append(f"{where}: id: appears twice in the file")
                continue
            seen.add(record_id)
            try:
                values = model.model_validate(raw).model_dump(mode="json")
            except ValidationError as exc:
                detail = "; ".join(f"{f}: {m}" for f, m in describe_errors(exc))
                problems.append(f"{where}: {detail}")
                continue
            records.append(_Incoming(section, index, record_id, updated_at, values))
    if problems:
        raise ImportRejected(source, problems)
    return records


def _check_references(session: Session, records: list[_Incoming]) -> list[str]:
    """References must point at a record in the file or in the database."""
    in_file: dict[str, dict[str, _Incoming]] = {}
    for item in records:
        in_file.setdefault(item.section, {})[item.record_id] = item
    problems = []
    for item in records:
        table = TABLES[item.section]
        for name, target in REFERENCES.get(table, []):
            ref = item.values.get(name)
            if ref is None:
                continue
            target_section = SECTION_OF[target]
            found = in_file.get(target_section, {}).get(ref)
            existing = None if found else session.get(target, ref)
            if found is None and existing is None:
                problems.append(f"{item.where}: {name}: no {target_section[:-1]} with id {ref} "
                                "in the file or the database")
            elif table is Letter and name == "in_reply_to":
                other = found.values["prisoner_id"] if found else existing.prisoner_id
                if ref == item.record_id:
                    problems.append(f"{item.where}: in_reply_to: a letter cannot answer itself")
                elif other != item.values["prisoner_id"]:
                    problems.append(f"{item.where}: in_reply_to: the letter it answers "
                                    "belongs to another prisoner")
    return problems


def _merge(session: Session, item: _Incoming, report: SectionReport) -> None:
    table = TABLES[item.section]
    existing = session.get(table, item.record_id)
    stamp = item.updated_at or utc_now()
    if existing is None:
        session.add(table(id=item.record_id, created_at=stamp, updated_at=stamp, **item.values))
        report.created += 1
        return
    current = {name: getattr(existing, name) for name in item.values}
    if current == item.values:
        report.unchanged += 1
    elif item.updated_at is not None and item.updated_at < existing.updated_at:
        report.kept_newer += 1
    else:
        for name, value in item.values.items():
            setattr(existing, name, value)
        existing.updated_at = stamp
        session.add(existing)
        report.updated += 1


def import_file(database: Database, path: Path, *, dry_run: bool = False) -> ImportReport:
    return import_data(database, load_json_file(path), source=str(path), dry_run=dry_run)
