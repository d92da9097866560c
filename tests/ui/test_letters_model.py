"""The lazy letters table model, tested without a view (and once behind one)."""

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QTableView

from lettermanager.domain.records import LetterIn
from lettermanager.paths import DataPaths
from lettermanager.store.database import Database
from lettermanager.store.letter_table import LetterColumn, LetterFilter, LetterSort, letter_ids
from lettermanager.store.models import Letter
from lettermanager.store.service import Store
from lettermanager.ui.letters_model import (
    COLUMN_INDEX,
    PLACEHOLDER,
    LetterIdRole,
    LetterRowRole,
    LettersTableModel,
    PrisonerIdRole,
)
from lettermanager.ui.worker import DatabaseWorker

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "generate_large_db.py"
KAGARLITSKY = "72c787ca-3846-55fc-bd24-3dcad7826a3d"


def load_generator():
    spec = importlib.util.spec_from_file_location("generate_large_db", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated_dir(tmp_path_factory):
    """1,000 generated letters (made once for the module; the tests only read them)."""
    root = tmp_path_factory.mktemp("generated")
    load_generator().generate(root, letters=1000, prisoners=25, facilities=8,
                              correspondents=15, seed=7)
    return root


@pytest.fixture
def big_worker(generated_dir):
    database = Database.open(DataPaths(generated_dir))
    worker = DatabaseWorker(Store(database))
    yield worker
    worker.stop()
    database.close()


def loaded(qtbot, model):
    with qtbot.waitSignal(model.reloaded, timeout=5000):
        model.reload()
    return model


def wait_for_row(qtbot, model, row):
    qtbot.waitUntil(lambda: model.cached_row(row) is not None, timeout=5000)


def test_passes_the_model_tester(qtbot, qtmodeltester, worker):
    model = loaded(qtbot, LettersTableModel(worker))
    assert model.rowCount() == 5
    qtmodeltester.check(model, force_py=True)


def test_passes_the_model_tester_while_pages_are_missing(qtbot, qtmodeltester, big_worker):
    model = loaded(qtbot, LettersTableModel(big_worker, page_size=50))
    qtmodeltester.check(model, force_py=True)
    qtbot.waitUntil(lambda: model._in_flight is None, timeout=5000)


def test_shows_the_seed_letters_newest_first(qtbot, worker):
    model = loaded(qtbot, LettersTableModel(worker))
    assert model.columnCount() == 10
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(10)]
    assert headers == ["Date", "Dir.", "Prisoner", "Correspondent", "Channel", "Status",
                       "Language", "Translation", "Censorship", "Title"]
    top = [model.index(0, c).data() for c in range(10)]
    assert top == ["14 Nov 2024", "←", "Кагарлицкий Борис Юльевич", "", "Public statement",
                   "Received", "Russian", "Done", "", "Statement refusing any prisoner exchange"]
    march = model.row_of("5b1bbd37-f78e-5935-a341-71020fd58516")
    assert model.index(march, 0).data() == "Mar 2024"
    assert model.index(march, COLUMN_INDEX[LetterColumn.CENSORSHIP]).data() == "Censor's comment"
    assert "1 censorship event" in model.index(
        march, COLUMN_INDEX[LetterColumn.CENSORSHIP]).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, 0).data(LetterIdRole) == "f8f45f7b-ba4f-5f06-adbe-8be56c7aac6c"
    assert model.index(0, 5).data(PrisonerIdRole) == KAGARLITSKY
    assert model.index(0, 0).data(LetterRowRole).title.startswith("Statement")
    assert [model.index(r, 0).data() for r in range(5)][-1] == "2023"
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == "Incoming: from the prisoner"


def test_only_the_pages_asked_for_are_fetched(qtbot, big_worker):
    model = loaded(qtbot, LettersTableModel(big_worker, page_size=50))
    assert model.rowCount() == 1000
    assert model.fetched_pages == []  # page 0 came with the id list
    assert model.index(10, 0).data() != PLACEHOLDER

    index = model.index(512, COLUMN_INDEX[LetterColumn.TITLE])
    assert model.index(512, 0).data() == PLACEHOLDER
    assert index.data() == ""
    assert index.data(LetterIdRole) == model.letter_id(512)  # ids are known at once
    assert index.data(LetterRowRole) is None
    with qtbot.waitSignal(model.dataChanged, timeout=5000) as changed:
        pass
    first, last = changed.args[:2]
    assert (first.row(), last.row()) == (500, 549)
    assert index.data() == model.cached_row(512).title or index.data() == "(untitled)"
    assert model.fetched_pages == [10]


def test_fast_scrolling_fetches_only_the_latest_pages(qtbot, big_worker):
    model = loaded(qtbot, LettersTableModel(big_worker, page_size=20))
    for row in range(20, 1000, 20):  # every page, faster than the worker answers
        model.index(row, 0).data()
    qtbot.waitUntil(lambda: model._in_flight is None and not model._wanted, timeout=5000)
    assert model.fetched_pages[0] == 1
    assert len(model.fetched_pages) <= 6
    assert 49 in model.fetched_pages  # the last page asked for


def test_the_page_cache_is_bounded(qtbot, big_worker):
    model = loaded(qtbot, LettersTableModel(big_worker, page_size=20, max_pages=3))
    for page in range(1, 8):
        model.index(page * 20, 0).data()
        wait_for_row(qtbot, model, page * 20)
    assert len(model._pages) == 3
    assert model.cached_row(0) is None  # the least recently used went first
    assert model.cached_row(7 * 20) is not None


