"""The Facilities page, driven through its widgets."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from lettermanager.domain.records import CustodyIn, FacilityIn, PrisonerIn
from lettermanager.store.models import Facility
from lettermanager.ui.facilities_page import FacilitiesPage, FacilityTableModel
from lettermanager.ui.worker import DatabaseWorker

ZELENOGRAD = "75dbd772-7b12-5319-9762-26126833d2a5"
COLONY = "4b0aabd1-b351-578d-85b9-c4f94d2dc962"  # Kagarlitsky is held there now
SYKTYVKAR = "fe47b6cf-cafc-57ce-8542-ce2890a3436b"


def settle(worker, rounds=6):
    """Let queued database operations finish and their callbacks (and follow-ups) run."""
    for _ in range(rounds):
        worker.call(lambda store: None)
        QApplication.processEvents()


class Answers:
    """Stands in for QMessageBox's static dialogs: records them, answers as told."""

    def __init__(self, monkeypatch, answer=QMessageBox.StandardButton.Yes):
        self.answer = answer
        self.questions: list[str] = []
        self.warnings: list[str] = []
        monkeypatch.setattr(QMessageBox, "question", self._question)
        monkeypatch.setattr(QMessageBox, "warning", self._warning)

    def _question(self, parent, title, text, *args, **kwargs):
        self.questions.append(text)
        return self.answer

    def _warning(self, parent, title, text, *args, **kwargs):
        self.warnings.append(text)
        return QMessageBox.StandardButton.Ok


@pytest.fixture
def page(qtbot, worker):
    page = FacilitiesPage(worker)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    settle(worker)
    return page


@pytest.fixture
def answers(monkeypatch):
    return Answers(monkeypatch)


def row_of(page, facility_id):
    source_row = page.model.row_of(facility_id)
    return page.proxy.mapFromSource(page.model.index(source_row, 0))


def click_row(qtbot, page, facility_id):
    index = row_of(page, facility_id)
    assert index.isValid()
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QApplication.processEvents()


def names(store):
    return sorted(f.name for f in store.facilities())


def test_lists_the_seed_facilities_with_who_is_held_there(page):
    assert page.model.rowCount() == 4
    assert page.list_stack.currentWidget() is page.table
    held = page.model.index(page.model.row_of(COLONY), FacilityTableModel.HELD).data()
    assert held == "Кагарлицкий Борис Юльевич"
    place = page.model.index(page.model.row_of(SYKTYVKAR), FacilityTableModel.PLACE).data()
    assert place == "Syktyvkar, Komi Republic"
    assert page.model.index(page.model.row_of(COLONY), FacilityTableModel.KIND).data() == \
        "Penal colony (IK)"
    assert page.count_label.text() == "4 facilities"


def test_filter_as_you_type(qtbot, page):
    qtbot.keyClicks(page.filter, "zeleno")
    assert page.proxy.rowCount() == 1
    assert page.count_label.text() == "1 of 4"
    page.filter.clear()
    page.filter.setText("Кагарлиц")  # matches who is held there
    assert page.proxy.rowCount() == 1
    page.filter.setText("xyz")
    assert page.list_stack.currentWidget() is page.no_match


def test_create_a_facility(qtbot, page, seeded_store):
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.title.text() == "New facility"
    page.form.name.setText("СИЗО-1 УФСИН России по Республике Коми")
    page.form.kind.setCurrentIndex(page.form.kind.findData("pretrial_detention"))
    page.form.country.setText("Россия")
    qtbot.keyClicks(page.form.postal_code, "167981")
    page.form.city.setText("Сыктывкар")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settle(page.worker)

    created = [f for f in seeded_store.facilities() if f.name.startswith("СИЗО-1")]
    assert len(created) == 1
    assert (created[0].kind, created[0].city, created[0].postal_code) == \
        ("pretrial_detention", "Сыктывкар", "167981")
    assert page.model.rowCount() == 5
    assert page.table.currentIndex().data(Qt.ItemDataRole.UserRole) == created[0].id
    assert not page.is_dirty()
    assert not page.save_button.isEnabled()


