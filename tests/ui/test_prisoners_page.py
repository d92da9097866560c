"""The Prisoners page, driven through its widgets."""

import sys
import types

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from lettermanager.domain.custody import Place
from lettermanager.domain.records import LetterIn, PrisonerIn
from lettermanager.store.models import CustodyStay, Prisoner
from lettermanager.store.service import Store
from lettermanager.ui.correspondence_thread import ThreadModel
from lettermanager.ui.prisoner_list_model import PrisonerListModel
from lettermanager.ui.prisoners_view import PrisonersPage
from lettermanager.ui.record_move_dialog import (
    IN_TRANSIT,
    NewFacilityDialog,
    RecordMoveDialog,
    StayDialog,
)
from lettermanager.ui.worker import DatabaseWorker

KAGARLITSKY = "72c787ca-3846-55fc-bd24-3dcad7826a3d"
MIFTAKHOV = "8edd3c52-6384-5f2d-a91b-d337d02f9679"
SKOCHILENKO = "fb1f50d7-25c4-5576-b451-f48e3b21e0ca"
COLONY = "4b0aabd1-b351-578d-85b9-c4f94d2dc962"
KSENIA_LETTER = "1228d9b6-f43f-5072-8917-47a8c6f0938b"
SECOND_LETTER = "5b1bbd37-f78e-5935-a341-71020fd58516"  # answers Ksenia's letter


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


def make_page(qtbot, worker):
    page = PrisonersPage(worker)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    settle(worker)
    return page


@pytest.fixture
def page(qtbot, worker):
    return make_page(qtbot, worker)


@pytest.fixture
def answers(monkeypatch):
    return Answers(monkeypatch)


def visible_names(page):
    return [page.proxy.index(row, PrisonerListModel.NAME).data()
            for row in range(page.proxy.rowCount())]


def click_row(qtbot, page, prisoner_id):
    index = page.proxy.mapFromSource(page.model.index(page.model.row_of(prisoner_id), 0))
    assert index.isValid()
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QApplication.processEvents()