def test_sort_requeries_the_ids_in_sql(qtbot, big_worker):
    model = loaded(qtbot, LettersTableModel(big_worker, page_size=50))
    with qtbot.waitSignal(model.reloaded, timeout=5000):
        model.sort(COLUMN_INDEX[LetterColumn.PRISONER], Qt.SortOrder.AscendingOrder)
    expected = big_worker.call(lambda store: letter_ids(
        store.db, LetterFilter(), LetterSort(LetterColumn.PRISONER, True)))
    assert model.letter_ids() == expected
    names = [model.index(r, COLUMN_INDEX[LetterColumn.PRISONER]).data() for r in range(50)]
    assert names == sorted(names)
    assert model.letter_sort == LetterSort(LetterColumn.PRISONER, True)


def test_a_sort_keeps_persistent_indexes_on_their_letters(qtbot, big_worker):
    model = loaded(qtbot, LettersTableModel(big_worker))
    letter_id = model.letter_id(3)
    persistent = QPersistentModelIndex(model.index(3, 2))
    with qtbot.assertNotEmitted(model.modelReset):
        with qtbot.waitSignal(model.layoutChanged, timeout=5000):
            model.sort(COLUMN_INDEX[LetterColumn.DATE], Qt.SortOrder.AscendingOrder)
    assert persistent.row() == model.row_of(letter_id) != 3
    assert persistent.column() == 2


def test_filter_in_sql(qtbot, big_worker):
    model = loaded(qtbot, LettersTableModel(big_worker, page_size=50))
    with qtbot.waitSignal(model.reloaded, timeout=5000):
        model.set_filter(LetterFilter(direction="incoming", language="ru"))
    assert 0 < model.rowCount() < 1000
    assert model.total_count == 1000
    for row in range(min(model.rowCount(), 50)):
        letter = model.index(row, 0).data(LetterRowRole)
        assert (letter.direction, letter.language) == ("incoming", "ru")
    with qtbot.waitSignal(model.reloaded, timeout=5000):
        model.set_filter(LetterFilter(text="no title has this text"))
    assert model.rowCount() == 0 and model.total_count == 1000


def test_an_edit_refreshes_cells_without_a_reset(qtbot, worker):
    model = loaded(qtbot, LettersTableModel(worker))
    letter_id = model.letter_id(0)
    letter = worker.call(lambda store: store.get(Letter, letter_id))
    data = LetterIn.model_validate(letter.model_dump()).model_dump()
    data["title"] = "Заявление: новое название"
    worker.call(lambda store: store.update(Letter, letter_id, data))
    with qtbot.assertNotEmitted(model.modelReset), qtbot.assertNotEmitted(model.layoutChanged):
        with qtbot.waitSignal(model.dataChanged, timeout=5000):
            model.reload()
    assert model.index(0, COLUMN_INDEX[LetterColumn.TITLE]).data() == \
        "Заявление: новое название"


def test_a_new_letter_resets_and_is_counted(qtbot, worker):
    model = loaded(qtbot, LettersTableModel(worker))
    worker.call(lambda store: store.create(LetterIn(
        prisoner_id=KAGARLITSKY, direction="outgoing", written_on="2025-01-05",
        title="Новое письмо")))
    with qtbot.waitSignal(model.modelReset, timeout=5000):
        model.reload()
    assert model.rowCount() == 6 and model.total_count == 6
    assert model.index(0, COLUMN_INDEX[LetterColumn.TITLE]).data() == "Новое письмо"


def test_an_older_reload_never_overwrites_a_newer_one(qtbot, worker):
    model = LettersTableModel(worker)
    model.set_filter(LetterFilter(direction="outgoing"))  # reload 1
    with qtbot.waitSignal(model.reloaded, timeout=5000):
        model.set_filter(LetterFilter(direction="incoming"))  # reload 2
    QApplication.processEvents()
    assert model.rowCount() == 4
    assert {model.index(r, 1).data() for r in range(4)} == {"←"}


def test_behind_a_view_only_visible_pages_are_fetched(qtbot, big_worker):
    model = LettersTableModel(big_worker, page_size=50)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(900, 400)
    view.show()
    loaded(qtbot, model)
    QApplication.processEvents()
    assert model.fetched_pages == []  # the rows on screen came with the ids
    view.scrollToBottom()
    QApplication.processEvents()
    qtbot.waitUntil(lambda: model.cached_row(999) is not None, timeout=5000)
    assert set(model.fetched_pages) <= {18, 19}
    assert view.indexAt(view.viewport().rect().center()).data() != PLACEHOLDER


def test_the_generated_database_is_consistent(generated_dir):
    """scripts/generate_large_db.py writes records the schema and the app accept."""
    import sqlite3

    from lettermanager.store.search_index import index_problems

    connection = sqlite3.connect(DataPaths(generated_dir).database)
    try:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM letter").fetchone() == (1000,)
        assert connection.execute(
            "SELECT count(*) FROM letter WHERE coalesce(written_on, sent_on, received_on) "
            "> '2026-11-20'").fetchone() == (0,)  # nothing from the future
        assert index_problems(connection) == []
    finally:
        connection.close()
