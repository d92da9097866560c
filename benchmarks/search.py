"""Search speed on a large database, beside a plain LIKE scan of the same data.

    python benchmarks/search.py [DATA_DIR] [--letters 100000] [--repeat 7]

DATA_DIR defaults to a temporary folder, filled with scripts/generate_large_db.py (100,000
letters); an existing data folder is used as it is. The script prints:

- the index build: the time migration 0005 takes to index the existing records (the index is
  dropped first, then the migration runs as it does when an older database is opened);
- for each query (Cyrillic and Latin), the first page (50 hits) through store.search.search,
  hydrated and with snippets, alone and with a prisoner filter, beside a LIKE scan in raw
  sqlite3 of the same records and fields (first 50 rows, and all rows, the least a ranked LIKE
  search would have to read). LIKE finds only the spelling typed (and folds case in ASCII
  only): its row counts show what the index finds that LIKE cannot;
- the median and the 95th percentile over all queries and repeats.
"""

from __future__ import annotations

import argparse
import importlib.util
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from alembic import command

from lettermanager.paths import DataPaths
from lettermanager.store import schema
from lettermanager.store.database import Database
from lettermanager.store.search import SearchFilters, search

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    # (query, the same words as a LIKE pattern)
    ("Иванов", "Иванов"), ("Ivanov", "Ivanov"),
    ("Кузнецова Анна", "Кузнецова"), ("Kuznetsova Anna", "Kuznetsova"),
    ("Сыктывкар", "Сыктывкар"), ("Syktyvkar", "Syktyvkar"),
    ("адвокат", "адвокат"), ("advokat", "advokat"),
    ("письмо", "письмо"), ("pismo", "pismo"),
    ('"главная радость"', "главная радость"), ("petition", "petition"),
    ("здоровье в порядке", "здоровье в порядке"), ("Renfrey Clarke", "Renfrey Clarke"),
    ("Кагарл", "Кагарл"), ("Kagarl", "Kagarl"), ("ИК-7", "ИК-7"), ("Shcherbakov", "Shcherbakov"),
    ("Щербаков", "Щербаков"), ("Зеленоград", "Зеленоград"),
]
# The LIKE baseline reads the same records and fields as the index (migration 0005).
LIKE_FIELDS = {
    "letter": ("title", "summary", "body", "notes", "published_in"),
    "translation": ("translator", "text", "notes"),
    "censorship_event": ("note",),
    "prisoner": ("full_name", "latin_name", "charges", "notes"),
    "correspondent": ("name", "notes"),
    "facility": ("name", "city", "region", "address"),
}
LIKE_UNION = " UNION ALL ".join(
    f"SELECT '{table}' AS kind, id FROM {table} WHERE "
    + " OR ".join(f"{field} LIKE :p" for field in fields)
    for table, fields in LIKE_FIELDS.items())
LIKE_FIRST_PAGE = f"SELECT kind, id FROM ({LIKE_UNION}) LIMIT 50"
LIKE_ALL = f"SELECT count(*) FROM ({LIKE_UNION})"


def _generator():
    path = ROOT / "scripts" / "generate_large_db.py"
    spec = importlib.util.spec_from_file_location("generate_large_db", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _milliseconds(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def build_index(database: Database) -> float:
    """Drop the index (downgrade to the revision before it) and time the migration."""
    config = schema.alembic_config()
    with database.engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
        connection.commit()
    started = time.perf_counter()
    schema.upgrade(database.engine)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, nargs="?")
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-rebuild", action="store_true",
                        help="do not time the index build (keep the index as it is)")
    args = parser.parse_args(argv)
    temporary = None
    if args.data_dir is None:
        temporary = tempfile.TemporaryDirectory(prefix="lettermanager-bench-")
        args.data_dir = Path(temporary.name)
    paths = DataPaths(args.data_dir)
    if not paths.database.exists():
        started = time.perf_counter()
        counts = _generator().generate(args.data_dir, letters=args.letters, prisoners=2_000,
                                       facilities=300, correspondents=3_000, seed=1)
        print(f"generated {counts['letter']:,} letters (index kept by the triggers) in "
              f"{time.perf_counter() - started:.1f} s")
    database = Database.open(paths, seed=False)
    try:
        raw = sqlite3.connect(paths.database)
        letters = raw.execute("SELECT count(*) FROM letter").fetchone()[0]
        records = raw.execute("SELECT count(*) FROM search_doc").fetchone()[0]
        print(f"database: {letters:,} letters, {records:,} indexed records, "
              f"{paths.database.stat().st_size / 1e6:.0f} MB")
        if not args.no_rebuild:
            print(f"index build (migration 0005 on the existing records): "
                  f"{build_index(database):.1f} s")
        prisoner = raw.execute("SELECT prisoner_id FROM letter GROUP BY prisoner_id "
                               "ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        print(f"\n{'query':24} {'hits':>5} {'search ms':>10} {'filtered':>9} "
              f"{'LIKE 50':>8} {'LIKE all':>9} {'LIKE rows':>9}")
        all_search, all_filtered, all_like, all_like_all = [], [], [], []
        for query, pattern in QUERIES:
            hits = search(database, query)
            times = _milliseconds(lambda q=query: search(database, q), args.repeat)
            filtered = _milliseconds(lambda q=query: search(
                database, q, filters=SearchFilters(prisoner_id=prisoner)), args.repeat)
            like_params = {"p": f"%{pattern}%"}
            like = _milliseconds(
                lambda p=like_params: raw.execute(LIKE_FIRST_PAGE, p).fetchall(), args.repeat)
            like_rows = raw.execute(LIKE_ALL, like_params).fetchone()[0]
            like_all = _milliseconds(
                lambda p=like_params: raw.execute(LIKE_ALL, p).fetchone(), max(1, args.repeat // 3))
            all_search += times
            all_filtered += filtered
            all_like += like
            all_like_all += like_all
            print(f"{query[:24]:24} {len(hits):5} {statistics.median(times):10.1f} "
                  f"{statistics.median(filtered):9.1f} {statistics.median(like):8.1f} "
                  f"{statistics.median(like_all):9.1f} {like_rows:9,}")
        print(f"\nfirst page of search, all queries: median {statistics.median(all_search):.1f} ms,"
              f" p95 {_p95(all_search):.1f} ms, max {max(all_search):.1f} ms")
        print(f"the same with a prisoner filter:   median {statistics.median(all_filtered):.1f}"
              f" ms, p95 {_p95(all_filtered):.1f} ms")
        print(f"LIKE scan, first 50 rows:          median {statistics.median(all_like):.1f} ms,"
              f" p95 {_p95(all_like):.1f} ms")
        print(f"LIKE scan, every row:              median {statistics.median(all_like_all):.1f}"
              f" ms, p95 {_p95(all_like_all):.1f} ms")
        raw.close()
    finally:
        database.close()
        if temporary is not None:
            temporary.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
