"""Qt's own strings (standard buttons, context menus) follow the interface language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from lettermanager.ui.app import install_qt_translator


@pytest.fixture
def translated(qapp, request):
    translators = []

    def install(language):
        translator = install_qt_translator(qapp, language)
        translators.append(translator)
        return translator

    yield install
    for translator in translators:
        if translator is not None:
            qapp.removeTranslator(translator)


@pytest.mark.parametrize(("language", "cancel", "yes"), [
    ("ru", "Отмена", "&Да"),
    ("uk", "Скасувати", "Т&ак"),
    ("fr", "Annuler", "&Oui"),
])
def test_standard_buttons_are_translated(translated, language, cancel, yes):
    assert translated(language) is not None
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == cancel
    assert QCoreApplication.translate("QPlatformTheme", "&Yes") == yes
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == cancel
    message = QMessageBox(QMessageBox.Icon.Question, "t", "q",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert message.button(QMessageBox.StandardButton.Yes).text() == yes


def test_english_needs_no_translator(translated):
    assert translated("en") is None
    assert QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel).button(
        QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
