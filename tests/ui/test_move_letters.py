"""After "Record a move": letters still in flight to the old facility are offered for
re-sending or marking lost; drafts written while the prisoner is in transit are held."""

import pytest
from PySide6.QtCore import Qt
from qt_helpers import settle

from lettermanager.domain.records import LetterIn
from lettermanager.store.models import Letter
from lettermanager.ui.in_flight_dialog import InFlightDialog
from lettermanager.ui.letter_editor import LetterEditor
from lettermanager.ui.prisoners_view import PrisonersPage
from lettermanager.ui.record_move_dialog import IN_TRANSIT

KAGARLITSKY = "72c787ca-3846-55fc-bd24-3dcad7826a3d"
COLONY = "4b0aabd1-b351-578d-85b9-c4f94d2dc962"  # his current stay
ZELENOGRAD = "75dbd772-7b12-5319-9762-26126833d2a5"


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)


@pytest.fixture
def page(qtbot, worker):
    page = PrisonersPage(worker)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    settle(worker)
    page.show_prisoner(KAGARLITSKY)
    settle(worker)
    return page


def sent_to_colony(worker, title):
    return worker.call(lambda store: store.create(LetterIn(
        prisoner_id=KAGARLITSKY, direction="outgoing", facility_id=COLONY, channel="post",
        status="sent", sent_on="2025-01-10", title=title, expects_reply=True)))


def record_move(qtbot, worker, page, facility, date_text):
    page.tabs.setCurrentIndex(page.CUSTODY)
    qtbot.mouseClick(page.custody.move_button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    settle(worker)
    dialog.facility.select(facility)
    qtbot.keyClicks(dialog.date, date_text)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    settle(worker)


def test_letters_in_flight_are_offered_for_resending(qtbot, worker, page):
    first = sent_to_colony(worker, "Письмо в колонию")
    second = sent_to_colony(worker, "Второе письмо")
    record_move(qtbot, worker, page, ZELENOGRAD, "01.02.2025")
    dialog = page.active_dialog
    assert isinstance(dialog, InFlightDialog)
    assert dialog.list.count() == 2
    assert set(dialog.checked_ids()) == {first.id, second.id}
    dialog.list.item([dialog.list.item(n).data(Qt.ItemDataRole.UserRole)
                      for n in range(2)].index(second.id)).setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.resend_button, Qt.MouseButton.LeftButton)
    settle(worker)
    assert page.active_dialog is None
    letters = worker.call(lambda store: store.prisoner_letters(KAGARLITSKY))
    copies = [x for x in letters if x.title == "Письмо в колонию" and x.id != first.id]
    assert [(c.status, c.facility_id) for c in copies] == [("draft", ZELENOGRAD)]
    assert "Re-sent on" in worker.call(lambda store: store.get(Letter, first.id)).notes
    assert not [x for x in letters if x.title == "Второе письмо" and x.id != second.id]


def test_marking_them_lost_and_no_dialog_without_letters(qtbot, worker, page):
    letter = sent_to_colony(worker, "Письмо в колонию")
    record_move(qtbot, worker, page, IN_TRANSIT, "01.02.2025")
    dialog = page.active_dialog
    assert isinstance(dialog, InFlightDialog)
    assert "held until the new facility is known" in dialog.resend_button.text()
    qtbot.mouseClick(dialog.lost_button, Qt.MouseButton.LeftButton)
    settle(worker)
    assert worker.call(lambda store: store.get(Letter, letter.id)).status == "lost"
    record_move(qtbot, worker, page, ZELENOGRAD, "01.03.2025")
    assert page.active_dialog is None  # nothing was in flight


def test_a_draft_while_in_transit_shows_why_it_is_held(qtbot, worker):
    worker.call(lambda store: store.record_move(KAGARLITSKY, None, "2025-02-01"))
    editor = LetterEditor(worker, prisoner_id=KAGARLITSKY)
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        editor.show()
    settle(worker)
    assert editor.held_label.isVisible()
    assert "Held as a draft: the prisoner is in transit (since 1 February 2025)" in \
        editor.held_label.text()
    editor.direction.setCurrentIndex(editor.direction.find_value("incoming"))  # as a user would
    assert not editor.held_label.isVisible()


def test_prisoner_page_shows_contact_and_saves_the_target(qtbot, worker, page):
    from datetime import date

    from lettermanager.store.models import Prisoner
    page.today = lambda: date(2025, 1, 15)
    worker.submit(lambda store: None, writes=True)  # the page reloads on a change
    settle(worker)
    assert page.contact.text() == ("Last contact 14 November 2024 · no contact for 62 days "
                                   "(target: every 30 days)")
    assert page.profile.contact_interval_days.text() == "as in the settings"
    page.profile.contact_interval_days.setValue(90)
    assert page.profile.is_dirty()
    page.profile.save_requested.emit()
    settle(worker)
    assert worker.call(lambda store: store.get(Prisoner, KAGARLITSKY)).contact_interval_days == 90
    assert "(target: every 90 days)" in page.contact.text()
