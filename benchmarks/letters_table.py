"""Figures for the letters table on a large database (see scripts/generate_large_db.py).

    python benchmarks/letters_table.py DATA_DIR

Prints, for several orders and filters, the time to get the ordered id list through
store.letter_table beside plain sqlite3 running the same SQL on the same file; the time to fetch
one page of rows; then opens the table (LettersTableModel behind a QTableView, offscreen,
1366x768), scrolls through it and reports how soon rows show, how long scrolling takes and
how much memory the model holds. For scale, it also loads every letter the naive way (ORM).
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sqlite3
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from lettermanager.paths import DataPaths
from lettermanager.store.database import Database
from lettermanager.store.letter_table import (
    _ROWS_SQL,
    LetterColumn,
    LetterFilter,
    LetterSort,
    _queries,
    filter_choices,
    fold,
    letter_ids,
    letter_rows,
)


def timed(fn: Callable[[], object], repeat: int = 5) -> tuple[float, object]:
    """Median milliseconds of `repeat` runs (after one warm-up), and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def raw_ids(connection: sqlite3.Connection, flt: LetterFilter, sort: LetterSort) -> list[str]:
    ids: list[str] = []
    for sql, params in _queries(flt, sort):
        ids.extend(row[0] for row in connection.execute(sql, params))
    return ids