def test_edit_and_save_with_ctrl_s(qtbot, page, seeded_store):
    click_row(qtbot, page, ZELENOGRAD)
    assert page.form.name.text() == "Detention Centre No. 12, Zelenograd"
    page.form.postal_code.setFocus()
    qtbot.keyClicks(page.form.postal_code, "124460")
    assert page.is_dirty() and page.save_button.isEnabled()
    assert page.title.text().endswith("*")
    qtbot.keyClick(page.form.postal_code, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(page.worker)

    assert seeded_store.get(Facility, ZELENOGRAD).postal_code == "124460"
    assert not page.is_dirty()
    postcode = page.model.index(page.model.row_of(ZELENOGRAD), FacilityTableModel.POSTCODE)
    assert postcode.data() == "124460"


def test_bad_russian_postcode_is_shown_and_nothing_saved(qtbot, page, seeded_store):
    before = names(seeded_store)
    page.new_facility()
    page.form.name.setText("ИК-6")
    page.form.country.setText("Russia")
    qtbot.keyClicks(page.form.postal_code, "12345")
    page.save()
    settle(page.worker)

    assert "6-digit Russian postcode" in page.form.problem("postal_code")
    assert page.form.problem("name") == ""
    assert page.general_error.isVisibleTo(page)
    assert names(seeded_store) == before
    assert page.is_dirty()  # what was typed is still there to correct

    page.form.postal_code.setText("123456")
    page.save()
    settle(page.worker)
    assert page.form.problem("postal_code") == ""
    assert "ИК-6" in names(seeded_store)


def test_an_edit_rejected_by_the_store_changes_nothing(qtbot, page, seeded_store):
    page.show_facility(ZELENOGRAD)
    page.form.postal_code.setText("12-34")
    page.save()
    settle(page.worker)
    assert page.form.problem("postal_code")
    assert seeded_store.get(Facility, ZELENOGRAD).postal_code is None


def test_a_name_is_required(qtbot, page, seeded_store):
    before = names(seeded_store)
    page.new_facility()
    page.save()
    settle(page.worker)
    assert page.form.problem("name")
    assert names(seeded_store) == before


def test_delete_asks_first(qtbot, page, seeded_store, answers):
    spare = seeded_store.create(FacilityIn(name="Spare facility"))
    page.refresh()
    settle(page.worker)
    page.show_facility(spare.id)

    answers.answer = QMessageBox.StandardButton.No
    page.delete_selected()
    settle(page.worker)
    assert len(answers.questions) == 1 and "Spare facility" in answers.questions[0]
    assert "Spare facility" in names(seeded_store)

    answers.answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    settle(page.worker)
    assert "Spare facility" not in names(seeded_store)
    assert page.model.row_of(spare.id) == -1
    assert page.editor_stack.currentWidget() is page.no_selection


def test_refused_delete_shows_why(qtbot, page, seeded_store, answers):
    page.show_facility(COLONY)
    page.delete_selected()
    settle(page.worker)
    assert len(answers.warnings) == 1
    assert "cannot be deleted" in answers.warnings[0]
    assert "1 letter, 1 custody stay" in answers.warnings[0]
    assert seeded_store.get(Facility, COLONY) is not None


def test_switching_with_unsaved_changes_asks(qtbot, page, seeded_store, answers):
    click_row(qtbot, page, ZELENOGRAD)
    page.form.city.setText("Зеленоград")

    # Cancel: the edit stays, and so does the selection.
    answers.answer = QMessageBox.StandardButton.Cancel
    click_row(qtbot, page, SYKTYVKAR)
    qtbot.waitUntil(lambda: len(answers.questions) == 1)
    assert page.form.city.text() == "Зеленоград"
    assert page.table.currentIndex().data(Qt.ItemDataRole.UserRole) == ZELENOGRAD

    # Save: saved, then the other facility opens.
    answers.answer = QMessageBox.StandardButton.Save
    click_row(qtbot, page, SYKTYVKAR)
    qtbot.waitUntil(lambda: len(answers.questions) == 2)
    settle(page.worker)
    assert seeded_store.get(Facility, ZELENOGRAD).city == "Зеленоград"
    qtbot.waitUntil(lambda: page.form.city.text() == "Syktyvkar")

    # Discard: the edit is dropped.
    page.form.city.setText("Somewhere else")
    answers.answer = QMessageBox.StandardButton.Discard
    click_row(qtbot, page, ZELENOGRAD)
    qtbot.waitUntil(lambda: len(answers.questions) == 3)
    settle(page.worker)
    assert page.form.city.text() == "Зеленоград"
    assert seeded_store.get(Facility, SYKTYVKAR).city == "Syktyvkar"


def test_request_leave_without_changes_does_not_ask(qtbot, page, answers):
    page.show_facility(ZELENOGRAD)
    assert page.request_leave(lambda: None) is True
    page.form.region.setText("Москва")
    answers.answer = QMessageBox.StandardButton.Cancel
    assert page.request_leave(lambda: None) is False
    assert answers.questions


def test_held_prisoner_link_opens_the_prisoner(qtbot, page):
    page.show_facility(COLONY)
    assert "Кагарлицкий" in page.held.text()
    with qtbot.waitSignal(page.open_prisoner) as signal:
        page.held.linkActivated.emit("prisoner:72c787ca-3846-55fc-bd24-3dcad7826a3d")
    assert signal.args == ["72c787ca-3846-55fc-bd24-3dcad7826a3d"]


def test_the_list_follows_changes_made_elsewhere(qtbot, page, seeded_store):
    prisoner = seeded_store.create(PrisonerIn(full_name="Горинов Алексей"))
    seeded_store.create(CustodyIn(prisoner_id=prisoner.id, facility_id=ZELENOGRAD,
                                  start="2022-04"))
    page.worker.submit(lambda store: None, writes=True)  # announces data_changed
    settle(page.worker)
    held = page.model.index(page.model.row_of(ZELENOGRAD), FacilityTableModel.HELD).data()
    assert held == "Горинов Алексей"


def test_empty_database_shows_an_empty_state(qtbot, store):
    worker = DatabaseWorker(store)
    try:
        page = FacilitiesPage(worker)
        qtbot.addWidget(page)
        page.show()
        settle(worker)
        assert page.list_stack.currentWidget() is page.empty
        assert not page.editor_stack.isVisible()
        qtbot.mouseClick(page.empty.primary_button, Qt.MouseButton.LeftButton)
        assert page.editor_stack.isVisible()
        assert page.title.text() == "New facility"
    finally:
        worker.stop()
