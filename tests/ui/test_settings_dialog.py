"""Edit > Settings…: the dialog shows the saved settings and saves what is changed; the
saved language is used at start when no --lang is given."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from lettermanager import i18n
from lettermanager.store.service import Store
from lettermanager.store.settings import Settings, load_settings, save_settings
from lettermanager.ui import app as app_module
from lettermanager.ui.main_window import MainWindow
from lettermanager.ui.settings_dialog import SettingsDialog
from lettermanager.ui.worker import DatabaseWorker


@pytest.fixture
def worker(empty_db, data_paths):
    worker = DatabaseWorker(Store(empty_db, data_paths.settings))
    yield worker
    worker.stop()


def open_dialog(qtbot, worker):
    dialog = SettingsDialog(worker)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    return dialog


def test_settings_round_trip(qtbot, worker, data_paths):
    save_settings(data_paths.settings, Settings(user_name="Ксения", backups_daily=5))
    dialog = open_dialog(qtbot, worker)
    assert dialog.user_name.text() == "Ксения"
    assert dialog.backups_daily.value() == 5
    assert dialog.reply_days["electronic"].value() == 14  # the default
    assert dialog.language.currentData() is None  # "As the system"
    assert not dialog.language_note.isVisible()

    dialog.user_name.setText("  Ксения Кагарлицкая ")
    dialog.language.setCurrentIndex(dialog.language.findData("uk"))
    assert dialog.language_note.isVisible()
    assert "after LetterManager is restarted" in dialog.language_note.text()
    dialog.sender_address.setPlainText("Ксения Кагарлицкая\nул. Ленина, д. 1\nМосква 101000")
    dialog.reply_days["post"].setValue(60)
    dialog.contact_interval.setValue(21)
    dialog.backups_weekly.setValue(8)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save),
                         Qt.MouseButton.LeftButton)
    saved = load_settings(data_paths.settings)
    assert saved.user_name == "Ксения Кагарлицкая"
    assert saved.language == "uk"
    assert saved.sender_address.splitlines() == ["Ксения Кагарлицкая", "ул. Ленина, д. 1",
                                                 "Москва 101000"]
    assert (saved.reply_days["post"], saved.reply_days["electronic"]) == (60, 14)
    assert (saved.contact_interval_days, saved.backups_daily, saved.backups_weekly) == (21, 5, 8)

    again = open_dialog(qtbot, worker)
    assert again.language.currentData() == "uk"
    assert again.reply_days["post"].value() == 60


def test_a_store_without_a_settings_file_says_it_cannot_save(qtbot, empty_db):
    worker = DatabaseWorker(Store(empty_db))  # no settings path
    try:
        dialog = open_dialog(qtbot, worker)
        dialog.save()
        qtbot.waitUntil(dialog.problem.isVisible, timeout=5000)
        assert "could not be saved" in dialog.problem.text()
        assert dialog.isVisible()
    finally:
        worker.stop()


def test_ctrl_comma_opens_settings(qtbot, worker, data_paths):
    window = MainWindow(worker, data_paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert QKeySequence("Ctrl+,") in window.settings_action.shortcuts()
    assert window.settings_action in window.menuBar().actions()[1].menu().actions()
    window.settings_action.trigger()
    QApplication.processEvents()
    assert isinstance(window.settings_dialog, SettingsDialog)
    qtbot.waitUntil(lambda: window.settings_dialog.settings is not None, timeout=5000)
    window.settings_dialog.reject()


def test_the_saved_language_is_used_without_lang(data_paths):
    assert app_module.saved_language(data_paths) is None
    save_settings(data_paths.settings, Settings(language="ru"))
    assert app_module.saved_language(data_paths) == "ru"
    save_settings(data_paths.settings, Settings(language="xx"))  # hand-edited: ignored
    assert app_module.saved_language(data_paths) is None
    i18n.set_language("en")
