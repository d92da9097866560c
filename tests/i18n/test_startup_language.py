"""The window starts in --lang, else in the language saved in Settings, else the system's."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication

from lettermanager import i18n
from lettermanager.cli import build_parser
from lettermanager.ui import app as app_module


class _QuitAtOnce:
    """Stands in for the main window: the event loop ends as soon as it starts."""

    def __init__(self, worker, paths):
        self.paths = paths

    def show(self):
        QTimer.singleShot(0, QApplication.quit)


@pytest.fixture
def started(qapp, monkeypatch, tmp_path):
    qt_languages = []
    monkeypatch.setattr(app_module, "MainWindow", _QuitAtOnce)
    monkeypatch.setattr(app_module, "install_qt_translator",
                        lambda app, language: qt_languages.append(language))
    default_locale = QLocale()

    def start(*argv, saved=None):
        root = tmp_path / "data"
        root.mkdir(exist_ok=True)
        if saved is not None:
            (root / "settings.json").write_text(json.dumps({"language": saved}),
                                                encoding="utf-8")
        args = build_parser().parse_args(["--data-dir", str(root), "--no-seed", *argv])
        assert app_module.run_gui(args) == 0
        return i18n.current_language(), qt_languages[-1]

    yield start
    QLocale.setDefault(default_locale)
    i18n.set_language("en")


def test_the_saved_language_is_used_without_lang(started, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "uk")
    assert started(saved="fr") == ("fr", "fr")


def test_lang_overrides_the_saved_language(started):
    assert started("--lang", "ru", saved="fr") == ("ru", "ru")


def test_the_system_language_when_nothing_is_chosen(started, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "uk_UA:en")
    assert started() == ("uk", "uk")
    assert QLocale().language() == QLocale.Language.Ukrainian
