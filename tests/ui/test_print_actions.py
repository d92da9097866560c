"""The Print menus on the prisoner page and in the letter editor, driven through their actions."""

import json

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from lettermanager.ui.envelope_dialog import EnvelopeDialog
from lettermanager.ui.letter_editor import LetterEditor
from lettermanager.ui.prisoners_view import PrisonersPage

KAGARLITSKY = "72c787ca-3846-55fc-bd24-3dcad7826a3d"
SECOND_LETTER = "5b1bbd37-f78e-5935-a341-71020fd58516"


@pytest.fixture
def page(qtbot, worker):
    page = PrisonersPage(worker)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.show_prisoner(KAGARLITSKY)
    qtbot.waitUntil(lambda: page.print_button._prisoner_id() == KAGARLITSKY, timeout=5000)
    return page


@pytest.fixture
def messages(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a, **k: shown.append(text))
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a, **k: shown.append(text))
    return shown


def test_the_release_archive_action_writes_the_folder_and_names_it(qtbot, page, tmp_path,
                                                                   monkeypatch, messages):
    where = tmp_path / "handover"
    where.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(where))
    page.print_button.archive_action.trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    [folder] = list(where.iterdir())
    assert str(folder) in messages[0]
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert index["prisoner"]["id"] == KAGARLITSKY
    assert (folder / "correspondence.pdf").stat().st_size > 0


def test_the_correspondence_action_saves_a_pdf(qtbot, page, tmp_path, monkeypatch, messages):
    target = tmp_path / "all"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.print_button.correspondence_action.trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    assert (tmp_path / "all.pdf").stat().st_size > 0


def test_the_envelope_action_opens_the_dialog_for_the_shown_prisoner(qtbot, page):
    page.print_button.envelope_action.trigger()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, EnvelopeDialog)]
    assert [d.prisoner_id for d in dialogs] == [KAGARLITSKY]
    qtbot.waitUntil(lambda: dialogs[0].data is not None, timeout=5000)
    dialogs[0].close()


def test_the_letter_editor_saves_its_letter_as_pdf(qtbot, worker, tmp_path, monkeypatch,
                                                   messages):
    editor = LetterEditor(worker, letter_id=SECOND_LETTER)
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.loaded, timeout=5000):
        editor.show()
    target = tmp_path / "letter.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    editor.print_button.menu().aboutToShow.emit()
    assert editor.print_button.pdf_action.isEnabled()
    editor.print_button.pdf_action.trigger()
    qtbot.waitUntil(target.exists, timeout=10000)
    qtbot.waitUntil(lambda: target.stat().st_size > 1000, timeout=10000)