def type_text(widget, text):
    """Type like a person, one key at a time (QTest cannot type Cyrillic letters)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))
    QApplication.processEvents()


def type_into(widget, text):
    widget.clear()
    type_text(widget, text)


# --- the list --------------------------------------------------------------------------------


def test_the_seed_list_opens_on_kagarlitsky(page):
    assert page.model.rowCount() == 4
    assert page.selected_prisoner_id() == KAGARLITSKY
    assert page.title.text() == "Кагарлицкий Борис Юльевич"
    assert "Penal colony (name not published)" in page.place.text()
    row = page.model.row_of(KAGARLITSKY)
    assert page.model.index(row, PrisonerListModel.PLACE).data() == \
        "Penal colony (name not published)"
    assert page.model.index(row, PrisonerListModel.LAST_LETTER).data() == "14 Nov 2024"
    assert page.count_label.text() == "4 prisoners"


def test_filter_as_you_type_in_cyrillic_and_latin(qtbot, page):
    type_text(page.filter, "кагар")
    assert visible_names(page) == ["Кагарлицкий Борис Юльевич"]
    type_into(page.filter, "SKOCH")
    assert visible_names(page) == ["Скочиленко Александра"]
    type_into(page.filter, "борис КАГАРЛИЦКИЙ")  # words in any order and case
    assert visible_names(page) == ["Кагарлицкий Борис Юльевич"]
    assert page.count_label.text() == "1 of 4 prisoners"
    type_into(page.filter, "azat")
    assert visible_names(page) == ["Мифтахов Азат"]
    type_into(page.filter, "xyz")
    assert page.proxy.rowCount() == 0
    assert page.list_stack.currentWidget() is page.no_match
    assert "xyz" in page.no_match.message()
    qtbot.keyClick(page.filter, Qt.Key.Key_Escape)
    assert page.filter.text() == ""
    assert page.proxy.rowCount() == 4
    assert page.list_stack.currentWidget() is page.table


def test_filter_matches_yo_as_ye(qtbot, worker, page):
    worker.call(lambda store: store.create(PrisonerIn(full_name="Семёнов Пётр")))
    page.refresh()
    settle(worker)
    type_text(page.filter, "семенов петр")
    assert visible_names(page) == ["Семёнов Пётр"]


def test_list_models_pass_the_model_tester(qtmodeltester, page):
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.correspondence.model)


def test_sorting_by_last_letter(page):
    page.table.sortByColumn(PrisonerListModel.LAST_LETTER, Qt.SortOrder.DescendingOrder)
    assert visible_names(page)[0] == "Кагарлицкий Борис Юльевич"


# --- the profile -----------------------------------------------------------------------------


def test_create_a_prisoner_through_the_form(qtbot, worker, page, seeded_store):
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.title.text() == "New prisoner"
    assert page.selected_prisoner_id() is None
    assert not page.tabs.isTabEnabled(page.CUSTODY)
    form = page.profile
    type_text(form.full_name, "Горинов Алексей Александрович")
    qtbot.keyClicks(form.latin_name, "Aleksei Gorinov")
    qtbot.keyClicks(form.birth_year, "1961")
    form.status.setCurrentIndex(form.status.findData("convicted"))
    qtbot.keyClicks(form.languages, "ru, EN")
    assert form.languages_hint.text() == "Russian, English"
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    settle(worker)

    saved = [p for p in seeded_store.prisoners() if p.latin_name == "Aleksei Gorinov"]
    assert len(saved) == 1
    prisoner = saved[0]
    assert (prisoner.full_name, prisoner.birth_year, prisoner.status, prisoner.languages) == \
        ("Горинов Алексей Александрович", 1961, "convicted", ["ru", "en"])
    assert page.selected_prisoner_id() == prisoner.id
    assert page.title.text() == "Горинов Алексей Александрович"
    assert page.tabs.isTabEnabled(page.CUSTODY)
    assert not form.is_dirty()
    assert page.model.rowCount() == 5


def test_validation_errors_show_next_to_the_fields_and_nothing_is_saved(
        qtbot, worker, page, seeded_store):
    page.new_prisoner()
    form = page.profile
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)  # no name at all
    settle(worker)
    assert "full name" in form.problem_text("full_name")
    type_text(form.full_name, "Новый Узник")
    qtbot.keyClicks(form.birth_year, "1850")
    qtbot.keyClicks(form.languages, "ru, russian")
    qtbot.keyClick(form.full_name, Qt.Key.Key_Return)  # Enter saves too
    settle(worker)
    assert "1900" in form.problem_text("birth_year")
    assert "russian" in form.problem_text("languages")
    assert form.problem_text("full_name") == ""
    assert len(seeded_store.prisoners()) == 4
    assert form.is_dirty()  # what was typed is still there
    assert form.full_name.text() == "Новый Узник"


def test_edit_save_and_revert(qtbot, worker, page, seeded_store):
    form = page.profile
    form.notes.setPlainText("Новые заметки")
    assert form.is_dirty()
    assert page.tabs.tabText(page.PROFILE).endswith("*")
    qtbot.mouseClick(form.revert_button, Qt.MouseButton.LeftButton)
    assert not form.is_dirty()
    assert form.notes.toPlainText().startswith("Sociologist")

    form.birth_year.setText("1959")
    qtbot.keyClick(form.notes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(worker)
    assert seeded_store.get(Prisoner, KAGARLITSKY).birth_year == 1959
    assert not form.is_dirty()
    assert "born 1959" in page.subtitle.text()


def test_cancel_a_new_prisoner_returns_to_the_one_shown(qtbot, page):
    page.new_prisoner()
    type_text(page.profile.full_name, "Передумал")
    qtbot.mouseClick(page.profile.revert_button, Qt.MouseButton.LeftButton)  # "Cancel"
    assert page.selected_prisoner_id() == KAGARLITSKY
    assert page.title.text() == "Кагарлицкий Борис Юльевич"


# --- unsaved changes -------------------------------------------------------------------------


def test_switching_with_unsaved_changes_can_be_cancelled(qtbot, page, answers, seeded_store):
    answers.answer = QMessageBox.StandardButton.Cancel
    page.profile.sentence.setPlainText("Изменено")
    click_row(qtbot, page, MIFTAKHOV)
    assert len(answers.questions) == 1
    assert "Кагарлицкий" in answers.questions[0]
    assert page.selected_prisoner_id() == KAGARLITSKY
    assert page.profile.prisoner_id == KAGARLITSKY
    assert page.profile.sentence.toPlainText() == "Изменено"
    assert seeded_store.get(Prisoner, KAGARLITSKY).sentence.startswith("December 2023")


def test_switching_with_unsaved_changes_can_discard(qtbot, worker, page, answers,
                                                    seeded_store):
    answers.answer = QMessageBox.StandardButton.Discard
    page.profile.sentence.setPlainText("Изменено")
    click_row(qtbot, page, MIFTAKHOV)
    settle(worker)
    assert page.selected_prisoner_id() == MIFTAKHOV
    assert page.profile.full_name.text() == "Мифтахов Азат"
    assert seeded_store.get(Prisoner, KAGARLITSKY).sentence.startswith("December 2023")


def test_switching_with_unsaved_changes_can_save(qtbot, worker, page, answers, seeded_store):
    answers.answer = QMessageBox.StandardButton.Save
    page.profile.sentence.setPlainText("Изменено")
    click_row(qtbot, page, MIFTAKHOV)
    settle(worker)
    assert seeded_store.get(Prisoner, KAGARLITSKY).sentence == "Изменено"
    assert page.selected_prisoner_id() == MIFTAKHOV
    assert page.profile.full_name.text() == "Мифтахов Азат"


def test_a_refused_save_keeps_the_prisoner_shown(qtbot, worker, page, answers, seeded_store):
    answers.answer = QMessageBox.StandardButton.Save
    page.profile.birth_year.setText("1800")
    click_row(qtbot, page, MIFTAKHOV)
    settle(worker)
    assert page.selected_prisoner_id() == KAGARLITSKY
    assert "1900" in page.profile.problem_text("birth_year")
    assert seeded_store.get(Prisoner, KAGARLITSKY).birth_year == 1958


def test_show_prisoner_without_changes_does_not_ask(worker, page, answers):
    page.show_prisoner(SKOCHILENKO)
    settle(worker)
    assert answers.questions == []
    assert page.selected_prisoner_id() == SKOCHILENKO
    assert page.title.text() == "Скочиленко Александра"


def test_show_prisoner_clears_a_filter_that_hides_it(qtbot, worker, page):
    type_text(page.filter, "кагар")
    page.show_prisoner(MIFTAKHOV)
    settle(worker)
    assert page.title.text() == "Мифтахов Азат"


# --- custody ---------------------------------------------------------------------------------


def open_move_dialog(qtbot, worker, page, release=False):
    page.tabs.setCurrentIndex(page.CUSTODY)
    button = page.custody.release_button if release else page.custody.move_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, RecordMoveDialog)
    settle(worker)
    assert dialog.facilities_loaded
    return dialog


def timeline_places(page):
    return [page.custody.place_text(row) for row in range(page.custody.table.rowCount())]


def test_the_custody_timeline_shows_stays_gaps_and_precision(page):
    assert timeline_places(page) == [
        "Pre-trial detention centre, Syktyvkar (unnamed in reports)",
        "Free",
        "Pre-trial detention centre, Moscow (unnamed in reports)",
        "Detention Centre No. 12, Zelenograd",
        "Penal colony (name not published)",
    ]
    table = page.custody.table
    assert table.item(0, page.custody.FROM).text() == "25 July 2023"
    assert table.item(0, page.custody.UNTIL).text() == "December 2023"
    assert table.item(4, page.custody.FROM).text() == "2024"
    assert table.item(4, page.custody.UNTIL).text() == "now"
    assert page.custody.selected_stay_id() is not None  # the current stay is selected
    assert "Eurasia Review" in page.custody.details.toPlainText()


def test_record_a_move_through_the_dialog(qtbot, worker, page, seeded_store):
    dialog = open_move_dialog(qtbot, worker, page)
    dialog.facility.select(IN_TRANSIT)
    qtbot.keyClicks(dialog.date, "15.01.2025")
    dialog.note.setPlainText("Этап")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    settle(worker)
    assert page.active_dialog is None  # closed (and deleted)
    assert timeline_places(page)[-2:] == ["Penal colony (name not published)",
                                         "In transit (etap) / whereabouts unknown"]
    table = page.custody.table
    assert table.item(5, page.custody.FROM).text() == "15 January 2025"
    assert table.item(4, page.custody.UNTIL).text() == "15 January 2025"
    assert "In transit" in page.place.text()
    row = page.model.prisoner(page.model.row_of(KAGARLITSKY))
    assert row.place is Place.IN_TRANSIT
    stays = seeded_store.custody_stays(KAGARLITSKY)
    assert (stays[-1].facility_id, stays[-1].start, stays[-1].note) == \
        (None, "2025-01-15", "Этап")


def test_a_refused_move_shows_the_reason_and_saves_nothing(qtbot, worker, page,
                                                          seeded_store):
    dialog = open_move_dialog(qtbot, worker, page)
    dialog.facility.select(dialog.facility.itemData(dialog.facility.count() - 3))
    qtbot.keyClicks(dialog.date, "2020")
    dialog.save()
    settle(worker)
    assert dialog.isVisible()
    assert "before the current stay began" in dialog.errors.message()
    assert len(seeded_store.custody_stays(KAGARLITSKY)) == 4


def test_the_move_dialog_needs_a_date_and_a_place(qtbot, worker, page, seeded_store):
    dialog = open_move_dialog(qtbot, worker, page)
    dialog.save()
    assert "date" in dialog.errors.message()
    assert "In transit" in dialog.errors.message()
    qtbot.keyClicks(dialog.date, "2025-0")  # not finished
    dialog.facility.select(COLONY)
    dialog.save()
    settle(worker)
    assert "not complete" in dialog.errors.message()
    assert dialog.isVisible()
    assert len(seeded_store.custody_stays(KAGARLITSKY)) == 4


def test_record_a_release(qtbot, worker, page, seeded_store):
    dialog = open_move_dialog(qtbot, worker, page, release=True)
    assert dialog.is_release()
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).text() == "Record release"
    qtbot.keyClicks(dialog.date, "2025-02")
    dialog.save()
    settle(worker)
    assert page.active_dialog is None
    assert seeded_store.current_place(KAGARLITSKY).place is Place.FREE
    assert seeded_store.get(Prisoner, KAGARLITSKY).status == "released"
    assert page.place.text() == "Free since February 2025"
    assert "Released" in page.subtitle.text()
    assert not page.custody.release_button.isEnabled()


def test_a_new_facility_from_the_move_dialog(qtbot, worker, page, seeded_store):
    dialog = open_move_dialog(qtbot, worker, page)

    def fill_in():
        facility_dialog = QApplication.activeModalWidget()
        assert isinstance(facility_dialog, NewFacilityDialog)
        facility_dialog.name.setText("ИК-6 Копейск")
        facility_dialog.save()

    QTimer.singleShot(0, fill_in)
    dialog.facility.new_facility_requested.emit()  # "New facility…" chosen
    settle(worker)
    created = [f for f in seeded_store.facilities() if f.name == "ИК-6 Копейск"]
    assert len(created) == 1 and created[0].kind == "penal_colony"
    assert dialog.facility.choice() == created[0].id
    qtbot.keyClicks(dialog.date, "2025-03")
    dialog.save()
    settle(worker)
    assert seeded_store.current_facility(KAGARLITSKY).name == "ИК-6 Копейск"


def test_edit_a_stay(qtbot, worker, page, seeded_store):
    page.tabs.setCurrentIndex(page.CUSTODY)
    page.custody.table.selectRow(3)  # Zelenograd, "2024" – "2024"
    stay_id = page.custody.selected_stay_id()
    qtbot.mouseClick(page.custody.edit_button, Qt.MouseButton.LeftButton)
    settle(worker)
    dialog = page.active_dialog
    assert isinstance(dialog, StayDialog)
    assert dialog.start.text() == "2024"
    type_into(dialog.start, "2024-03")
    dialog.save()
    settle(worker)
    assert seeded_store.get(CustodyStay, stay_id).start == "2024-03"
    assert page.custody.table.item(3, page.custody.FROM).text() == "March 2024"


def test_delete_a_stay_asks_first(qtbot, worker, page, answers, seeded_store):
    page.tabs.setCurrentIndex(page.CUSTODY)
    page.custody.table.selectRow(0)
    answers.answer = QMessageBox.StandardButton.No
    qtbot.mouseClick(page.custody.delete_button, Qt.MouseButton.LeftButton)
    settle(worker)
    assert len(seeded_store.custody_stays(KAGARLITSKY)) == 4
    answers.answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(page.custody.delete_button, Qt.MouseButton.LeftButton)
    settle(worker)
    assert "Syktyvkar" in answers.questions[-1]
    assert len(seeded_store.custody_stays(KAGARLITSKY)) == 3
    assert len(timeline_places(page)) == 3  # the stay and the free gap after it are gone


# --- correspondence --------------------------------------------------------------------------


def test_the_thread_shows_reply_links_that_open_letters(qtbot, worker, page):
    page.tabs.setCurrentIndex(page.CORRESPONDENCE)
    QApplication.processEvents()
    view = page.correspondence.view
    model: ThreadModel = page.correspondence.model
    assert model.rowCount() == 5
    assert page.tabs.tabText(page.CORRESPONDENCE) == "Correspondence (5)"
    row = model.row_of(SECOND_LETTER)
    assert model.row_of(KSENIA_LETTER) == row - 1
    view.scrollTo(model.index(row, 0))
    QApplication.processEvents()
    links = view.link_rects(row)
    assert [letter_id for _rect, letter_id in links] == [KSENIA_LETTER]
    geometry = view.thread_delegate.layout(model.items()[row], view.visualRect(
        model.index(row, 0)), view.font())
    assert "Answers the letter of 2024" in geometry.links[0][2]
    with qtbot.waitSignal(page.open_letter) as opened:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=links[0][0].center())
    assert opened.args == [KSENIA_LETTER]

    answered = view.link_rects(model.row_of(KSENIA_LETTER))
    assert [letter_id for _rect, letter_id in answered] == [SECOND_LETTER]


def test_double_click_or_enter_opens_a_letter(qtbot, page):
    page.tabs.setCurrentIndex(page.CORRESPONDENCE)
    QApplication.processEvents()
    view = page.correspondence.view
    index = view.model().index(0, 0)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(page.open_letter) as opened:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    first = view.model().items()[0].letter.id
    assert opened.args == [first]
    view.setCurrentIndex(view.model().index(4, 0))
    with qtbot.waitSignal(page.open_letter) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [view.model().items()[4].letter.id]


def test_outgoing_and_incoming_cards_sit_on_opposite_sides(page):
    page.tabs.setCurrentIndex(page.CORRESPONDENCE)
    QApplication.processEvents()
    view = page.correspondence.view
    model = page.correspondence.model
    cards = {}
    for row, item in enumerate(model.items()):
        geometry = view.thread_delegate.layout(item, view.visualRect(model.index(row, 0)),
                                               view.font())
        cards[item.letter.direction] = geometry.card
    assert cards["outgoing"].right() > cards["incoming"].right()
    assert cards["outgoing"].left() > cards["incoming"].left()


def test_new_letter_to_this_prisoner_opens_the_editor(qtbot, page, monkeypatch):
    made = []

    class Editor(QWidget):
        def __init__(self, worker, letter_id=None, prisoner_id=None, parent=None):
            super().__init__(parent)
            made.append(prisoner_id)

    module = types.ModuleType("lettermanager.ui.letter_editor")
    module.LetterEditor = Editor
    monkeypatch.setitem(sys.modules, "lettermanager.ui.letter_editor", module)
    page.tabs.setCurrentIndex(page.CORRESPONDENCE)
    qtbot.mouseClick(page.correspondence.new_button, Qt.MouseButton.LeftButton)
    assert made == [KAGARLITSKY]


def test_a_prisoner_without_letters_shows_an_empty_thread(worker, page):
    page.show_prisoner(MIFTAKHOV)
    settle(worker)
    assert page.correspondence.stack.currentWidget() is page.correspondence.empty
    assert page.custody.stack.currentWidget() is page.custody.empty
    assert not page.custody.release_button.isEnabled()


# --- deleting and reloading ------------------------------------------------------------------


def test_a_prisoner_with_letters_cannot_be_deleted(worker, page, answers, seeded_store):
    page.delete_selected()
    settle(worker)
    assert answers.questions == []
    assert len(answers.warnings) == 1
    assert "5 letters" in answers.warnings[0]
    assert seeded_store.get(Prisoner, KAGARLITSKY)


def test_delete_a_prisoner_without_letters(worker, page, answers, seeded_store):
    page.show_prisoner(MIFTAKHOV)
    settle(worker)
    answers.answer = QMessageBox.StandardButton.No
    page.delete_selected()
    settle(worker)
    assert len(seeded_store.prisoners()) == 4
    answers.answer = QMessageBox.StandardButton.Yes
    page.delete_selected()
    settle(worker)
    assert "Мифтахов Азат" in answers.questions[-1]
    assert MIFTAKHOV not in [p.id for p in seeded_store.prisoners()]
    assert page.model.rowCount() == 3
    assert page.selected_prisoner_id() is not None  # a neighbour is shown


def test_reload_keeps_the_selection_and_shows_new_letters(worker, page):
    page.show_prisoner(SKOCHILENKO)
    settle(worker)
    worker.submit(lambda store: store.create(LetterIn(
        prisoner_id=SKOCHILENKO, direction="outgoing", title="Привет", written_on="2025-01",
        expects_reply=True)), writes=True)
    settle(worker)
    assert page.selected_prisoner_id() == SKOCHILENKO
    row = page.model.prisoner(page.model.row_of(SKOCHILENKO))
    assert (row.letter_count, row.awaiting_reply) == (1, 1)
    assert page.correspondence.model.rowCount() == 1
    assert "1 awaiting a reply" in page.correspondence.summary.text()


def test_a_reload_does_not_overwrite_unsaved_edits(worker, page):
    page.profile.notes.setPlainText("Черновик заметок")
    worker.submit(lambda store: store.record_move(KAGARLITSKY, None, "2025-05"), writes=True)
    settle(worker)
    assert page.profile.notes.toPlainText() == "Черновик заметок"
    assert page.profile.is_dirty()
    assert timeline_places(page)[-1] == "In transit (etap) / whereabouts unknown"


def test_empty_database_shows_one_empty_state(qtbot, store):
    worker = DatabaseWorker(store)
    try:
        page = make_page(qtbot, worker)
        assert page.page_stack.currentWidget() is page.empty
        assert page.empty.message() == "No prisoners yet"
        qtbot.mouseClick(page.empty.primary_button, Qt.MouseButton.LeftButton)
        assert page.page_stack.currentWidget() is page.splitter
        assert page.title.text() == "New prisoner"
        type_text(page.profile.full_name, "Первый Узник")
        page.save()
        settle(worker)
        assert [p.full_name for p in Store(store.db).prisoners()] == ["Первый Узник"]
        assert page.selected_prisoner_id() is not None
    finally:
        worker.stop()


def test_state_is_saved_and_restored(qtbot, worker, page, tmp_path):
    settings = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    page.splitter.setSizes([500, 850])
    page.table.horizontalHeader().resizeSection(PrisonerListModel.STATUS, 130)
    page.tabs.setCurrentIndex(page.CORRESPONDENCE)
    page.save_state(settings)
    settings.sync()

    other = make_page(qtbot, worker)
    other.restore_state(QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat))
    assert other.table.horizontalHeader().sectionSize(PrisonerListModel.STATUS) == 130
    assert other.tabs.currentIndex() == other.CORRESPONDENCE
    assert abs(other.splitter.sizes()[0] - 500) <= 2


def test_delete_in_the_timeline_deletes_the_stay_not_the_prisoner(qtbot, worker, page, answers,
                                                                 seeded_store):
    page.tabs.setCurrentIndex(page.CUSTODY)
    page.activateWindow()
    page.custody.table.selectRow(3)
    page.custody.table.setFocus()
    qtbot.waitUntil(page.custody.table.hasFocus)
    page.delete_selected()  # what the window's Delete action calls
    settle(worker)
    assert "Zelenograd" in answers.questions[-1]
    assert len(seeded_store.custody_stays(KAGARLITSKY)) == 3
    assert seeded_store.get(Prisoner, KAGARLITSKY)
