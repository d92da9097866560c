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
from .store.backup import backup_name, copy_database
from .store.database import Database, integrity_problems
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
    parser.add_argument("--lang", metavar="CODE", help="interface language: en, ru, uk or fr")
    parser.add_argument("--no-seed", action="store_true",
                        help="a new database starts empty, without the published letters")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    export = commands.add_parser("export", help="write every record (JSON) or the letters (CSV)")
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")

    imp = commands.add_parser("import", help="merge a JSON export into the database")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--dry-run", action="store_true", help="report what would change; "
                                                           "write nothing")

    backup = commands.add_parser("backup", help="write a consistent copy of the database")
    backup.add_argument("-o", "--output", metavar="FILE")

    commands.add_parser("check", help="check the database's integrity")

    queue = commands.add_parser("queue", help="the translation queue, most urgent first")
    queue.add_argument("--json", action="store_true", help="print JSON for scripts")
    queue.add_argument("--language", metavar="CODE", help="only translations into CODE")

    due = commands.add_parser("due", help="letters awaiting a reply, overdue first")
    due.add_argument("--json", action="store_true", help="print JSON for scripts")
    # A fixed "today" for reproducible output (tests, reminders computed ahead).
    due.add_argument("--today", type=date.fromisoformat, help=argparse.SUPPRESS)
    return parser


def run(args: argparse.Namespace) -> int:
    paths = data_paths(args.data_dir)
    database = Database.open(paths, seed=not args.no_seed)
    try:
        return COMMANDS[args.command](database, args)
    finally:
        database.close()


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
    path = Path(args.file)
    if not path.is_file():
        raise StoreError(f"{path}: no such file")
    if path.suffix.lower() in (".csv", ".tsv"):
        raise StoreError(f"{path}: spreadsheet import is not available yet; import a JSON "
                         "export")
    report = import_file(database, path, dry_run=args.dry_run)
    for line in report.lines():
        print(line)
    return 0


def _backup(database: Database, args: argparse.Namespace) -> int:
    target = Path(args.output) if args.output else data_paths(args.data_dir).backups / \
        backup_name("manual")
    copy_database(database.path, target)
    print(target)
    return 0


def _check(database: Database, args: argparse.Namespace) -> int:
    problems = integrity_problems(database.path)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
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


def due_item_json(item) -> dict:
    return {
        "letter_id": item.letter_id, "prisoner_id": item.prisoner_id,
        "prisoner": item.prisoner_name, "direction": item.direction, "title": item.title,
        "sent_on": item.sent_on, "due": item.due, "state": item.state.value,
        "causes": [cause.value for cause in item.causes], "days_late": item.days_late,
    }


COMMANDS = {"export": _export, "import": _import, "backup": _backup, "check": _check,
            "due": _due, "queue": _queue}


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