def store_figures(db: Database, path: Path, prisoner_id: str, repeat: int) -> None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.create_function("lm_fold", 1, fold, deterministic=True)
    cases = [
        ("date, newest first (default)", LetterFilter(), LetterSort()),
        ("date, oldest first", LetterFilter(), LetterSort(LetterColumn.DATE, True)),
        ("prisoner A-Z", LetterFilter(), LetterSort(LetterColumn.PRISONER, True)),
        ("correspondent A-Z", LetterFilter(), LetterSort(LetterColumn.CORRESPONDENT, True)),
        ("status", LetterFilter(), LetterSort(LetterColumn.STATUS, True)),
        ("title A-Z", LetterFilter(), LetterSort(LetterColumn.TITLE, True)),
        ("translation state", LetterFilter(), LetterSort(LetterColumn.TRANSLATION, True)),
        ("censorship", LetterFilter(), LetterSort(LetterColumn.CENSORSHIP, True)),
        ("one prisoner, by date", LetterFilter(prisoner_id=prisoner_id), LetterSort()),
        ("incoming, by date", LetterFilter(direction="incoming"), LetterSort()),
        ("status 'lost', by prisoner", LetterFilter(status="lost"),
         LetterSort(LetterColumn.PRISONER, True)),
        ("title contains 'суд'", LetterFilter(text="суд"), LetterSort()),
        ("title contains 'card'", LetterFilter(text="card"), LetterSort()),
        ("ru + incoming + 'письмо'", LetterFilter(direction="incoming", language="ru",
                                                  text="письмо"), LetterSort()),
    ]
    print(f"{'ordered id list':34s} {'letters':>8s} {'store':>9s} {'sqlite3':>9s}")
    for label, flt, sort in cases:
        ms, ids = timed(lambda flt=flt, sort=sort: letter_ids(db, flt, sort), repeat)
        raw_ms, raw = timed(lambda flt=flt, sort=sort: raw_ids(connection, flt, sort), repeat)
        assert raw == ids
        print(f"{label:34s} {len(ids):8,d} {ms:7.1f}ms {raw_ms:7.1f}ms")

    ids = letter_ids(db)
    print(f"\n{'one page of 200 rows':34s} {'':8s} {'store':>9s} {'sqlite3':>9s}")
    for label, start in (("top", 0), ("middle", len(ids) // 2), ("end", len(ids) - 200)):
        page = ids[start:start + 200]
        ms, rows = timed(lambda page=page: letter_rows(db, page), repeat)
        sql = _ROWS_SQL.format(marks=", ".join("?" * len(page)))  # the store's own query
        raw_ms, _raw = timed(lambda sql=sql, page=page: connection.execute(sql, page).fetchall(),
                             repeat)
        print(f"{label:34s} {len(rows):8,d} {ms:7.1f}ms {raw_ms:7.1f}ms")
    ms, choices = timed(lambda: filter_choices(db), repeat)
    print(f"{'filter choices (prisoners, langs)':34s} {len(choices.prisoners):8,d} {ms:7.1f}ms")
    connection.close()


def naive_figures(db: Database) -> None:
    """Every letter as an ORM object: what the table avoids."""
    from sqlmodel import select

    from lettermanager.store.models import Letter

    gc.collect()
    tracemalloc.start()
    start = time.perf_counter()
    with db.session() as session:
        letters = list(session.exec(select(Letter)))
    elapsed = (time.perf_counter() - start) * 1000
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\nnaive: all {len(letters):,} letters as ORM objects: {elapsed:,.0f} ms, "
          f"peak {peak / 2**20:,.0f} MiB of Python memory")
    del letters
    gc.collect()


def gui_figures(db: Database, steps: int, jumps: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from lettermanager.store.service import Store
    from lettermanager.ui.letters_view import LettersPage
    from lettermanager.ui.worker import DatabaseWorker

    app = QApplication.instance() or QApplication([])
    worker = DatabaseWorker(Store(db))

    def pump_until(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
        end = time.perf_counter() + timeout
        while not condition():
            if time.perf_counter() > end:
                return False
            app.processEvents()
            time.sleep(0.0005)
        return True

    def run(trace: bool) -> dict[str, float]:
        gc.collect()
        if trace:
            tracemalloc.start()
        figures: dict[str, float] = {}
        page = LettersPage(worker)
        page.resize(1366, 768)
        model, table = page.model, page.table
        start = time.perf_counter()
        page.show()
        pump_until(model.is_loaded)
        app.processEvents()
        figures["ids"] = (time.perf_counter() - start) * 1000
        pump_until(lambda: model.cached_row(0) is not None)
        figures["first_rows"] = (time.perf_counter() - start) * 1000
        bar = table.verticalScrollBar()

        # A fling: the scroll bar dragged through the whole table, repainting each step.
        start = time.perf_counter()
        for step in range(steps + 1):
            bar.setValue(bar.maximum() * step // steps)
            app.processEvents()
        figures["fling"] = (time.perf_counter() - start) * 1000
        figures["fling_step"] = figures["fling"] / (steps + 1)
        pump_until(lambda: model._in_flight is None)

        # Jumps: scroll to a place, wait until the rows on screen are filled in.
        latencies = []
        for jump in range(jumps):
            value = bar.maximum() * ((jump * 7919) % jumps) // jumps
            start = time.perf_counter()
            bar.setValue(value)
            app.processEvents()
            row = table.rowAt(table.viewport().height() // 2)
            pump_until(lambda row=row: model.cached_row(row) is not None)
            latencies.append((time.perf_counter() - start) * 1000)
        latencies.sort()
        figures["jump_p50"] = latencies[len(latencies) // 2]
        figures["jump_p95"] = latencies[int(len(latencies) * 0.95)]
        figures["pages_cached"] = len(model._pages)
        figures["rows"] = model.rowCount()
        if trace:
            current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            figures["py_current"] = current / 2**20
            figures["py_peak"] = peak / 2**20
        page.close()
        page.deleteLater()
        app.processEvents()
        return figures

    timing = run(trace=False)
    memory = run(trace=True)
    worker.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"\nLetters page on {timing['rows']:,.0f} letters (offscreen, 1366x768)")
    print(f"  id list loaded after show:       {timing['ids']:7.0f} ms")
    print(f"  first rows on screen after show: {timing['first_rows']:7.0f} ms")
    print(f"  fling through the table:         {timing['fling']:7.0f} ms for {steps + 1} "
          f"scroll steps ({timing['fling_step']:.1f} ms a step)")
    print(f"  jump and wait for rows:          p50 {timing['jump_p50']:.1f} ms, "
          f"p95 {timing['jump_p95']:.1f} ms ({jumps} jumps)")
    print(f"  pages cached at the end:         {timing['pages_cached']:.0f} "
          f"(of 200 rows each)")
    print(f"  Python memory (tracemalloc):     {memory['py_current']:.1f} MiB held by the "
          f"page after scrolling, peak {memory['py_peak']:.1f} MiB")
    print(f"  process peak RSS (whole run):    {rss:.0f} MiB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--steps", type=int, default=500, help="scroll steps of the fling")
    parser.add_argument("--jumps", type=int, default=100)
    parser.add_argument("--no-gui", action="store_true")
    args = parser.parse_args(argv)
    paths = DataPaths(args.data_dir.absolute())
    if not paths.database.is_file():
        parser.error(f"no database at {paths.database}; run scripts/generate_large_db.py")
    db = Database.open(paths)
    try:
        with db.engine.connect() as connection:
            raw = connection.connection.driver_connection
            prisoner_id = raw.execute(
                "SELECT prisoner_id FROM letter GROUP BY prisoner_id "
                "ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        store_figures(db, paths.database, prisoner_id, args.repeat)
        if not args.no_gui:
            gui_figures(db, args.steps, args.jumps)
        naive_figures(db)
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
