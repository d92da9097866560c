"""The command line: argparse subcommands over the store (DESIGN.md, "Command line").

Exit status: 0 success; 1 when the input or the data is at fault (one line on stderr); 2 for a
usage error (argparse's own).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from . import __version__
from .paths import data_paths
from .store.backups import MANUAL, backup_before_import, make_backup, save_backup
from .store.database import Database
from .store.errors import StoreError
from .store.exchange import export_csv, export_json, import_file

PROG = "lettermanager"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Keep the record of letters to and from political prisoners. "
        "Without a command, opens the window."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="where the database lives (default: the platform's user data "
                             "folder, or $LETTERMANAGER_DATA_DIR)")
    parser.add_argument("--lang", metavar="CODE", type=_language,
                        help="interface language: en, ru, uk or fr (default: the one chosen "
                             "in Settings, else the system's)")
    parser.add_argument("--no-seed", action="store_true",
                        help="a new database starts empty, without the published letters")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    export = commands.add_parser("export", help="write every record (JSON) or the letters (CSV)")
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")

    imp = commands.add_parser("import", help="merge a JSON export or a spreadsheet (CSV) of "
                                             "letters into the database")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--dry-run", action="store_true", help="report what would change; "
                                                           "write nothing")
    imp.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                     help="CSV: read COLUMN as FIELD (a column of the CSV export); "
                          "COLUMN= ignores it")

    backup = commands.add_parser("backup", help="write a consistent copy of the database")
    backup.add_argument("-o", "--output", metavar="FILE")

    restore = commands.add_parser("restore", help="replace the database with a backup (the "
                                                  "current one is backed up first)")
    restore.add_argument("file", metavar="FILE")

    commands.add_parser("check", help="check the database's integrity and the record's rules")

    find = commands.add_parser("search", help="find letters, translations, prisoners, "
                                              "correspondents and facilities, in any script")
    find.add_argument("query", nargs="+", metavar="QUERY",
                      help='words or a "quoted phrase"; a Latin spelling finds Cyrillic text '
                           "and the other way round (put -- before a query that starts with -)")
    find.add_argument("--json", action="store_true", help="print JSON for scripts")
    find.add_argument("--limit", type=int, default=50, metavar="N",
                      help="at most N hits (default 50)")

    queue = commands.add_parser("queue", help="the translation queue, most urgent first")
    queue.add_argument("--json", action="store_true", help="print JSON for scripts")
    queue.add_argument("--language", metavar="CODE", help="only translations into CODE")

    due = commands.add_parser("due", help="letters awaiting a reply, overdue first")
    due.add_argument("--json", action="store_true", help="print JSON for scripts")
    # A fixed "today" for reproducible output (tests, reminders computed ahead).
    due.add_argument("--today", type=date.fromisoformat, help=argparse.SUPPRESS)
    return parser


def _language(code: str) -> str:
    from .i18n import normalize_language

    try:
        return normalize_language(code)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    paths = data_paths(args.data_dir)
    lock = None
    if args.command in WRITE_COMMANDS and not getattr(args, "dry_run", False):
        # One writer per data folder: refuse while the window (or another import) is open.
        from .store.instance_lock import acquire_instance_lock

        lock = acquire_instance_lock(paths)
    try:
        if args.command == "restore":  # the current database may be damaged: do not open it
            return _restore(paths, args)
        database = Database.open(paths, seed=not args.no_seed)
        try:
            return COMMANDS[args.command](database, args)
        finally:
            database.close()
    finally:
        if lock is not None:
            lock.release()


def _export(database: Database, args: argparse.Namespace) -> int:
    if args.format == "csv":
        text, encoding = export_csv(database), "utf-8-sig"
    else:
        text, encoding = export_json(database), "utf-8"
    if args.output:
        target = Path(args.output)
        partial = target.with_name(target.name + ".partial")
        partial.write_text(text, encoding=encoding, newline="")
        partial.replace(target)
    else:
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
        sys.stdout.write(text)
    return 0


def _import(database: Database, args: argparse.Namespace) -> int:
    from .store.csv_import import import_csv, is_csv_file

    path = Path(args.file)
    if not path.is_file():
        raise StoreError(f"{path}: no such file")
    csv_file = is_csv_file(path)
    mapping = _column_map(args.map) if csv_file else None
    if not args.dry_run:
        backup_before_import(database, data_paths(args.data_dir))
    if csv_file:
        report = import_csv(database, path, mapping=mapping, dry_run=args.dry_run)
    else:
        report = import_file(database, path, dry_run=args.dry_run)
    for line in report.lines():
        print(line)
    return 0


def _column_map(pairs: list[str]) -> dict[int | str, str | None]:
    mapping: dict[int | str, str | None] = {}
    for pair in pairs:
        column, sep, target = pair.partition("=")
        if not sep or not column.strip():
            raise StoreError(f"--map {pair!r}: write COLUMN=FIELD, or COLUMN= to ignore it")
        mapping[column.strip()] = target.strip() or None
    return mapping


def _backup(database: Database, args: argparse.Namespace) -> int:
    paths = data_paths(args.data_dir)
    if args.output:
        target = save_backup(database, paths, Path(args.output))
    else:
        target = make_backup(database, paths, MANUAL)
    print(target)
    return 0


def _restore(paths, args: argparse.Namespace) -> int:
    from .store.restore import restore

    result = restore(paths, Path(args.file))
    Database.open(paths, seed=False).close()  # an older file is migrated now, after a backup
    for line in result.lines():
        print(line)
    return 0


def _check(database: Database, args: argparse.Namespace) -> int:
    from .store.integrity import check

    problems = check(database)
    for problem in problems:
        print(problem)
    if problems:
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        print(f"{PROG}: the database has {count} (listed above)", file=sys.stderr)
        return 1
    print("ok")
    return 0


def _due(database: Database, args: argparse.Namespace) -> int:
    from .store.reply_tracking import due_items, reply_rules
    from .store.settings import load_settings

    today = args.today or date.today()
    rules = reply_rules(load_settings(data_paths(args.data_dir).settings))
    items = due_items(database, today, rules)
    if args.json:
        print(json.dumps([due_item_json(item) for item in items], ensure_ascii=False, indent=2))
        return 0
    if not items:
        print("no letters await a reply")
    for item in items:
        late = f"{item.state.value} by {item.days_late} days ({item.cause.value})" \
            if item.days_late else f"due {item.due or 'unknown'}"
        print(f"{late}\t{item.prisoner_name}\t{item.sent_on or '-'}\t{item.title or ''}")
    return 0


def _queue(database: Database, args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from .store.service import Store
    from .store.translation_queue import queue

    rows = queue(Store(database), (args.language or "").lower() or None)
    if args.json:
        print(json.dumps([asdict(row) for row in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("the translation queue is empty")
    for row in rows:
        who = f"{row.translator} " if row.translator else ""
        print(f"{row.source_language}→{row.target_language}\t{row.status}\t{who}"
              f"\t{row.prisoner_name}\t{row.letter_title or ''}")
    return 0


def _search(database: Database, args: argparse.Namespace) -> int:
    from .store.search import search

    # Bytes that are not UTF-8 reach argv as lone surrogates: read them as U+FFFD.
    query = " ".join(args.query).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    hits = search(database, query, limit=args.limit)
    sys.stdout.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
    if args.json:
        print(json.dumps([search_hit_json(hit) for hit in hits], ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print("no results")
    for hit in hits:
        print(f"{hit.kind}\t{hit.title or '-'}\t{hit.snippet}")
    return 0


def search_hit_json(hit) -> dict:
    return {
        "kind": hit.kind, "id": hit.id, "title": hit.title, "snippet": hit.snippet,
        "letter_id": hit.letter_id, "prisoner_id": hit.prisoner_id,
        "prisoner": hit.prisoner_name, "date": hit.date, "detail": hit.detail,
    }


def due_item_json(item) -> dict:
    return {
        "letter_id": item.letter_id, "prisoner_id": item.prisoner_id,
        "prisoner": item.prisoner_name, "direction": item.direction, "title": item.title,
        "sent_on": item.sent_on, "due": item.due, "state": item.state.value,
        "causes": [cause.value for cause in item.causes], "days_late": item.days_late,
    }


COMMANDS = {"export": _export, "import": _import, "backup": _backup, "check": _check,
            "due": _due, "queue": _queue, "search": _search}
WRITE_COMMANDS = {"import", "restore"}  # refused while the window is open on the data folder


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from .ui.app import run_gui  # Qt is imported only when the window is wanted

        return run_gui(args)
    try:
        return run(args)
    except StoreError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader (| head) went away: not an error of ours
        sys.stderr.close()
        return 0
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"{PROG}: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
